// Exports stored traces: every trace matching an export query (the list's filters, or named
// traces), read one trace at a time and written by the format's writer (src/shared/export), so
// an export of the whole store streams in the memory of its largest trace. The HTTP route, the
// CLI and the desktop app's save dialog all write through exportText.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ExportQuery } from '../../shared/api';
import { createTraceTextWriter } from '../../shared/export/trace-writers';
import type { TraceReader } from '../store/trace-reader';

export interface ExportCounts {
  traces: number;
  spans: number;
  bytes: number;
}

// Small traces are joined into chunks of about this size: one write per trace cost more than
// the writing itself for traces of a few spans.
const CHUNK_CHARS = 256 * 1024;
const SEARCH_PAGE = 1000;

/** The export's text in chunks; `counts` fills in as they are taken. */
export function* exportText(reader: TraceReader, query: ExportQuery, counts: ExportCounts = { traces: 0, spans: 0, bytes: 0 }): Generator<string> {
  const writer = createTraceTextWriter(query.format);
  let pending = writer.start();
  for (const traceId of matchingTraceIds(reader, query)) {
    const groups = reader.trace(traceId);
    if (groups === null) continue; // deleted since the search
    pending += writer.trace(groups);
    counts.traces++;
    for (const group of groups) counts.spans += group.spans.length;
    if (pending.length >= CHUNK_CHARS) {
      counts.bytes += Buffer.byteLength(pending);
      yield pending;
      pending = '';
    }
  }
  pending += writer.end();
  counts.bytes += Buffer.byteLength(pending);
  yield pending;
}

/** The ids of the traces to export, in the query's order, a search page at a time. */
function* matchingTraceIds(reader: TraceReader, query: ExportQuery): Generator<string> {
  const { format: _format, limit, ...filters } = query;
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  let after: string | undefined;
  while (remaining > 0) {
    const pageSize = Math.min(SEARCH_PAGE, remaining);
    const page = reader.search({ ...filters, limit: pageSize, after });
    for (const summary of page) yield summary.traceId;
    remaining -= page.length;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.traceId;
  }
}

/** Writes the export to a file (gzip-compressed when its name ends in .gz). */
export async function exportToFile(reader: TraceReader, query: ExportQuery, path: string): Promise<ExportCounts> {
  const counts: ExportCounts = { traces: 0, spans: 0, bytes: 0 };
  const source = Readable.from(exportText(reader, query, counts));
  if (path.endsWith('.gz')) await pipeline(source, createGzip(), createWriteStream(path));
  else await pipeline(source, createWriteStream(path));
  return counts;
}

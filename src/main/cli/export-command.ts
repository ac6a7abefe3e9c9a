// `tracedeck export [TRACE_ID...]`: writes stored traces to a file or stdout, either the named
// traces or every trace matching the same filters as the API's search (service, operation,
// duration, errors, attributes, time), in any export format. A running `tracedeck serve` on the
// same database keeps running (WAL: this only reads).
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportQuerySchema, firstIssueText, type ExportQueryInput } from '../../shared/api';
import { EXPORT_FORMAT_INFO, formatForFileName, type ExportFormat } from '../../shared/export/trace-writer';
import { defaultDatabasePath } from '../core/data-dir';
import { exportText, exportToFile, type ExportCounts } from '../export/trace-export';
import { openDatabase } from '../store/database';
import { TraceReader } from '../store/trace-reader';

export interface ExportFlags {
  db?: string;
  /** Absent: read from the output file's name (formatForFileName), else OTLP/JSON. */
  format?: ExportFormat;
  output?: string;
  service?: string;
  operation?: string;
  minDuration?: number;
  maxDuration?: number;
  errors?: boolean;
  attr: string[];
  since?: number;
  start?: number;
  end?: number;
  sort: 'newest' | 'slowest';
  limit?: number;
}

export async function runExport(traceIds: string[], flags: ExportFlags): Promise<void> {
  const databasePath = flags.db ?? defaultDatabasePath();
  if (databasePath !== ':memory:' && !existsSync(databasePath)) throw new Error(`no database at ${databasePath} (give the one to read with --db)`);
  const input: ExportQueryInput = {
    format: flags.format ?? (flags.output !== undefined ? formatForFileName(flags.output) : 'otlp'),
    service: flags.service,
    operation: flags.operation,
    minDurationMs: flags.minDuration,
    maxDurationMs: flags.maxDuration,
    status: flags.errors ? 'error' : 'any',
    attr: flags.attr,
    start: flags.since !== undefined ? Date.now() - flags.since : flags.start,
    end: flags.end,
    sort: flags.sort,
    limit: flags.limit,
    traceId: traceIds.length > 0 ? traceIds : undefined,
  };
  const parsed = exportQuerySchema.safeParse(input);
  if (!parsed.success) throw new Error(firstIssueText(parsed.error));
  const query = parsed.data;
  const db = openDatabase({ path: databasePath });
  try {
    const reader = new TraceReader(db);
    const counts: ExportCounts = { traces: 0, spans: 0, bytes: 0 };
    if (flags.output !== undefined) Object.assign(counts, await exportToFile(reader, query, flags.output));
    else await pipeline(Readable.from(exportText(reader, query, counts)), process.stdout);
    const missing = (query.traceId ?? []).filter((id) => reader.summary(id) === null);
    for (const id of missing) console.error(`tracedeck: no trace ${id} is stored`);
    const where = flags.output ?? 'stdout';
    console.error(`Exported ${counts.traces} traces (${counts.spans} spans) as ${EXPORT_FORMAT_INFO[query.format].label} to ${where}`);
    if (missing.length > 0) process.exitCode = 1;
  } finally {
    db.close();
  }
}

// Reading a trace file (gunzipped when it starts with the gzip magic) into decoded batches, and
// what the summary of an import counts of them. Runs in the import worker (import-worker.ts).
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DecodedBatch } from '../../shared/model';
import { serviceNameOf } from '../../shared/model';
import { ImportError, type ImportNotes } from '../../shared/import/import-report';
import type { TraceFileFormat } from '../../shared/import/importers';
import type { ImportProgress } from '../../shared/import/import-summary';
import { createTraceFileReader } from '../../shared/import/trace-file-reader';

const MAX_TRACE_IDS = 10_000;
const READ_CHUNK_BYTES = 1024 * 1024;

export interface TraceFile {
  path: string;
  totalBytes: number;
  compressed: boolean;
}

/** Streams the file (gunzipped when it starts with the gzip magic) through a trace file reader. */
export async function readTraceFile(
  { path, totalBytes, compressed }: TraceFile,
  notes: ImportNotes,
  onProgress: (progress: ImportProgress) => void,
  sink: (batch: DecodedBatch) => void | Promise<void>,
): Promise<TraceFileFormat> {
  const file = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  let bytesRead = 0;
  let spansRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const source: Readable = compressed ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => source.destroy(error));
  const reader = createTraceFileReader(notes);
  const deliver = async (batches: DecodedBatch[]) => {
    for (const batch of batches) {
      if (batch.spanCount === 0) continue;
      spansRead += batch.spanCount;
      await sink(batch);
    }
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      await deliver(reader.push(chunk));
      onProgress({ phase: 'importing', bytesRead, totalBytes, spansRead });
    }
    await deliver(reader.end());
  } catch (error) {
    if (compressed && (error as { code?: string }).code?.startsWith('Z_')) {
      throw new ImportError(`offset ${bytesRead}`, `the gzip data is damaged (${(error as Error).message})`);
    }
    throw error;
  } finally {
    file.destroy();
  }
  onProgress({ phase: 'importing', bytesRead: totalBytes, totalBytes, spansRead });
  return reader.format!;
}

export function startsWithGzipMagic(path: string): boolean {
  const head = Buffer.alloc(2);
  const handle = openSync(path, 'r');
  try {
    readSync(handle, head, 0, 2, 0);
  } finally {
    closeSync(handle);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** What an import's summary says of the spans it read. */
export class SummaryBuilder {
  spans = 0;
  private readonly traceIds = new Set<string>();
  private readonly services = new Set<string>();
  private start: bigint | null = null;
  private end: bigint | null = null;

  add(batch: DecodedBatch): void {
    this.spans += batch.spanCount;
    for (const group of batch.groups) {
      this.services.add(serviceNameOf(group.resource));
      for (const span of group.spans) {
        this.traceIds.add(span.traceId);
        if (span.startTimeUnixNano > 0n && (this.start === null || span.startTimeUnixNano < this.start)) this.start = span.startTimeUnixNano;
        if (span.endTimeUnixNano > 0n && (this.end === null || span.endTimeUnixNano > this.end)) this.end = span.endTimeUnixNano;
      }
    }
  }

  summary() {
    return {
      spans: this.spans,
      traces: this.traceIds.size,
      services: [...this.services].sort(),
      startUnixNano: this.start?.toString() ?? null,
      endUnixNano: this.end?.toString() ?? null,
      traceIds: [...this.traceIds].slice(0, MAX_TRACE_IDS),
    };
  }
}

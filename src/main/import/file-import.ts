// Imports a trace file into the store: OTLP JSON / NDJSON / protobuf, Jaeger or Zipkin JSON, each
// optionally gzip-compressed (src/shared/import reads the formats). The file is read once and
// stored as it converts, through the same queue and writer as OTLP requests, so that
// re-importing a file adds no span twice (the store ignores exact re-deliveries) and live
// traffic keeps flowing meanwhile. A file that turns out not to convert, or an import that is
// cancelled, imports nothing: the writer takes back every span the import stored (ADR 0009).
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import type { DecodedBatch } from '../../shared/model';
import { serviceNameOf } from '../../shared/model';
import { ImportError, ImportNotes } from '../../shared/import/import-report';
import type { TraceFileFormat } from '../../shared/import/importers';
import type { ImportProgress, ImportSummary } from '../../shared/import/import-summary';
import { createTraceFileReader } from '../../shared/import/trace-file-reader';
import type { IngestQueue } from '../ingest/ingest-queue';

export type { ImportProgress, ImportSummary };

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

const MAX_TRACE_IDS = 10_000;
// Spans handed to the writer and not yet committed; more waits, so memory stays bounded.
const MAX_SPANS_IN_FLIGHT = 8192;
const READ_CHUNK_BYTES = 1024 * 1024;
const QUEUE_FULL_RETRY_MS = 20;

export class ImportCancelledError extends Error {
  constructor() {
    super('the import was cancelled; nothing was imported');
    this.name = 'ImportCancelledError';
  }
}

export async function importTraceFile(path: string, queue: IngestQueue, options: ImportOptions = {}): Promise<ImportSummary> {
  const totalBytes = statSync(path).size;
  const file = { path, totalBytes, compressed: startsWithGzipMagic(path) };
  const notes = new ImportNotes();
  const seen = new SummaryBuilder();
  const store = new Storing(queue);
  let format: TraceFileFormat;
  try {
    format = await readFile(file, notes, options, async (batch) => {
      seen.add(batch);
      await store.add(batch);
    });
    await store.finish();
  } catch (error) {
    await store.takeBack(error);
    throw error;
  }
  store.keep();
  return { format, compressed: file.compressed, bytes: totalBytes, ...seen.summary(), report: notes.report() };
}

/**
 * Batches handed to the ingest queue under one tag, with at most MAX_SPANS_IN_FLIGHT spans not
 * yet committed; kept when the import succeeds, taken back when it does not.
 */
class Storing {
  private readonly tag: number;
  private readonly inFlight = new Set<Promise<void>>();
  private waiting = 0;
  private failure: unknown = null;

  constructor(private readonly queue: IngestQueue) {
    this.tag = queue.openTag();
  }

  async add(batch: DecodedBatch): Promise<void> {
    while (this.waiting > 0 && this.waiting + batch.spanCount > MAX_SPANS_IN_FLIGHT && this.failure === null) await Promise.race(this.inFlight);
    // Live traffic may have filled the queue: an import waits for room rather than failing.
    while (this.failure === null && !this.queue.hasRoomFor(batch.spanCount)) {
      await (this.inFlight.size > 0 ? Promise.race(this.inFlight) : delay(QUEUE_FULL_RETRY_MS));
    }
    if (this.failure !== null) throw this.failure;
    // Only the count is kept until the commit: a closure over the batch held its spans for
    // that long, and they lived on into the old generation.
    const spans = batch.spanCount;
    this.waiting += spans;
    const write: Promise<void> = this.queue.submit(batch, this.tag).then(
      () => this.done(write, spans),
      (error: unknown) => {
        this.failure = error;
        this.done(write, spans);
      },
    );
    this.inFlight.add(write);
  }

  /** Resolves when everything handed over is committed; throws what failed. */
  async finish(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure !== null) throw this.failure;
  }

  keep(): void {
    this.queue.keep(this.tag);
  }

  /** Once what was handed over has settled, deletes what of it was stored. */
  async takeBack(cause: unknown): Promise<void> {
    await Promise.all(this.inFlight);
    try {
      await this.queue.takeBack(this.tag);
    } catch (error) {
      // The import failed and so did deleting what it stored: say both.
      if (cause instanceof Error) cause.message += `; the spans stored before that could not be deleted (${(error as Error).message})`;
    }
  }

  private done(write: Promise<void>, spans: number): void {
    this.waiting -= spans;
    this.inFlight.delete(write);
  }
}

/** Streams the file (gunzipped when it starts with the gzip magic) through a trace file reader. */
async function readFile(
  { path, totalBytes, compressed }: { path: string; totalBytes: number; compressed: boolean },
  notes: ImportNotes,
  options: ImportOptions,
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
      if (options.signal?.aborted) throw new ImportCancelledError();
      await deliver(reader.push(chunk));
      options.onProgress?.({ phase: 'importing', bytesRead, totalBytes, spansRead });
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
  options.onProgress?.({ phase: 'importing', bytesRead: totalBytes, totalBytes, spansRead });
  return reader.format!;
}

function startsWithGzipMagic(path: string): boolean {
  const head = Buffer.alloc(2);
  const handle = openSync(path, 'r');
  try {
    readSync(handle, head, 0, 2, 0);
  } finally {
    closeSync(handle);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

class SummaryBuilder {
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

// Imports a trace file into the store: OTLP JSON / NDJSON / protobuf, Jaeger or Zipkin JSON, each
// optionally gzip-compressed (src/shared/import reads the formats). First all of the file is
// checked to convert (a file that cannot be read imports nothing), then it goes into the store
// through the same queue and writer as OTLP requests, so that re-importing a file adds no span
// twice (the store ignores exact re-deliveries) and live traffic keeps flowing meanwhile. A small
// file is stored from what the check converted; a big one is streamed a second time (ADR 0009).
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import type { DecodedBatch } from '../../shared/model';
import { serviceNameOf } from '../../shared/model';
import { ImportError, ImportNotes, type ImportReport } from '../../shared/import/import-report';
import type { TraceFileFormat } from '../../shared/import/importers';
import type { ImportProgress, ImportSummary } from '../../shared/import/import-summary';
import { createTraceFileReader } from '../../shared/import/trace-file-reader';
import type { IngestQueue } from '../ingest/ingest-queue';

export type { ImportProgress, ImportSummary };

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Files of up to this many bytes and spans are read once (defaults MAX_HELD_FILE_BYTES, MAX_HELD_SPANS; tests lower them). */
  maxHeldFileBytes?: number;
  maxHeldSpans?: number;
}

const MAX_TRACE_IDS = 10_000;
// Spans handed to the writer and not yet committed; more waits, so memory stays bounded.
const MAX_SPANS_IN_FLIGHT = 8192;
// Files read once: what the check converted is kept and stored from memory. Spans are ~2-3 KB
// each as objects; a file of up to MAX_HELD_FILE_BYTES (~40,000 spans of the benchmark's ~1.2 KB)
// costs ~100 MB, and past MAX_HELD_SPANS (a file of small spans) the kept spans are let go.
const MAX_HELD_FILE_BYTES = 48 * 1024 * 1024;
const GZIP_RATIO_GUESS = 8;
const MAX_HELD_SPANS = 40_000;
const READ_CHUNK_BYTES = 1024 * 1024;
const QUEUE_FULL_RETRY_MS = 20;

export class ImportCancelledError extends Error {
  constructor(readonly spansImported: number) {
    super(spansImported === 0 ? 'the import was cancelled; nothing was imported' : `the import was cancelled after ${spansImported} spans`);
    this.name = 'ImportCancelledError';
  }
}

export async function importTraceFile(path: string, queue: IngestQueue, options: ImportOptions = {}): Promise<ImportSummary> {
  const totalBytes = statSync(path).size;
  const file = { path, totalBytes, compressed: startsWithGzipMagic(path) };
  // Pass 1: everything converts, or nothing is imported. What it converted is kept while it is
  // small, and then stored without reading the file again; past that it is let go, and checking
  // goes on without the id repairs, which cannot fail.
  // Holding is decided up front from the file's size: holding a big file's first spans only to
  // drop them cost its import 25 % more time and 200 MB more memory (100 MB of NDJSON).
  const maxBytes = options.maxHeldFileBytes ?? MAX_HELD_FILE_BYTES;
  const holdable = totalBytes <= (file.compressed ? maxBytes / GZIP_RATIO_GUESS : maxBytes);
  let notes = new ImportNotes(!holdable);
  let seen = new SummaryBuilder();
  let held: DecodedBatch[] | null = holdable ? [] : null;
  let heldSpans = 0;
  const format = await readFile(file, 'checking', notes, options, (batch) => {
    if (held === null) return;
    held.push(batch);
    heldSpans += batch.spanCount;
    seen.add(batch);
    if (heldSpans > (options.maxHeldSpans ?? MAX_HELD_SPANS)) {
      held = null;
      notes.onlyCheckFromHere();
    }
  });
  const store = new Storing(queue);
  try {
    if (held !== null) {
      // Pass 2 from memory: progress counts spans stored, shown as the share of the file.
      const heldBatches: DecodedBatch[] = held;
      let stored = 0;
      for (const batch of heldBatches) {
        if (options.signal?.aborted) throw new ImportCancelledError(store.submitted);
        await store.add(batch);
        stored += batch.spanCount;
        options.onProgress?.({ phase: 'importing', bytesRead: Math.round((totalBytes * stored) / Math.max(1, heldSpans)), totalBytes, spansRead: stored });
      }
    } else {
      // Pass 2 over the file again, storing as it converts.
      notes = new ImportNotes();
      seen = new SummaryBuilder();
      const summary = seen;
      await readFile(file, 'importing', notes, options, async (batch) => {
        summary.add(batch);
        await store.add(batch);
      });
    }
    await store.finish();
  } catch (error) {
    await store.settle();
    if (error instanceof ImportCancelledError) throw new ImportCancelledError(store.submitted);
    throw error;
  }
  return { format, compressed: file.compressed, bytes: totalBytes, ...seen.summary(), report: notes.report() };
}

/** Batches handed to the ingest queue with at most MAX_SPANS_IN_FLIGHT spans not yet committed. */
class Storing {
  submitted = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private waiting = 0;
  private failure: unknown = null;

  constructor(private readonly queue: IngestQueue) {}

  async add(batch: DecodedBatch): Promise<void> {
    while (this.waiting > 0 && this.waiting + batch.spanCount > MAX_SPANS_IN_FLIGHT && this.failure === null) await Promise.race(this.inFlight);
    // Live traffic may have filled the queue: an import waits for room rather than failing.
    while (this.failure === null && !this.queue.hasRoomFor(batch.spanCount)) {
      await (this.inFlight.size > 0 ? Promise.race(this.inFlight) : delay(QUEUE_FULL_RETRY_MS));
    }
    if (this.failure !== null) throw this.failure;
    this.waiting += batch.spanCount;
    this.submitted += batch.spanCount;
    const write: Promise<void> = this.queue.submit(batch).then(
      () => this.done(write, batch.spanCount),
      (error: unknown) => {
        this.failure = error;
        this.done(write, batch.spanCount);
      },
    );
    this.inFlight.add(write);
  }

  /** Resolves when everything handed over is committed; throws what failed. */
  async finish(): Promise<void> {
    await this.settle();
    if (this.failure !== null) throw this.failure;
  }

  /** Waits for what was handed over, whatever its outcome. */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private done(write: Promise<void>, spans: number): void {
    this.waiting -= spans;
    this.inFlight.delete(write);
  }
}

/** Streams the file (gunzipped when it starts with the gzip magic) through a trace file reader. */
async function readFile(
  { path, totalBytes, compressed }: { path: string; totalBytes: number; compressed: boolean },
  phase: ImportProgress['phase'],
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
      if (options.signal?.aborted) throw new ImportCancelledError(0);
      await deliver(reader.push(chunk));
      options.onProgress?.({ phase, bytesRead, totalBytes, spansRead });
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
  options.onProgress?.({ phase, bytesRead: totalBytes, totalBytes, spansRead });
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

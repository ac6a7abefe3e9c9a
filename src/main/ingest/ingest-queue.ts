// Group commit: each request is acknowledged after its spans are durable, without paying a
// commit (and an index write-back) per request. The writer takes everything waiting as soon as
// it is free; what arrives while it writes goes together in the next transaction, so
// transactions grow with the load by themselves (research §2.2: commits of 5-10k rows are 2-4x
// faster than 1k). A fixed delay before writing only added latency: with 8 exporters in flight
// it capped ingest at 21k spans/s with both threads a third idle (measured with bench/ingest.ts).
//
// Overload is explicit: past `maxPendingSpans` waiting, submit() refuses at once with an
// OverloadedError, which receivers turn into RESOURCE_EXHAUSTED / 429 + Retry-After, instead of
// queueing without bound.
import type { DecodedBatch } from '../../shared/model';
import type { TraceUpdate } from '../../shared/api';
import { prepareBatch, type PreparedBatch } from '../store/prepared-batch';
import type { WriteResult } from '../store/span-writer';

export class OverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Tracedeck is writing as fast as it can; retry later');
    this.name = 'OverloadedError';
  }
}

export class QueueClosedError extends Error {
  constructor() {
    super('Tracedeck is shutting down');
    this.name = 'QueueClosedError';
  }
}

export interface IngestQueueOptions {
  /** With the writer idle, write as soon as this many spans wait... */
  flushSpans: number;
  /** ...or when the oldest has waited this long. */
  maxDelayMs: number;
  /** Refuse new batches while this many spans wait. */
  maxPendingSpans: number;
}

export const DEFAULT_INGEST_OPTIONS: IngestQueueOptions = {
  flushSpans: 1,
  maxDelayMs: 0,
  maxPendingSpans: 200_000,
};

interface Pending {
  batch: PreparedBatch;
  spanCount: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Writes batches in one transaction, resolving once committed (on the writer thread). */
export type BatchWriter = (batches: PreparedBatch[]) => Promise<WriteResult>;

export class IngestQueue {
  private pending: Pending[] = [];
  private pendingSpans = 0;
  // One write at a time: batches arriving meanwhile wait and go in the next, larger, transaction.
  private inFlight: Promise<void> | null = null;
  private inFlightSpans = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly listeners = new Set<(updates: TraceUpdate[]) => void>();
  private readonly options: IngestQueueOptions;
  /** Totals since start, for the status bar. */
  spansStored = 0;
  /** Spans received again that were already stored (SDK retries, re-sent files). */
  spansDuplicate = 0;

  constructor(
    private readonly writeBatches: BatchWriter,
    options: Partial<IngestQueueOptions> = {},
  ) {
    this.options = { ...DEFAULT_INGEST_OPTIONS, ...options };
  }

  /** Resolves once every span of the batch is committed (or was already stored). */
  submit(batch: DecodedBatch): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (batch.spanCount === 0) return Promise.resolve();
    if (this.waitingSpans + batch.spanCount > this.options.maxPendingSpans && this.waitingSpans > 0) {
      return Promise.reject(new OverloadedError(1));
    }
    // Row preparation (JSON, search terms) happens here, on the receiving thread.
    const prepared = prepareBatch(batch);
    return new Promise((resolve, reject) => {
      this.pending.push({ batch: prepared, spanCount: batch.spanCount, resolve, reject });
      this.pendingSpans += batch.spanCount;
      if (this.pendingSpans >= this.options.flushSpans) this.scheduleFlush(0);
      else this.scheduleFlush(this.options.maxDelayMs);
    });
  }

  /** Called with the traces each committed flush created or changed. Returns the unsubscribe. */
  onCommit(listener: (updates: TraceUpdate[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Spans accepted and not yet committed. */
  get waitingSpans(): number {
    return this.pendingSpans + this.inFlightSpans;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer !== null) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delayMs);
  }

  /** Starts writing everything waiting now, unless a write is in flight (then it follows it). */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inFlight !== null || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.inFlightSpans = this.pendingSpans;
    this.pendingSpans = 0;
    this.inFlight = this.writeBatches(batch.map((p) => p.batch)).then(
      (result) => {
        this.spansStored += result.stored;
        this.spansDuplicate += result.duplicates;
        for (const p of batch) p.resolve();
        if (result.updates.length > 0) this.emit(result.updates);
        this.afterWrite();
      },
      (error: Error) => {
        for (const p of batch) p.reject(error);
        this.afterWrite();
      },
    );
  }

  private afterWrite(): void {
    this.inFlight = null;
    this.inFlightSpans = 0;
    if (this.pending.length === 0) return;
    // These batches already waited for a whole write: no reason to wait longer.
    this.flush();
  }

  private emit(updates: TraceUpdate[]): void {
    for (const listener of this.listeners) {
      try {
        listener(updates);
      } catch (error) {
        console.error('tracedeck: a trace update listener failed:', error);
      }
    }
  }

  /** Stops accepting, writes what was accepted, and resolves when it is committed. */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    while (this.inFlight !== null) await this.inFlight;
  }
}

// Admission to the span store. A decoded request is prepared (rows, search terms) here on the
// receiving thread and handed to the writer at once; it resolves when its spans are committed
// (group commit: store/group-commit.ts).
//
// Overload is explicit: past `maxPendingSpans` accepted but not yet committed, submit()
// refuses at once with an OverloadedError, which receivers turn into a retryable answer (gRPC
// UNAVAILABLE, HTTP 429 + Retry-After), instead of queueing without bound.
import type { TraceUpdate } from '../../shared/api';
import type { DecodedBatch } from '../../shared/model';
import { prepareBatch, type PreparedBatch } from '../store/prepared-batch';
import type { SpanStoreWriter } from '../store/writer-thread';

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
  /** Refuse new batches while this many spans wait to be committed (~500 B each in memory). */
  maxPendingSpans: number;
}

export const DEFAULT_INGEST_OPTIONS: IngestQueueOptions = { maxPendingSpans: 200_000 };

export class IngestQueue {
  private waiting = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly listeners = new Set<(updates: TraceUpdate[]) => void>();
  private readonly options: IngestQueueOptions;
  private nextTag = 1;
  /** Totals since start, for the status bar. */
  spansStored = 0;
  /** Spans received again that were already stored (SDK retries, re-sent files). */
  spansDuplicate = 0;

  constructor(
    private readonly writer: SpanStoreWriter,
    options: Partial<IngestQueueOptions> = {},
  ) {
    this.options = { ...DEFAULT_INGEST_OPTIONS, ...options };
    writer.onCommit((result) => {
      this.spansStored += result.stored;
      this.spansDuplicate += result.duplicates;
      if (result.updates.length > 0) this.emit(result.updates);
    });
  }

  /** Resolves once every span of the batch is committed (or was already stored). */
  submit(batch: DecodedBatch): Promise<void> {
    const refused = this.refusal(batch.spanCount);
    if (refused) return Promise.reject(refused);
    if (batch.spanCount === 0) return Promise.resolve();
    return this.track(batch.spanCount, this.writer.write(prepareBatch(batch)));
  }

  /**
   * submit() for a batch prepared elsewhere (the import worker). Batches given a tag (openTag)
   * can be taken back together until the tag is kept.
   */
  submitPrepared(batch: PreparedBatch): Promise<void> {
    const refused = this.refusal(batch.spans.length);
    return refused ? Promise.reject(refused) : this.track(batch.spans.length, this.writer.write(batch));
  }

  private refusal(spans: number): Error | null {
    if (this.closed) return new QueueClosedError();
    return this.hasRoomFor(spans) ? null : new OverloadedError(1);
  }

  private track(spans: number, write: Promise<void>): Promise<void> {
    this.waiting += spans;
    const tracked: Promise<void> = write.then(
      (): void => this.settle(tracked, spans),
      (): void => this.settle(tracked, spans),
    );
    this.inFlight.add(tracked);
    return write;
  }

  /** A tag for a file import's batches: what they store stays only if the import keeps it. */
  openTag(): number {
    return this.nextTag++;
  }

  /**
   * Deletes what the tag's batches stored (call once they have all settled); live views hear of
   * the traces that changed or went.
   */
  async takeBack(tag: number): Promise<void> {
    // spansStored stays: it counts what was received (the status bar's "spans received").
    const { updates } = await this.writer.takeBack(tag);
    if (updates.length > 0) this.emit(updates);
  }

  /** The tag's batches stay stored for good. */
  keep(tag: number): void {
    this.writer.keep(tag);
  }

  /** Whether submit() would take this many spans now (a file import waits for room instead of failing). */
  hasRoomFor(spans: number): boolean {
    return this.waiting === 0 || this.waiting + spans <= this.options.maxPendingSpans;
  }

  private settle(tracked: Promise<void>, spans: number): void {
    this.waiting -= spans;
    this.inFlight.delete(tracked);
  }

  /** Called with the traces each commit created or changed. Returns the unsubscribe. */
  onCommit(listener: (updates: TraceUpdate[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Spans accepted and not yet committed. */
  get waitingSpans(): number {
    return this.waiting;
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

  /** Stops accepting and resolves when everything accepted is committed (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.inFlight);
  }
}

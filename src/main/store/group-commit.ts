// Group commit, next to the SpanWriter (on the writer thread, or inline for :memory:): each
// request's batch is acknowledged after its spans are durable, without a commit per request.
// Whatever arrives while a transaction runs is written together in the next one, so
// transactions grow with the load by themselves (research §2.2: commits of 5-10k rows are
// 2-4x faster than 1k). Requests are posted to the writer as soon as they are decoded, so the
// receiving thread holds no batch while it waits: holding them there cost 10 us of garbage
// collection per span (objects promoted to the old generation), measured with bench/ingest.ts.
//
// Under a steady stream of small requests (the Collector testbed's 10k spans/s in 100-span
// requests) a commit per request writes ~4.5 KB of WAL per span, because every commit rewrites
// one leaf of each per-trace search table per service and operation it touches. So a commit
// starts at most every `minIntervalMs` unless `commitAtSpans` are already waiting: an idle
// store still commits at once (the previous commit is long past), a saturated one never waits
// (its commits take longer than the interval), and only the steady middle trades a few ms of
// acknowledgement latency for fewer, larger commits (see docs/adr/0006).
import type { PreparedBatch } from './prepared-batch';
import type { SpanWriter, WriteResult } from './span-writer';

export interface CommitOutcome {
  /** The ids of the batches this transaction wrote. */
  ids: number[];
  result?: WriteResult;
  error?: string;
}

export interface GroupCommitOptions {
  /** Holds every transaction this long before writing (tests use it to fill the queue). */
  delayMs?: number;
  /** The least time between the starts of two commits, unless commitAtSpans are waiting. */
  minIntervalMs?: number;
  /** Commits without waiting for minIntervalMs once this many spans wait. */
  commitAtSpans?: number;
}

export const DEFAULT_MIN_COMMIT_INTERVAL_MS = 50;
export const DEFAULT_COMMIT_AT_SPANS = 4096;

export class GroupCommitter {
  private waiting: { id: number; batch: PreparedBatch }[] = [];
  private waitingSpans = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private lastCommitStart = Number.NEGATIVE_INFINITY;
  private readonly delayMs: number;
  private readonly minIntervalMs: number;
  private readonly commitAtSpans: number;

  constructor(
    private readonly writer: SpanWriter,
    private readonly committed: (outcome: CommitOutcome) => void,
    options: GroupCommitOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 0;
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_COMMIT_INTERVAL_MS;
    this.commitAtSpans = options.commitAtSpans ?? DEFAULT_COMMIT_AT_SPANS;
  }

  enqueue(id: number, batch: PreparedBatch): void {
    this.waiting.push({ id, batch });
    this.waitingSpans += batch.spans.length;
    if (this.immediate) return;
    if (this.delayMs > 0) {
      this.timer ??= setTimeout(() => this.commit(), this.delayMs);
      return;
    }
    const wait = this.lastCommitStart + this.minIntervalMs - performance.now();
    if (wait > 0 && this.waitingSpans < this.commitAtSpans) {
      this.timer ??= setTimeout(() => this.commit(), wait);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // setImmediate runs after the messages already queued for this thread are delivered, so
    // they all join this transaction.
    this.immediate = setImmediate(() => this.commit());
  }

  /** Writes everything waiting now (also called on close). */
  commit(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    this.waitingSpans = 0;
    this.lastCommitStart = performance.now();
    const ids = waiting.map((w) => w.id);
    try {
      this.committed({ ids, result: this.writer.writePrepared(waiting.map((w) => w.batch)) });
    } catch (error) {
      this.committed({ ids, error: (error as Error).message });
    }
  }
}

// Group commit, next to the SpanWriter (on the writer thread, or inline for :memory:): each
// request's batch is acknowledged after its spans are durable, without a commit per request.
// Whatever arrives while a transaction runs is written together in the next one, so
// transactions grow with the load by themselves (research §2.2: commits of 5-10k rows are
// 2-4x faster than 1k). Requests are posted to the writer as soon as they are decoded, so the
// receiving thread holds no batch while it waits: holding them there cost 10 us of garbage
// collection per span (objects promoted to the old generation), measured with bench/ingest.ts.
import type { PreparedBatch } from './prepared-batch';
import type { SpanWriter, WriteResult } from './span-writer';

export interface CommitOutcome {
  /** The ids of the batches this transaction wrote. */
  ids: number[];
  result?: WriteResult;
  error?: string;
}

export class GroupCommitter {
  private waiting: { id: number; batch: PreparedBatch }[] = [];
  private scheduled = false;

  constructor(
    private readonly writer: SpanWriter,
    private readonly committed: (outcome: CommitOutcome) => void,
    /** Waits this long before writing (tests use it to hold a batch); 0 writes on the next turn. */
    private readonly delayMs = 0,
  ) {}

  enqueue(id: number, batch: PreparedBatch): void {
    this.waiting.push({ id, batch });
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the messages already queued for this thread are delivered, so
    // they all join this transaction.
    if (this.delayMs > 0) setTimeout(() => this.commit(), this.delayMs);
    else setImmediate(() => this.commit());
  }

  /** Writes everything waiting now (also called on close). */
  commit(): void {
    this.scheduled = false;
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    const ids = waiting.map((w) => w.id);
    try {
      this.committed({ ids, result: this.writer.writePrepared(waiting.map((w) => w.batch)) });
    } catch (error) {
      this.committed({ ids, error: (error as Error).message });
    }
  }
}

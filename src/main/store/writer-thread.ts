// Where the SpanWriter runs. A database file gets its own writer thread (ThreadedWriter); an
// in-memory database cannot be shared between threads, so `--db :memory:` writes on the calling
// thread (InlineWriter). Both take batches prepared on the receiving thread (or the import worker).
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-script';
import type { Db } from './connection';
import { GroupCommitter, type CommitOutcome, type GroupCommitOptions } from './group-commit';
import type { PreparedBatch } from './prepared-batch';
import { TakeBackTotal, type TakeBackResult } from './span-take-back';
import { SpanWriter, type WriteResult } from './span-writer';
import type { WriterReply, WriterRequest, WriterWorkerData } from './writer-protocol';

export interface SpanStoreWriter {
  /** Resolves once the batch is committed (rejects if the transaction failed). */
  write(batch: PreparedBatch): Promise<void>;
  /** Called after every transaction with what it stored. */
  onCommit(listener: (result: WriteResult) => void): void;
  /** Deletes what the batches written with this tag stored (after writing any still waiting). */
  takeBack(tag: number): Promise<TakeBackResult>;
  /** What the batches written with this tag stored stays; the writer forgets their rows. */
  keep(tag: number): void;
  /** Writes what was accepted, checkpoints and closes the writer's connection. */
  close(): Promise<void>;
}

/** Matches the writer's answers (commits, take-backs) to the calls waiting for them. */
abstract class CommitTracker implements SpanStoreWriter {
  private readonly waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  private listener: (result: WriteResult) => void = () => {};
  private nextId = 1;
  protected failure: Error | null = null;

  write(batch: PreparedBatch): Promise<void> {
    return this.request((id) => this.send(id, batch));
  }

  onCommit(listener: (result: WriteResult) => void): void {
    this.listener = listener;
  }

  takeBack(tag: number): Promise<TakeBackResult> {
    return this.request((id) => this.sendTakeBack(id, tag));
  }

  abstract keep(tag: number): void;

  abstract close(): Promise<void>;

  protected abstract send(id: number, batch: PreparedBatch): void;

  protected abstract sendTakeBack(id: number, tag: number): void;

  /** Sends a request under a new id; settles when answer(id) is called. */
  private request<T>(send: (id: number) => void): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      send(id);
    });
  }

  private answer(id: number, error: Error | null, value?: unknown): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (error) waiting?.reject(error);
    else waiting?.resolve(value as never);
  }

  protected tookBack(id: number, result: TakeBackResult | undefined, error: string | undefined): void {
    this.answer(id, result ? null : new Error(`the span store could not take back an import's spans: ${error}`), result);
  }

  protected committed(outcome: CommitOutcome): void {
    const error = outcome.error === undefined ? null : new Error(`the span store could not write: ${outcome.error}`);
    for (const id of outcome.ids) this.answer(id, error);
    if (outcome.result) this.listener(outcome.result);
  }

  protected fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

export class InlineWriter extends CommitTracker {
  private readonly writer: SpanWriter;
  private readonly committer: GroupCommitter;

  constructor(db: Db, commit: GroupCommitOptions = {}) {
    super();
    this.writer = new SpanWriter(db);
    this.committer = new GroupCommitter(this.writer, (outcome) => this.committed(outcome), commit);
  }

  protected send(id: number, batch: PreparedBatch): void {
    this.committer.enqueue(id, batch);
  }

  protected sendTakeBack(id: number, tag: number): void {
    this.committer.commit();
    try {
      const taken = new TakeBackTotal();
      for (let done = false; !done; ) {
        const part = this.writer.takeBack(tag);
        taken.add(part);
        done = part.done;
      }
      this.tookBack(id, taken.result(), undefined);
    } catch (error) {
      this.tookBack(id, undefined, (error as Error).message);
    }
  }

  keep(tag: number): void {
    this.writer.keep(tag);
  }

  async close(): Promise<void> {
    this.committer.commit();
  }
}

export class ThreadedWriter extends CommitTracker {
  private readonly worker: Worker;
  private readonly checkpointer: Worker;
  private closing: ((error?: string) => void) | null = null;

  constructor(data: WriterWorkerData) {
    super();
    const start = (role: 'writer' | 'checkpointer') =>
      startWorker('writer-worker', new URL('./writer-worker.ts', import.meta.url), { workerData: { ...data, role } });
    this.worker = start('writer');
    this.checkpointer = start('checkpointer');
    this.checkpointer.on('error', (error) => console.error(`tracedeck: the checkpointer thread failed: ${error.message}`));
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'committed') this.committed(reply.outcome);
      else if (reply.type === 'tookBack') this.tookBack(reply.id, reply.result, reply.error);
      else this.closing?.(reply.error);
    });
    this.worker.on('error', (error) => this.fail(new Error(`the span store's writer thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`the span store's writer thread exited (code ${code})`)));
  }

  protected send(id: number, batch: PreparedBatch): void {
    const request: WriterRequest = { type: 'write', id, batch };
    this.worker.postMessage(request);
  }

  protected sendTakeBack(id: number, tag: number): void {
    this.worker.postMessage({ type: 'takeBack', id, tag } satisfies WriterRequest);
  }

  keep(tag: number): void {
    this.worker.postMessage({ type: 'keep', tag } satisfies WriterRequest);
  }

  async close(): Promise<void> {
    // The checkpointer goes first, so the writer's final checkpoint can truncate the WAL.
    await new Promise<void>((resolve) => {
      this.checkpointer.once('message', () => resolve());
      this.checkpointer.once('exit', () => resolve());
      this.checkpointer.postMessage({ type: 'close' } satisfies WriterRequest);
    });
    await this.checkpointer.terminate();
    if (this.failure) return;
    // Messages are handled in order: every write posted before this is committed first.
    const error = await new Promise<string | undefined>((resolve) => {
      this.closing = resolve;
      this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    });
    await this.worker.terminate();
    if (error) throw new Error(`the span store did not close cleanly: ${error}`);
  }
}

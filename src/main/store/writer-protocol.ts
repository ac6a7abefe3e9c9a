// Messages between the ingest queue and the writer thread.
import type { CommitOutcome, GroupCommitOptions } from './group-commit';
import type { PreparedBatch } from './prepared-batch';

export interface WriterWorkerData {
  path: string;
  nativeBinding?: string;
  commit: GroupCommitOptions;
  /** The same script runs the writer and the checkpointer thread. */
  role?: 'writer' | 'checkpointer';
}

export type WriterRequest = { type: 'write'; id: number; batch: PreparedBatch } | { type: 'close' };

export type WriterReply = { type: 'committed'; outcome: CommitOutcome } | { type: 'closed'; error?: string };

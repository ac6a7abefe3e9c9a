// Messages between the ingest queue and the writer thread.
import type { CommitOutcome, GroupCommitOptions } from './group-commit';
import type { PreparedBatch } from './prepared-batch';
import type { TakeBackResult } from './span-take-back';

export interface WriterWorkerData {
  path: string;
  nativeBinding?: string;
  commit: GroupCommitOptions;
  /** The same script runs the writer and the checkpointer thread. */
  role?: 'writer' | 'checkpointer';
}

export type WriterRequest =
  | { type: 'write'; id: number; batch: PreparedBatch }
  | { type: 'takeBack'; id: number; tag: number }
  | { type: 'keep'; tag: number }
  | { type: 'close' };

export type WriterReply =
  | { type: 'committed'; outcome: CommitOutcome }
  | { type: 'tookBack'; id: number; result?: TakeBackResult; error?: string }
  | { type: 'closed'; error?: string };

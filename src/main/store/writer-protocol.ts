// Messages between the ingest queue and the writer thread.
import type { PreparedBatch } from './prepared-batch';
import type { WriteResult } from './span-writer';

export interface WriterWorkerData {
  path: string;
  nativeBinding?: string;
}

export type WriterRequest = { type: 'write'; id: number; batches: PreparedBatch[] } | { type: 'close'; id: number };

export type WriterReply = { id: number; result: WriteResult | null } | { id: number; error: string };

// Messages between importTraceFile (file-import.ts) and the import worker (import-worker.ts).
import type { ImportReport } from '../../shared/import/import-report';
import type { TraceFileFormat } from '../../shared/import/importers';
import type { ImportProgress, ImportSummary } from '../../shared/import/import-summary';
import type { PreparedBatch } from '../store/prepared-batch';
import type { TraceFile } from './read-trace-file';

export interface ImportWorkerData {
  file: TraceFile;
  /** The tag the batches carry (IngestQueue.openTag). */
  tag: number;
}

export type ImportWorkerMessage =
  | { type: 'batch'; batch: PreparedBatch; spans: number }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; format: TraceFileFormat; summary: Omit<ImportSummary, 'format' | 'compressed' | 'bytes' | 'report'>; report: ImportReport }
  | { type: 'failed'; error: { name: string; message: string; where?: string; code?: string } };

/** The batch's spans are committed (or failed): the worker may read on. */
export type ImportControlMessage = { type: 'settled'; spans: number };

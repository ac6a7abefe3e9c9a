// What an import tells whoever started it, on every way in (CLI, HTTP, the app): its progress
// while it runs and the summary when it is done. Plain JSON, so it crosses IPC and HTTP as is.
import type { ImportReport } from './import-report';
import type { TraceFileFormat } from './importers';

export interface ImportProgress {
  /** The file is read and stored in one pass (the app adds a phase of its own, uploading). */
  phase: 'importing';
  /** Bytes of the file read (compressed bytes for a gzip file). */
  bytesRead: number;
  totalBytes: number;
  spansRead: number;
}

export interface ImportSummary {
  format: TraceFileFormat;
  compressed: boolean;
  bytes: number;
  /** Spans converted and handed to the store (exact re-deliveries of stored spans are kept once). */
  spans: number;
  traces: number;
  services: string[];
  /** Earliest start and latest end, unix ns as decimal strings; null when no span has a time. */
  startUnixNano: string | null;
  endUnixNano: string | null;
  /** The imported traces' ids (the first 10,000), for links to them. */
  traceIds: string[];
  report: ImportReport;
}

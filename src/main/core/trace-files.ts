// Trace files in and out of the store: imports go through the ingest queue like OTLP requests
// (so live traffic keeps flowing and the list updates as they commit), exports read the store
// a trace at a time. The HTTP routes, the desktop app's dialogs and drops all use this object.
import type { ExportQuery } from '../../shared/api';
import { exportText, exportToFile, type ExportCounts } from '../export/trace-export';
import { importTraceFile, type ImportOptions, type ImportSummary } from '../import/file-import';
import type { IngestQueue } from '../ingest/ingest-queue';
import type { TraceReader } from '../store/trace-reader';

export class TraceFiles {
  constructor(
    private readonly reader: TraceReader,
    private readonly queue: IngestQueue,
  ) {}

  hasTrace(traceId: string): boolean {
    return this.reader.summary(traceId) !== null;
  }

  importFile(path: string, options: ImportOptions = {}): Promise<ImportSummary> {
    return importTraceFile(path, this.queue, options);
  }

  exportText(query: ExportQuery, counts?: ExportCounts): Generator<string> {
    return exportText(this.reader, query, counts);
  }

  exportToFile(query: ExportQuery, path: string): Promise<ExportCounts> {
    return exportToFile(this.reader, query, path);
  }
}

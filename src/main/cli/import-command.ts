// `tracedeck import FILE...`: imports trace files into the default (or --db) database, printing
// a summary per file. Exits non-zero when any file could not be imported; the other files are
// imported all the same. A running `tracedeck serve` on the same database sees the new traces.
import { IngestQueue } from '../ingest/ingest-queue';
import { defaultDatabasePath } from '../core/data-dir';
import { ImportCancelledError, importTraceFile, type ImportProgress, type ImportSummary } from '../import/file-import';
import { openDatabase } from '../store/database';
import { InlineWriter, ThreadedWriter, type SpanStoreWriter } from '../store/writer-thread';
import { FORMAT_NAMES } from '../../shared/import/importers';
import { formatImportSummary } from '../../shared/import/summary-text';

export interface ImportFlags {
  db?: string;
}

export async function runImport(files: string[], flags: ImportFlags): Promise<void> {
  const databasePath = flags.db ?? defaultDatabasePath();
  const db = openDatabase({ path: databasePath });
  const writer: SpanStoreWriter = databasePath === ':memory:' ? new InlineWriter(db) : new ThreadedWriter({ path: databasePath, commit: {} });
  const queue = new IngestQueue(writer);
  // Ctrl+C stops the import between chunks: what it had stored is taken back, the database closed.
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let failed = 0;
  try {
    for (const file of files) {
      try {
        const summary: ImportSummary = await importTraceFile(file, queue, { onProgress: progressLine(file), signal: cancel.signal });
        clearProgressLine();
        console.log(`${file}: ${FORMAT_NAMES[summary.format]}${summary.compressed ? ', gzip' : ''}`);
        for (const line of formatImportSummary(summary)) console.log(`  ${line}`);
      } catch (error) {
        clearProgressLine();
        failed++;
        const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        console.error(`${file}: not imported: ${message}`);
        if (error instanceof ImportCancelledError) break;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await queue.close();
    await writer.close();
    db.close();
  }
  console.log(`Database: ${databasePath}`);
  if (failed > 0) process.exitCode = 1;
}

// On a terminal, one line that rewrites itself shows how far a big file is; logs and pipes get
// only the summaries.
const PROGRESS_INTERVAL_MS = 250;
let progressShown = false;

function progressLine(file: string): ((progress: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return ({ phase, bytesRead, totalBytes, spansRead }) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    const percent = totalBytes > 0 ? Math.floor((100 * bytesRead) / totalBytes) : 100;
    process.stderr.write(`\r\x1b[K${file}: ${phase} ${percent} %, ${spansRead} spans`);
    progressShown = true;
  };
}

function clearProgressLine(): void {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
}

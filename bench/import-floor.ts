// What a trace file import cannot go below, part by part, each part measured alone on the file
// the import benchmark reads:
// - JSON.parse: the file decoded from UTF-8 and parsed by V8's JSON.parse, nothing else (each
//   line of NDJSON; the whole text of a JSON document), the least any JavaScript importer pays;
// - reading: the import's own reader (stream, UTF-8, JSON, conversion to the domain model) and
//   row preparation, with nothing stored;
// - store: SpanWriter transactions of those rows into a fresh database, 8,192 spans each.
// The import reads and stores on two threads, so it is at most as fast as the slower of the two;
// on two cores it is at most 2 / (JSON.parse + store) even if everything else were free.
//
//   node --import ./bench/support/register-raw-loader.mjs --import tsx bench/import-floor.ts \
//     '{"file":"FILE","db":"/tmp/floor.db"}'     (prints one JSON line; bench/import.ts runs it)
import { readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTraceFile } from '../src/main/import/read-trace-file';
import { openDatabase } from '../src/main/store/database';
import { prepareBatch, type PreparedBatch } from '../src/main/store/prepared-batch';
import { SpanWriter } from '../src/main/store/span-writer';
import { ImportNotes } from '../src/shared/import/import-report';
import { fmt } from './support/stats';

const SPANS_PER_TRANSACTION = 8192;

export interface ImportFloor {
  spans: number;
  /** CPU per span of each part, us. */
  jsonParse: number;
  reading: number;
  store: number;
  /** The best the two-thread import can do: 1e6 / max(reading, store). */
  pipelineSpansPerSecond: number;
  /** Two cores doing nothing but JSON.parse and the store: 2e6 / (jsonParse + store). */
  twoCoresSpansPerSecond: number;
}

const cpuUs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

export async function measureImportFloor(path: string, databasePath: string): Promise<ImportFloor> {
  let mark = process.cpuUsage();
  const text = readFileSync(path).toString('utf8');
  if (text.startsWith('{"resourceSpans"')) {
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end < 0 ? text.length : end);
      if (line.trim() !== '') JSON.parse(line);
      start = end < 0 ? text.length : end + 1;
    }
  } else {
    JSON.parse(text);
  }
  const jsonParseUs = cpuUs(mark);

  // Reading alone: the prepared rows are dropped at once (holding them all made the collector the
  // largest part of it).
  const file = { path, totalBytes: statSync(path).size, compressed: false };
  let spans = 0;
  mark = process.cpuUsage();
  await readTraceFile(file, new ImportNotes(), () => {}, (batch) => {
    prepareBatch(batch);
    spans += batch.spanCount;
  });
  const readingUs = cpuUs(mark);

  // The store alone: the file is read again, and only its transactions are timed.
  const db = openDatabase({ path: databasePath });
  const writer = new SpanWriter(db);
  let pending: PreparedBatch[] = [];
  let pendingSpans = 0;
  let storeUs = 0;
  const store = () => {
    const started = process.cpuUsage();
    writer.writePrepared(pending);
    storeUs += cpuUs(started);
    pending = [];
    pendingSpans = 0;
  };
  await readTraceFile(file, new ImportNotes(), () => {}, (batch) => {
    pending.push(prepareBatch(batch));
    pendingSpans += batch.spanCount;
    if (pendingSpans >= SPANS_PER_TRANSACTION) store();
  });
  if (pending.length > 0) store();
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });

  const perSpan = (us: number) => us / spans;
  return {
    spans,
    jsonParse: perSpan(jsonParseUs),
    reading: perSpan(readingUs),
    store: perSpan(storeUs),
    pipelineSpansPerSecond: 1e6 / Math.max(perSpan(readingUs), perSpan(storeUs)),
    twoCoresSpansPerSecond: 2e6 / (perSpan(jsonParseUs) + perSpan(storeUs)),
  };
}

export function printImportFloor(format: string, floor: ImportFloor, log: (text: string) => void): void {
  log(
    `  floor, ${format}, each part alone: JSON.parse ${fmt(floor.jsonParse, 1)} us/span, reading and converting ${fmt(floor.reading, 1)} us/span,` +
      ` the store ${fmt(floor.store, 1)} us/span; two threads at best ${fmt(floor.pipelineSpansPerSecond)} spans/s,` +
      ` two cores doing only JSON.parse and the store ${fmt(floor.twoCoresSpansPerSecond)} spans/s`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, db } = JSON.parse(process.argv[2]!) as { file: string; db: string };
  console.log(JSON.stringify(await measureImportFloor(file, db)));
}

// One import in its own process, as `tracedeck import` runs it (the same reader, queue and writer
// thread into a fresh database): prints one JSON line with spans/s and memory. "Idle" is the
// process with everything loaded and the database open, before the import starts; the peak is
// the kernel's high-water mark of resident memory (VmHWM) over the whole run.
import { readFileSync } from 'node:fs';
import { importTraceFile } from '../src/main/import/file-import';
import { IngestQueue } from '../src/main/ingest/ingest-queue';
import { openDatabase } from '../src/main/store/database';
import { ThreadedWriter } from '../src/main/store/writer-thread';

const { file, db: databasePath } = JSON.parse(process.argv[2]!) as { file: string; db: string };

function statusMb(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

const db = openDatabase({ path: databasePath });
const writer = new ThreadedWriter({ path: databasePath, commit: {} });
const queue = new IngestQueue(writer);
// Let the writer thread start and settle before "idle" is read.
await queue.submit({ groups: [], spanCount: 0 });
await new Promise((resolve) => setTimeout(resolve, 500));
const idleMb = statusMb('VmRSS');
const cpuBefore = process.cpuUsage();
const started = performance.now();
const summary = await importTraceFile(file, queue);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await queue.close();
await writer.close();
db.close();
console.log(
  JSON.stringify({
    format: summary.format,
    bytes: summary.bytes,
    spans: summary.spans,
    seconds,
    spansPerSecond: summary.spans / seconds,
    megabytesPerSecond: summary.bytes / 1e6 / seconds,
    cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
    idleMb,
    peakMb: statusMb('VmHWM'),
  }),
);

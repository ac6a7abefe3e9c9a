// `npm run bench` (and `node --import tsx bench/import.ts` alone): imports a 100 MB OTLP NDJSON
// file and a 100 MB Jaeger JSON file, each into a fresh database in its own process, and prints
// spans/s and peak memory above the idle process. Target: >= 100,000 spans/s, < 300 MB above idle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printImportFloor, type ImportFloor } from './import-floor';
import { measureImportResponsiveness, printImportResponsiveness } from './import-responsiveness';
import { runScript } from './support/child-json';
import { fmt } from './support/stats';
import { writeTraceFile } from './support/trace-files';

const CHILD = fileURLToPath(new URL('./import-file.ts', import.meta.url));
const FLOOR = fileURLToPath(new URL('./import-floor.ts', import.meta.url));
const FILE_BYTES = 100 * 1000 * 1000;

export interface ImportResult {
  format: string;
  bytes: number;
  spans: number;
  seconds: number;
  spansPerSecond: number;
  megabytesPerSecond: number;
  cpuCores: number;
  idleMb: number;
  peakMb: number;
  /** The same file's parts measured alone (bench/import-floor.ts). */
  floor: ImportFloor;
}

export async function measureImport(dir: string, log: (text: string) => void): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const format of ['ndjson', 'jaeger'] as const) {
    const path = join(dir, `import.${format === 'ndjson' ? 'jsonl' : 'json'}`);
    const written = writeTraceFile(path, format, FILE_BYTES);
    log(`  ${format === 'ndjson' ? 'OTLP NDJSON' : 'Jaeger JSON'}: ${fmt(written.bytes / 1e6, 1)} MB, ${fmt(written.spans)} spans; importing...`);
    const db = join(dir, `import-${format}.db`);
    const [result] = await runScript<Omit<ImportResult, 'floor'>>(CHILD, { file: path, db });
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
    const [floor] = await runScript<ImportFloor>(FLOOR, { file: path, db });
    results.push({ ...result!, floor: floor! });
    rmSync(path, { force: true });
  }
  return results;
}

export function printImport(results: ImportResult[], log: (text: string) => void): void {
  log('Import of a 100 MB file (fresh database)   spans/s    MB/s   CPU      peak above idle');
  for (const r of results) {
    const above = r.peakMb - r.idleMb;
    log(
      `  ${r.format.padEnd(12)} ${fmt(r.spans).padStart(9)} spans ${fmt(r.spansPerSecond).padStart(10)} ${fmt(r.megabytesPerSecond, 1).padStart(7)}   ${fmt(r.cpuCores, 2)} cores   ${fmt(above)} MB (idle ${fmt(r.idleMb)}, peak ${fmt(r.peakMb)})` +
        `   ${r.spansPerSecond >= 100_000 && above < 300 ? 'PASS' : 'FAIL'}`,
    );
  }
  for (const r of results) printImportFloor(r.format, r.floor, log);
  log('  target: >= 100,000 spans/s and < 300 MB above the idle process');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'tracedeck-import-bench-'));
  try {
    printImport(await measureImport(dir, console.log), console.log);
    printImportResponsiveness(await measureImportResponsiveness(dir), console.log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

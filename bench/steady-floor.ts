// The least CPU that a steady 10,000 spans/s in 100-span requests (the steady-load case)
// can cost this server, part by part, each part measured alone:
// - transport: grpc-js receiving the same stream from the load generator and answering each
//   Export at once, with nothing decoded or stored (bench/support/grpc-sink.ts, its own process);
// - decoding: the one-pass decoder, validation and row preparation of the same requests, in a
//   fresh process of its own, with no transport and no thread hand-off;
// - store: SpanWriter transactions of those rows into a fresh database, 500 spans each (what
//   10,000 spans/s gives with the writer's 50 ms between commits), checkpoints included.
// The sum is a floor: the server does all three and more (moving rows between its threads, the
// live feed, the status), so it cannot use less than their sum.
//
//   node --import ./bench/support/register-raw-loader.mjs --import tsx bench/steady-floor.ts
// (with a JSON argument it is the child that measures decoding and the store alone)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/main/store/database';
import { prepareBatch, type PreparedBatch } from '../src/main/store/prepared-batch';
import { SpanWriter } from '../src/main/store/span-writer';
import { decodeExportTraceRequest } from '../src/shared/otlp/protobuf-decode';
import { validateBatch } from '../src/shared/otlp/validate';
import { runScript } from './support/child-json';
import { processCpuMs } from './support/server-process';
import { fmt } from './support/stats';
import { buildRequests, stampRequest } from './support/workload';

const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
const SINK = fileURLToPath(new URL('./support/grpc-sink.ts', import.meta.url));
const REGISTER = fileURLToPath(new URL('./support/register-raw-loader.mjs', import.meta.url));
const SPANS_PER_COMMIT = 500;

export interface SteadyFloor {
  rate: number;
  /** Each part's CPU at `rate`, as a share of one core. */
  transport: number;
  decoding: number;
  store: number;
  total: number;
}

export async function measureSteadyFloor(dir: string, rate = 10_000, spansPerRequest = 100, seconds = 20): Promise<SteadyFloor> {
  const transport = await transportShare(rate, spansPerRequest, seconds);
  // In a fresh process: in the benchmark's own, after the runs before it, the collector made
  // decoding look twice as costly as it is in the server.
  const [parts] = await runScript<DecodeAndStore>(fileURLToPath(import.meta.url), {
    db: join(dir, 'steady-floor.db'),
    spans: rate * seconds,
    spansPerRequest,
  });
  const decoding = (parts!.decodingUsPerSpan * rate) / 1e6;
  const store = (parts!.storeUsPerSpan * rate) / 1e6;
  return { rate, transport, decoding, store, total: transport + decoding + store };
}

async function transportShare(rate: number, spansPerRequest: number, seconds: number): Promise<number> {
  const sink = spawn(process.execPath, ['--import', REGISTER, '--import', 'tsx', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      sink.stdout.setEncoding('utf8').once('data', (line: string) => resolve((JSON.parse(line) as { port: number }).port));
      sink.once('exit', (code) => reject(new Error(`grpc-sink exited with ${code}`)));
    });
    const cpuMs = () => processCpuMs(sink.pid!);
    const before = cpuMs();
    const lines = await runScript<{ done?: number; ms?: number }>(GENERATOR, { transport: 'grpc', port, spans: rate * seconds, rate, spansPerRequest });
    const done = lines.find((l) => l.done !== undefined)!;
    return (cpuMs() - before) / done.ms!;
  } finally {
    sink.kill('SIGTERM');
  }
}

interface DecodeAndStore {
  decodingUsPerSpan: number;
  storeUsPerSpan: number;
}

function decodeAndStore(databasePath: string, spans: number, spansPerRequest: number): DecodeAndStore {
  const pool = buildRequests(64, spansPerRequest);
  const prepare = (sequence: number) => prepareBatch(validateBatch(decodeExportTraceRequest(stampRequest(pool[sequence % pool.length]!, sequence))).batch);
  for (let sequence = 0; sequence < 2_000; sequence++) prepare(sequence); // warm the JIT

  // Decoding alone: each prepared batch is dropped at once, as the server drops it once posted.
  let mark = process.cpuUsage();
  let decoded = 0;
  for (let sequence = 1; decoded < spans; sequence++) decoded += prepare(sequence).spans.length;
  let used = process.cpuUsage(mark);
  const decodingUsPerSpan = (used.user + used.system) / decoded;

  // The store alone: the same rows again, and only their transactions are timed.
  const db = openDatabase({ path: databasePath });
  const writer = new SpanWriter(db);
  let storeUs = 0;
  let written = 0;
  for (let sequence = 1; written < spans; ) {
    const batches: PreparedBatch[] = [];
    let inCommit = 0;
    while (inCommit < SPANS_PER_COMMIT) {
      const batch = prepare(sequence++);
      batches.push(batch);
      inCommit += batch.spans.length;
    }
    mark = process.cpuUsage();
    writer.writePrepared(batches);
    used = process.cpuUsage(mark);
    storeUs += used.user + used.system;
    written += inCommit;
  }
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
  return { decodingUsPerSpan, storeUsPerSpan: storeUs / written };
}

export function printSteadyFloor(floor: SteadyFloor, log: (text: string) => void): void {
  const pct = (share: number) => `${fmt(100 * share, 1)} %`;
  log(
    `  floor, each part alone at ${fmt(floor.rate)} spans/s: grpc-js transport ${pct(floor.transport)} + decoding and preparing ${pct(floor.decoding)}` +
      ` + the store ${pct(floor.store)} = ${pct(floor.total)} of one core`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  const { db, spans, spansPerRequest } = JSON.parse(process.argv[2]) as { db: string; spans: number; spansPerRequest: number };
  console.log(JSON.stringify(decodeAndStore(db, spans, spansPerRequest)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'tracedeck-steady-floor-'));
  try {
    printSteadyFloor(await measureSteadyFloor(dir), console.log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A driver for profiling the store alone: SpanWriter transactions over the bench workload, as
// bench/bare-insert.ts, with per-million rates, the write's CPU time per span and bytes written
// to disk per span (/proc/self/io write_bytes: WAL frames plus checkpoints, which run from this
// connection whenever the WAL passes 16 MiB, as the checkpointer thread does). Also run under
// `node --cpu-prof`. Environment:
//   TIMING=1        time every statement (us/span by SQL text) and COMMIT alone; TIMING=mark
//                   also prints the five costliest over each million
//   WAL=8192,512    after the run, one transaction of each size in an emptied WAL: its frames
//                   (pages written at commit) by the B-tree they belong to
//   DBSTAT=1        pages and bytes per span of every table and index at the end
//
//   node --import ./bench/support/register-raw-loader.mjs --import tsx bench/store-profile.ts \
//     '{"spans":1000000,"perTransaction":8192,"db":"/tmp/p.db"}'
import { readFileSync, rmSync, statSync } from 'node:fs';
import { openDatabase } from '../src/main/store/database';
import { prepareBatch, type PreparedBatch } from '../src/main/store/prepared-batch';
import { SpanWriter } from '../src/main/store/span-writer';
import { decodeExportTraceRequest } from '../src/shared/otlp/protobuf-decode';
import { validateBatch } from '../src/shared/otlp/validate';
import { buildRequests, stampRequest } from './support/workload';

interface Options {
  spans?: number;
  perTransaction?: number;
  spansPerRequest?: number;
  db?: string;
  /** Checkpoint (PASSIVE) from this connection when the WAL passes 16 MiB (default true). */
  checkpoint?: boolean;
  /** Pragmas run after the schema exists, e.g. "cache_size = -262144". */
  pragmas?: string[];
  /** Write into the database at `db` as it is (e.g. to look at WAL=... at depth) instead of a new one. */
  reuse?: boolean;
  /** The first request's sequence number (its trace ids); past a reused database's to add new traces. */
  firstSequence?: number;
}
const o = JSON.parse(process.argv[2] ?? '{}') as Options;
const spans = o.spans ?? 1_000_000;
const perTransaction = o.perTransaction ?? 8192;
const path = o.db ?? '/tmp/store-profile.db';
if (!o.reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });

const writeBytes = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
const size = (p: string) => {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
};

const db = openDatabase({ path, autoCheckpoint: false });
for (const p of o.pragmas ?? []) db.pragma(p);
// TIMING=1: time every statement call by its SQL text (hrtime around .run/.get/.all).
const timings = new Map<string, { calls: number; ns: bigint }>();
if (process.env.TIMING) {
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const statement = prepare(sql);
    const key = sql.replace(/\s+/g, ' ').slice(0, 60);
    const t = { calls: 0, ns: 0n };
    timings.set(key, t);
    for (const method of ['run', 'get', 'all'] as const) {
      const original = (statement as never as Record<string, (...a: unknown[]) => unknown>)[method]!.bind(statement);
      (statement as never as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const s = process.hrtime.bigint();
        try {
          return original(...args);
        } finally {
          t.calls++;
          t.ns += process.hrtime.bigint() - s;
        }
      };
    }
    return statement;
  };
}
const writer = new SpanWriter(db);
const pool = buildRequests(64, o.spansPerRequest ?? 512);
let sequence = o.firstSequence ?? 1;
let written = 0;
let writeMs = 0;
let checkpointMs = 0;
let commitNs = 0n;
let markWrite = 0;
let markCpuUs = 0;
let markBytes = writeBytes();
let nextMark = Math.min(1_000_000, spans);
const cpu0 = process.cpuUsage();
const bytes0 = writeBytes();
while (written < spans) {
  const batches: PreparedBatch[] = [];
  let inTransaction = 0;
  while (inTransaction < perTransaction) {
    const request = pool[sequence % pool.length]!;
    const decoded = validateBatch(decodeExportTraceRequest(stampRequest(request, sequence++))).batch;
    batches.push(prepareBatch(decoded));
    inTransaction += decoded.spanCount;
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  if (process.env.TIMING) {
    // The writer's transaction becomes a savepoint inside this one, so COMMIT is timed alone.
    db.exec('BEGIN');
    writer.writePrepared(batches);
    const c0 = process.hrtime.bigint();
    db.exec('COMMIT');
    commitNs += process.hrtime.bigint() - c0;
  } else writer.writePrepared(batches);
  writeMs += performance.now() - started;
  const c = process.cpuUsage(cpuBefore);
  markCpuUs += c.user + c.system;
  written += inTransaction;
  if (o.checkpoint !== false && size(`${path}-wal`) > 16 * 1024 * 1024) {
    const t = performance.now();
    db.pragma('wal_checkpoint(PASSIVE)');
    checkpointMs += performance.now() - t;
  }
  if (written >= nextMark) {
    const b = writeBytes();
    console.log(
      JSON.stringify({
        spans: written,
        perSecondThisMillion: Math.round((1_000_000 / (writeMs - markWrite)) * 1000),
        writeCpuUsPerSpan: +(markCpuUs / 1_000_000).toFixed(2),
        diskBytesPerSpan: Math.round((b - markBytes) / 1_000_000),
        dbBytesPerSpan: Math.round(size(path) / written),
        checkpointMs: Math.round(checkpointMs),
      }),
    );
    if (process.env.TIMING === 'mark') {
      // Statement times over this million alone: which costs grow with the store's depth.
      console.log(`${(Number(commitNs) / 1000 / 1_000_000).toFixed(2).padStart(7)} us/span COMMIT`);
      for (const [sql, t] of [...timings].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 5)) {
        console.log(`${(Number(t.ns) / 1000 / 1_000_000).toFixed(2).padStart(7)} us/span ${sql}`);
        t.ns = 0n;
      }
      commitNs = 0n;
    }
    markWrite = writeMs;
    markCpuUs = 0;
    markBytes = b;
    nextMark += 1_000_000;
  }
}
const total = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    done: written,
    perSecond: Math.round((written / writeMs) * 1000),
    writeMs: Math.round(writeMs),
    checkpointMs: Math.round(checkpointMs),
    cpuUsPerSpanAll: +((total.user + total.system) / written).toFixed(2),
    diskBytesPerSpan: Math.round((writeBytes() - bytes0) / written),
    dbBytesPerSpan: Math.round(size(path) / written),
  }),
);
if (process.env.TIMING) console.log(`${(Number(commitNs) / 1000 / written).toFixed(2).padStart(7)} us/span COMMIT`);
for (const [sql, t] of [...timings].sort((a, b) => Number(b[1].ns - a[1].ns))) {
  if (t.calls > 0) console.log(`${(Number(t.ns) / 1000 / written).toFixed(2).padStart(7)} us/span ${String(t.calls).padStart(9)} calls  ${sql}`);
}
if (process.env.DBSTAT) {
  const rows = db
    .prepare(`SELECT name, count(*) pages, sum(pgsize) bytes FROM dbstat GROUP BY name ORDER BY bytes DESC`)
    .all() as { name: string; pages: number; bytes: number }[];
  for (const r of rows) console.log(`${r.name.padEnd(32)} ${String(r.pages).padStart(8)} pages ${(r.bytes / written).toFixed(1).padStart(8)} B/span`);
}
// WAL=n1,n2,...: after the run, one transaction of each size alone in a truncated WAL; which
// B-trees its WAL frames belong to (each frame is one page written at commit).
for (const n of (process.env.WAL ?? '').split(',').filter(Boolean).map(Number)) {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const batches: PreparedBatch[] = [];
  let count = 0;
  const small = buildRequests(4, Math.min(n, 512), 99);
  while (count < n) {
    const request = small[sequence % small.length]!;
    const decoded = validateBatch(decodeExportTraceRequest(stampRequest(request, sequence++))).batch;
    batches.push(prepareBatch(decoded));
    count += decoded.spanCount;
  }
  writer.writePrepared(batches);
  const wal = readFileSync(`${path}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const owner = new Map<number, string>();
  for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(r.pageno, r.name);
  const byName = new Map<string, number>();
  let frames = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const page = wal.readUInt32BE(at);
    if (page === 0) break;
    frames++;
    const name = owner.get(page) ?? '(free/other)';
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  console.log(`one transaction of ${count} spans: ${frames} WAL frames, ${Math.round((frames * (pageSize + 24)) / count)} WAL bytes/span`);
  for (const [name, f] of [...byName].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(30)} ${String(f).padStart(6)} pages`);
}
db.close();

// `npm run bench`: every figure the issues ask for, printed with its target. BENCH_SPANS
// (default 5,000,000) sets the ingest size; BENCH_UI=0 skips the trace list in Chromium;
// results are also written to bench/results/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBareInsert } from './bare-insert';
import { measureDecode } from './decode';
import { measureImport, printImport, type ImportResult } from './import';
import { measureImportResponsiveness, printImportResponsiveness } from './import-responsiveness';
import { measureSteadyLoad, measureThroughput, type ThroughputResult } from './ingest-throughput';
import { measureSteadyFloor, printSteadyFloor } from './steady-floor';
import { measureQueries, type QueryResult } from './query-latency';
import { measureTraceListUi, printTraceListUi, type TraceListUiResult } from './trace-list-ui';
import { measureTraceView, printTraceView, type TraceViewResult } from './trace-view-ui';
import { fmt } from './support/stats';

const SPANS = Number(process.env.BENCH_SPANS ?? 5_000_000);
const dir = mkdtempSync(join(tmpdir(), 'tracedeck-bench-'));
const log = (text: string) => console.log(text);
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

try {
  log(`Tracedeck benchmark: ${fmt(SPANS)} spans per ingest run, workload bench/support/workload.ts`);
  const decode = measureDecode();
  log(
    `Protobuf decode, one thread, 512-span requests: hand-written ${fmt(decode.handSpansPerSecond)} spans/s, ` +
      `protobufjs ${fmt(decode.protobufjsSpansPerSecond)} spans/s (${fmt(decode.handSpansPerSecond / decode.protobufjsSpansPerSecond, 1)}x), ` +
      `protobufjs to messages only ${fmt(decode.protobufjsMessagesOnlySpansPerSecond)} spans/s`,
  );
  const throughput: ThroughputResult[] = [];
  let queries: QueryResult[] = [];
  let ui: TraceListUiResult | null = null;
  let traceView: TraceViewResult[] = [];
  for (const transport of ['grpc', 'http'] as const) {
    log(`Ingest over OTLP/${transport === 'grpc' ? 'gRPC' : 'HTTP protobuf'} into a fresh database...`);
    const { result, server } = await measureThroughput(transport, join(dir, `${transport}.db`), SPANS, log);
    throughput.push(result);
    if (transport === 'grpc') {
      // At rest: the writer's last WAL checkpoint after the ingest run would otherwise share the
      // cores with the first queries.
      const waited = await server.quiet();
      log(`Query API latency at ${fmt(result.spans)} spans (server quiet after ${fmt(waited / 1000, 1)} s)...`);
      queries = await measureQueries(server.uiPort);
      if (process.env.BENCH_UI !== '0') {
        log(`Trace list UI in headless Chromium at ${fmt(result.spans)} spans...`);
        ui = await measureTraceListUi(server, log);
        log('Trace view UI in headless Chromium (1k, 10k, 100k-span traces)...');
        traceView = await measureTraceView(server, log);
      }
    }
    await server.stop();
    rmSync(join(dir, `${transport}.db`), { force: true });
    rmSync(join(dir, `${transport}.db-wal`), { force: true });
  }
  log('Bare insert loop (same rows, same schema, no network, no decoding)...');
  const bare = measureBareInsert(join(dir, 'bare.db'), SPANS);
  log('Steady 10,000 spans/s in 100-span requests for 30 s...');
  const steady = await measureSteadyLoad(join(dir, 'steady.db'), 10_000, 100, 30);
  log('The same stream, each part alone (transport, decoding, store)...');
  const steadyFloor = await measureSteadyFloor(dir);
  log('Import of 100 MB trace files...');
  const imports: ImportResult[] = await measureImport(dir, log);
  log('The API while a file imports...');
  const responsiveness = await measureImportResponsiveness(dir);

  log('');
  log('Ingest (spans/s acknowledged, durable)  first 1M   last 1M    overall   vs bare   server CPU      peak RSS');
  for (const r of throughput) {
    log(
      `  OTLP/${r.transport.padEnd(5)}  ${fmt(r.firstMillionPerSecond).padStart(26)} ${fmt(r.lastMillionPerSecond).padStart(9)} ${fmt(r.overallPerSecond).padStart(10)}` +
        `   ${fmt((100 * r.overallPerSecond) / bare.perSecond)} %   ${fmt(r.serverCpuCores, 2)} cores (${fmt(r.serverCpuUsPerSpan, 1)} us/span)   ${fmt(r.serverPeakRssMb)} MB` +
        `   ${pass(Math.min(r.firstMillionPerSecond, r.lastMillionPerSecond, r.overallPerSecond) >= 50_000 && r.overallPerSecond >= 0.6 * bare.perSecond)}`,
    );
  }
  log(`  bare insert loop: ${fmt(bare.perSecond)} spans/s overall, ${fmt(bare.lastMillionPerSecond)} over the last million`);
  log('  target: >= 50,000 spans/s from empty to the end over each transport, >= 60 % of the bare loop');
  log('');
  log(`Query API at ${fmt(throughput[0]?.spans ?? 0)} spans              p50 ms   p95 ms   target p95   rows`);
  for (const q of queries) {
    log(`  ${q.name.padEnd(34)} ${fmt(q.p50, 2).padStart(7)} ${fmt(q.p95, 2).padStart(8)} ${`<= ${q.target}`.padStart(12)} ${fmt(q.rows, 0).padStart(6)}   ${pass(q.p95 <= q.target)}`);
  }
  if (ui) {
    log('');
    printTraceListUi(ui, log);
  }
  if (traceView.length > 0) {
    log('');
    printTraceView(traceView, log);
  }
  log('');
  log(
    `Steady 10,000 spans/s (${fmt(steady.achievedRate)} achieved): server CPU ${fmt(100 * steady.cpuShareOfOneCore, 1)} % of one core, peak RSS ${fmt(steady.peakRssMb)} MB` +
      `   target <= 25 %, <= 250 MB   ${pass(steady.cpuShareOfOneCore <= 0.25 && steady.peakRssMb <= 250)}`,
  );
  printSteadyFloor(steadyFloor, log);
  log('');
  printImport(imports, log);
  printImportResponsiveness(responsiveness, log);
  const resultsDir = new URL('./results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL(`ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, resultsDir), JSON.stringify({ spans: SPANS, decode, throughput, bare, queries, ui, traceView, steady, steadyFloor, imports, responsiveness }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

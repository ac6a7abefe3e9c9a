// End-to-end ingest: a fresh database, the built server in its own process, the load
// generator in another, at full speed up to N spans. Reports acknowledged spans/s over the
// first and the last million, server CPU and peak RSS.
import { fileURLToPath } from 'node:url';
import { runScript } from './support/child-json';
import { startServer, type ServerUnderTest } from './support/server-process';

const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export interface ThroughputResult {
  transport: 'grpc' | 'http';
  spans: number;
  seconds: number;
  overallPerSecond: number;
  firstMillionPerSecond: number;
  lastMillionPerSecond: number;
  serverCpuCores: number;
  serverCpuUsPerSpan: number;
  serverPeakRssMb: number;
  generatorCpuCores: number;
}

type Line = { mark: number; ms: number } | { done: number; ms: number; cpuMs: number };

/** Leaves the server running (the caller queries it, then stops it). */
export async function measureThroughput(
  transport: 'grpc' | 'http',
  databasePath: string,
  spans: number,
  log: (text: string) => void,
): Promise<{ result: ThroughputResult; server: ServerUnderTest }> {
  const server = await startServer(databasePath);
  const cpuBefore = server.cpuMs();
  const marks: { mark: number; ms: number }[] = [];
  let lines: Line[];
  try {
    lines = await runScript<Line>(GENERATOR, { transport, port: transport === 'grpc' ? server.grpcPort : server.httpPort, spans }, (line) => {
      if ('mark' in line) {
        marks.push(line);
        const previous = marks.at(-2);
        const rate = (1_000_000 / (line.ms - (previous?.ms ?? 0))) * 1000;
        log(`  ${transport}: ${(line.mark / 1e6).toFixed(0)}M spans acknowledged, ${Math.round(rate).toLocaleString('en-US')} spans/s over the last million`);
      }
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const done = lines.find((l): l is Extract<Line, { done: number }> => 'done' in l)!;
  const cpuMs = server.cpuMs() - cpuBefore;
  const rateOf = (from: number, to: number) => (1_000_000 / (to - from)) * 1000;
  const first = marks[0];
  const last = marks.at(-1);
  const beforeLast = marks.at(-2);
  return {
    server,
    result: {
      transport,
      spans: done.done,
      seconds: done.ms / 1000,
      overallPerSecond: (done.done / done.ms) * 1000,
      firstMillionPerSecond: first ? rateOf(0, first.ms) : Number.NaN,
      lastMillionPerSecond: last ? rateOf(beforeLast?.ms ?? 0, last.ms) : Number.NaN,
      serverCpuCores: cpuMs / done.ms,
      serverCpuUsPerSpan: (cpuMs * 1000) / done.done,
      serverPeakRssMb: server.peakRssMb(),
      generatorCpuCores: done.cpuMs / done.ms,
    },
  };
}

/** A steady stream at `rate` spans/s in `spansPerRequest`-span requests: server CPU and memory. */
export async function measureSteadyLoad(
  databasePath: string,
  rate: number,
  spansPerRequest: number,
  seconds: number,
): Promise<{ cpuShareOfOneCore: number; peakRssMb: number; achievedRate: number }> {
  const server = await startServer(databasePath);
  try {
    const cpuBefore = server.cpuMs();
    const lines = await runScript<Line>(GENERATOR, { transport: 'grpc', port: server.grpcPort, spans: rate * seconds, rate, spansPerRequest });
    const done = lines.find((l): l is Extract<Line, { done: number }> => 'done' in l)!;
    return {
      cpuShareOfOneCore: (server.cpuMs() - cpuBefore) / done.ms,
      peakRssMb: server.peakRssMb(),
      achievedRate: (done.done / done.ms) * 1000,
    };
  } finally {
    await server.stop();
  }
}

// The server under test: the built `tracedeck serve` in its own process, with its CPU time and
// memory read from /proc (Linux).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/tracedeck.js', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

export interface ServerUnderTest {
  child: ChildProcess;
  grpcPort: number;
  httpPort: number;
  uiPort: number;
  /** User + system CPU time of the whole process (all threads), in ms. */
  cpuMs(): number;
  rssMb(): number;
  peakRssMb(): number;
  /**
   * Resolves once the server uses under 5 % of a core over half a second (at most `maxMs`), i.e.
   * it finished what an ingest run left behind (the last checkpoint of the WAL); returns the ms waited.
   */
  quiet(maxMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** User + system CPU time of a process (all its threads) so far, in ms. */
export function processCpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesized command name.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export async function startServer(databasePath: string): Promise<ServerUnderTest> {
  // BENCH_SERVER_NODE_ARGS passes Node flags to the server alone, e.g. "--cpu-prof --cpu-prof-dir=DIR"
  // (Node refuses --cpu-prof in NODE_OPTIONS, which the load generator would inherit anyway).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--db', databasePath, '--grpc-port', '0', '--http-port', '0', '--ui-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (/UI and API http:\/\/\S+:\d+\//.test(output)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`tracedeck serve exited with ${code}: ${output}`)));
  });
  const port = (pattern: RegExp) => Number(pattern.exec(output)![1]);
  const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  const cpuMs = () => processCpuMs(child.pid!);
  return {
    child,
    grpcPort: port(/OTLP\/gRPC\s+\S+:(\d+)/),
    httpPort: port(/OTLP\/HTTP\s+http:\/\/\S+:(\d+)/),
    uiPort: port(/UI and API\s+http:\/\/\S+:(\d+)/),
    cpuMs,
    async quiet(maxMs = 60_000) {
      const started = performance.now();
      for (;;) {
        const before = cpuMs();
        await new Promise((resolve) => setTimeout(resolve, 500));
        const elapsed = performance.now() - started;
        if (cpuMs() - before < 25 || elapsed >= maxMs) return elapsed;
      }
    },
    rssMb: () => status('VmRSS'),
    peakRssMb: () => status('VmHWM'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

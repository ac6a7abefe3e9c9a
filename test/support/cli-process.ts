// Runs the built `tracedeck` command (bin/tracedeck.js -> out/main/cli.js) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/tracedeck.js', import.meta.url));
export const BUILT = existsSync(fileURLToPath(new URL('../../out/main/cli.js', import.meta.url)));
export const NOT_BUILT_REASON = 'out/main/cli.js is missing: `npm test` builds it first (npm run build)';

export interface ServeProcess {
  child: ChildProcess;
  grpcPort: number;
  httpPort: number;
  uiPort: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCli(args: string[]): { child: ChildProcess; output: () => string; exited: ServeProcess['exited'] } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Starts `tracedeck serve` with ephemeral ports (unless given) and resolves once it prints its addresses. */
export async function startServe(extraArgs: string[]): Promise<ServeProcess> {
  const args = ['serve', '--grpc-port', '0', '--http-port', '0', '--ui-port', '0', ...extraArgs];
  const run = runCli(args);
  const ready = await new Promise<boolean>((resolve) => {
    const check = () => {
      if (/UI and API http:\/\/[^\s]+:\d+\//.test(run.output())) resolve(true);
    };
    run.child.stdout!.on('data', check);
    void run.exited.then(() => resolve(false));
  });
  if (!ready) throw new Error(`tracedeck serve exited early:\n${run.output()}`);
  const port = (pattern: RegExp) => Number(pattern.exec(run.output())![1]);
  return {
    ...run,
    grpcPort: port(/OTLP\/gRPC\s+[^\s]+:(\d+)/),
    httpPort: port(/OTLP\/HTTP\s+http:\/\/[^\s]+:(\d+)/),
    uiPort: port(/UI and API\s+http:\/\/[^\s]+:(\d+)/),
  };
}

/** Stops `tracedeck serve` as a user would (SIGTERM) and waits until it has exited. */
export async function stopServe(serve: ServeProcess | undefined): Promise<void> {
  if (!serve) return;
  serve.child.kill('SIGTERM');
  await serve.exited;
}

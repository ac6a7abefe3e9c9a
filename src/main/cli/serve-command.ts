// `tracedeck serve`: starts the headless server, prints where it listens, and on SIGINT/SIGTERM
// stops taking requests, commits what was acknowledged and exits.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDatabasePath } from '../core/data-dir';
import { HeadlessServer } from '../headless/serve';

export interface ServeFlags {
  db?: string;
  grpcPort: number;
  httpPort: number;
  uiPort: number;
  host: string;
  maxMessageSize: number;
}

/** out/renderer next to this build (out/main/cli.js), when the renderer was built. */
function rendererRoot(): string | null {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  return existsSync(join(root, 'index.html')) ? root : null;
}

export async function runServe(flags: ServeFlags): Promise<void> {
  const databasePath = flags.db ?? defaultDatabasePath();
  const server = await HeadlessServer.start({
    databasePath,
    host: flags.host,
    grpcPort: flags.grpcPort,
    httpPort: flags.httpPort,
    uiPort: flags.uiPort,
    maxMessageBytes: flags.maxMessageSize,
    rendererRoot: rendererRoot(),
  });
  const { core, web } = server;
  console.log(`Tracedeck is running (database: ${databasePath})`);
  console.log(`  OTLP/gRPC  ${core.grpc.address}`);
  console.log(`  OTLP/HTTP  http://${core.http.address}/v1/traces`);
  console.log(`  UI and API ${web.url}`);
  if (flags.host !== '127.0.0.1' && flags.host !== 'localhost' && flags.host !== '::1') {
    console.warn(`  warning: listening on ${flags.host}: anyone who can reach it can send and read traces`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Tracedeck: ${signal}, writing what was acknowledged and stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`tracedeck: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// The `tracedeck` command line (bin/tracedeck.js loads the build of this file).
import { Command, InvalidArgumentError } from 'commander';
import { runImport } from './import-command';
import { runServe } from './serve-command';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

function size(value: string): number {
  const match = /^(\d+)\s*(k|m|kib|mib)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a size such as 33554432, 32m or 32MiB');
  const unit = (match[2] ?? '').toLowerCase();
  return Number(match[1]) * (unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1);
}

const program = new Command()
  .name('tracedeck')
  .description('A local OpenTelemetry trace viewer: OTLP receivers, a span store and a UI.')
  .showHelpAfterError();

program
  .command('serve')
  .description('run headless: the OTLP receivers, the store, the query API and the UI for a browser')
  .option('--db <file>', 'database file, or :memory: (default: tracedeck.db in the user data directory)')
  .option('--grpc-port <port>', 'OTLP/gRPC port (0 picks a free one)', port, 4317)
  .option('--http-port <port>', 'OTLP/HTTP port (0 picks a free one)', port, 4318)
  .option('--ui-port <port>', 'query API and UI port (0 picks a free one)', port, 4320)
  .option('--host <address>', 'address to listen on; anything but loopback exposes your traces', '127.0.0.1')
  .option('--max-message-size <bytes>', 'largest accepted OTLP request after decompression', size, 32 * 1024 * 1024)
  .action(runServe);

program
  .command('import')
  .description('import trace files (OTLP JSON, NDJSON or protobuf; Jaeger JSON; Zipkin v2 JSON; gzip or not)')
  .argument('<file...>', 'files to import; the format is read from the content')
  .option('--db <file>', 'database file (default: tracedeck.db in the user data directory)')
  .action(runImport);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`tracedeck: ${(error as Error).message}`);
  process.exit(1);
});

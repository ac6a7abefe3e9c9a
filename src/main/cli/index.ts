// The `tracedeck` command line (bin/tracedeck.js loads the build of this file).
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXPORT_FORMATS, EXPORT_FORMAT_INFO } from '../../shared/export/trace-writer';
import { runExport } from './export-command';
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

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function milliseconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a duration such as 250ms, 1.5s, 15m or 2h');
  return Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 'ms']!;
}

function instant(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('expected an ISO 8601 time (2026-12-02T10:00:00Z) or ms since the epoch');
  return ms;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
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

program
  .command('export')
  .description('export stored traces: the named ones, or every trace matching the filters')
  .argument('[trace-id...]', 'traces to export (at most 1000); without any, the filters choose')
  .option('--db <file>', 'database file (default: tracedeck.db in the user data directory)')
  .addOption(
    new Option(
      '-f, --format <format>',
      `${EXPORT_FORMATS.map((f) => `${f}: ${EXPORT_FORMAT_INFO[f].label}, ${EXPORT_FORMAT_INFO[f].description}`).join('; ')} (default: from the -o name, e.g. .jsonl or .jaeger.json, else otlp)`,
    ).choices(EXPORT_FORMATS),
  )
  .option('-o, --output <file>', 'write to this file (gzip-compressed when it ends in .gz) instead of stdout')
  .option('--service <name>', 'traces with a span of this service')
  .option('--operation <name>', 'traces with a span of this operation')
  .option('--min-duration <time>', 'traces at least this long (e.g. 250ms, 1.5s; a bare number is ms)', milliseconds)
  .option('--max-duration <time>', 'traces at most this long', milliseconds)
  .option('--errors', 'only traces with an error span')
  .option('--attr <key=value>', 'traces with a span carrying this attribute (repeatable)', (v: string, all: string[]) => [...all, v], [])
  .option('--since <time>', 'traces that started in the last <time> (e.g. 15m, 2h)', milliseconds)
  .option('--start <time>', 'traces that started at or after this time (ISO 8601 or ms since the epoch)', instant)
  .option('--end <time>', 'traces that started at or before this time', instant)
  .addOption(new Option('--sort <order>', 'order of the traces in the file').choices(['newest', 'slowest']).default('newest'))
  .option('--limit <n>', 'at most this many traces', count)
  .action(runExport);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`tracedeck: ${(error as Error).message}`);
  process.exit(1);
});

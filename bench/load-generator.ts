// A separate process that sends the workload to a Tracedeck server over OTLP/gRPC or OTLP/HTTP
// protobuf, either at full speed with `concurrency` requests in flight (like a Collector's
// exporter: its sending queue runs 10 consumers by default) or at a fixed rate. Prints one JSON
// line per progress mark and a final line, for bench/ingest.ts to read.
//
//   node --import tsx bench/load-generator.ts '{"transport":"grpc","port":4317,"spans":5000000}'
import * as grpc from '@grpc/grpc-js';
import { Agent, request } from 'node:http';
import { buildRequests, stampRequest } from './support/workload';

interface Options {
  transport: 'grpc' | 'http';
  port: number;
  spans: number;
  spansPerRequest?: number;
  concurrency?: number;
  /** Spans per second; omitted = as fast as acknowledgements allow. */
  rate?: number;
  /** Print a progress line every this many acknowledged spans. */
  markEvery?: number;
  /** Numbers the sends from here, so two runs into one database store different traces. */
  sequenceStart?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const spansPerRequest = options.spansPerRequest ?? 512;
const concurrency = options.concurrency ?? 10;
const markEvery = options.markEvery ?? 1_000_000;
const pool = buildRequests(64, spansPerRequest);
const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const grpcClient =
  options.transport === 'grpc'
    ? new grpc.Client(`127.0.0.1:${options.port}`, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 })
    : null;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send(body: Buffer): Promise<void> {
  if (grpcClient) {
    return new Promise((resolve, reject) =>
      grpcClient.makeUnaryRequest(EXPORT, (b: Buffer) => b, (b: Buffer) => b, body, (error) => (error ? reject(error) : resolve())),
    );
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: '/v1/traces',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let sequence = options.sequenceStart ?? 1;
let sent = 0;
let acked = 0;
let nextMark = markEvery;
const started = performance.now();
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function lane(): Promise<void> {
  while (sent < options.spans) {
    const request = pool[sequence % pool.length]!;
    const body = stampRequest(request, sequence++);
    sent += request.spanCount;
    if (options.rate) {
      // Paced: the send time of this span count at the target rate.
      const due = (sent / options.rate) * 1000;
      const wait = due - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await send(body);
    acked += request.spanCount;
    while (acked >= nextMark) {
      print({ mark: nextMark, ms: performance.now() - started });
      nextMark += markEvery;
    }
  }
}

// Paced runs use the lanes too, so a slow acknowledgement does not slow the offered rate.
await Promise.all(Array.from({ length: concurrency }, lane));
const cpu = process.cpuUsage();
print({ done: acked, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, lastSequence: sequence });
grpcClient?.close();
agent.destroy();

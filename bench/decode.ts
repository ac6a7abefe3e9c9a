// OTLP protobuf decoding, one thread, on the benchmark workload's 512-span requests: the
// project's one-pass decoder (src/shared/otlp/protobuf-decode.ts) against protobufjs with the
// same schema, both to the domain model (src/shared/otlp/protobufjs-decode.ts), and protobufjs
// to its message objects only (an upper bound for any protobufjs-based path).
import { decodeExportTraceRequest } from '../src/shared/otlp/protobuf-decode';
import { decodeWithProtobufjs, otlpRoot } from '../src/shared/otlp/protobufjs-decode';
import { buildRequests } from './support/workload';

export interface DecodeResult {
  handSpansPerSecond: number;
  protobufjsSpansPerSecond: number;
  protobufjsMessagesOnlySpansPerSecond: number;
}

function spansPerSecond(requests: { body: Buffer; spanCount: number }[], decode: (body: Buffer) => unknown): number {
  const rounds: number[] = [];
  for (let round = 0; round < 15; round++) {
    const started = performance.now();
    let spans = 0;
    for (const request of requests) {
      decode(request.body);
      spans += request.spanCount;
    }
    rounds.push((spans / (performance.now() - started)) * 1000);
  }
  // The first five rounds warm up the JIT; the median of the other ten.
  const measured = rounds.slice(5).sort((a, b) => a - b);
  return measured[5]!;
}

export function measureDecode(): DecodeResult {
  const request = otlpRoot().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const requests = buildRequests(200, 512, 3);
  return {
    handSpansPerSecond: spansPerSecond(requests, decodeExportTraceRequest),
    protobufjsSpansPerSecond: spansPerSecond(requests, decodeWithProtobufjs),
    protobufjsMessagesOnlySpansPerSecond: spansPerSecond(requests, (body) => request.decode(body)),
  };
}

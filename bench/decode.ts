// OTLP protobuf decoding, one thread, on the benchmark workload's 512-span requests: the
// project's one-pass decoder (src/shared/otlp/protobuf-decode.ts) against protobufjs with the
// same schema (the project's .proto files). protobufjs is measured to message objects only,
// before any mapping to the domain model, so its figure is an upper bound for that path.
import protobuf from 'protobufjs';
import commonProto from '../src/shared/otlp/common.proto?raw';
import resourceProto from '../src/shared/otlp/resource.proto?raw';
import traceProto from '../src/shared/otlp/trace.proto?raw';
import serviceProto from '../src/shared/otlp/trace_service.proto?raw';
import { decodeExportTraceRequest } from '../src/shared/otlp/protobuf-decode';
import { buildRequests } from './support/workload';

export interface DecodeResult {
  handSpansPerSecond: number;
  protobufjsSpansPerSecond: number;
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
  const root = new protobuf.Root();
  for (const text of [commonProto, resourceProto, traceProto, serviceProto]) protobuf.parse(text, root, { keepCase: false });
  const request = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const requests = buildRequests(200, 512, 3);
  return {
    handSpansPerSecond: spansPerSecond(requests, decodeExportTraceRequest),
    protobufjsSpansPerSecond: spansPerSecond(requests, (body) => request.decode(body)),
  };
}

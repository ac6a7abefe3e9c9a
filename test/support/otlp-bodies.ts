// Request bodies as the official serializers write them, and readers for the small messages a
// receiver answers with.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ProtobufReader } from '../../src/shared/otlp/protobuf-reader';

export function protobufBody(spans: ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
}

export function jsonBody(spans: ReadableSpan[]): Buffer {
  return Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
}

/** google.rpc.Status { code = 1; message = 2 } from protobuf bytes. */
export function readRpcStatus(bytes: Uint8Array): { code: number; message: string } {
  const r = new ProtobufReader(bytes);
  const status = { code: 0, message: '' };
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) status.code = r.uint32();
    else if (tag >>> 3 === 2) status.message = r.string();
    else r.skip(tag & 7);
  }
  return status;
}

/** ExportTraceServiceResponse.partial_success { rejected_spans = 1; error_message = 2 }. */
export function readExportResponse(bytes: Uint8Array): { rejectedSpans: number; errorMessage: string } | null {
  const r = new ProtobufReader(bytes);
  let partial: { rejectedSpans: number; errorMessage: string } | null = null;
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag >>> 3 !== 1) {
      r.skip(tag & 7);
      continue;
    }
    const [start, end] = r.lengthDelimited();
    const inner = new ProtobufReader(bytes, start, end);
    partial = { rejectedSpans: 0, errorMessage: '' };
    while (inner.pos < inner.end) {
      const t = inner.uint32();
      if (t >>> 3 === 1) partial.rejectedSpans = Number(inner.int64String());
      else if (t >>> 3 === 2) partial.errorMessage = inner.string();
      else inner.skip(t & 7);
    }
  }
  return partial;
}

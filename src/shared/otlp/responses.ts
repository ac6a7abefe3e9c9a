// The small messages a receiver sends back: ExportTraceServiceResponse (with partial_success)
// and google.rpc.Status, in protobuf (field numbers from ./trace_service.proto and
// ./status.proto) and in OTLP/JSON. Written by hand: two messages of two scalar fields each.

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** ExportTraceServiceResponse; an empty message when everything was accepted. */
export function encodeExportResponse(partial: PartialSuccess | null): Uint8Array {
  if (partial === null || (partial.rejectedSpans === 0 && partial.errorMessage === '')) return new Uint8Array(0);
  const inner = new ProtobufWriter();
  if (partial.rejectedSpans !== 0) inner.varintField(1, partial.rejectedSpans); // rejected_spans (int64)
  if (partial.errorMessage !== '') inner.stringField(2, partial.errorMessage); // error_message
  const outer = new ProtobufWriter();
  outer.bytesField(1, inner.finish()); // partial_success
  return outer.finish();
}

export function exportResponseJson(partial: PartialSuccess | null): object {
  if (partial === null || (partial.rejectedSpans === 0 && partial.errorMessage === '')) return {};
  return { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } };
}

/** google.rpc.Status with a code from google.rpc.Code (3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE). */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  const w = new ProtobufWriter();
  if (code !== 0) w.varintField(1, code);
  if (message !== '') w.stringField(2, message);
  return w.finish();
}

export function rpcStatusJson(code: number, message: string): object {
  return { code, message };
}

class ProtobufWriter {
  private readonly bytes: number[] = [];

  varintField(field: number, value: number): void {
    this.varint((field << 3) | 0);
    this.varint(value);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, new TextEncoder().encode(value));
  }

  bytesField(field: number, value: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    for (const b of value) this.bytes.push(b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private varint(value: number): void {
    // Non-negative integers below 2^53 (counts and codes); division keeps it exact above 2^31.
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }
}

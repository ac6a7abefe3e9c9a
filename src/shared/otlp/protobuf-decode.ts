// One-pass decoder of ExportTraceServiceRequest (and the identical TracesData) from the
// protobuf wire format straight into the domain model. Field numbers follow the schema in
// ./trace.proto. It is the receive hot path: bench/decode.ts measures it against protobufjs
// with the same schema (protobufjs-decode.ts) and test/shared/otlp/decoders-agree.test.ts
// checks that both produce the same spans field by field.
//
// Measured on the project machine (2 vCPU EPYC, Node 20), 512-span SDK-shaped requests:
// see bench/decode.ts output recorded in docs/adr/0003-hand-written-protobuf-decoder.md.
import { bytesToBase64 } from '../encoding/base64';
import { bytesToHex } from '../encoding/hex';
import type {
  AnyValue,
  DecodedBatch,
  InstrumentationScope,
  KeyValue,
  Resource,
  Span,
  SpanEvent,
  SpanGroup,
  SpanLink,
} from '../model';
import { ProtobufError, ProtobufReader, WireType } from './protobuf-reader';

export { ProtobufError };

export function decodeExportTraceRequest(buf: Uint8Array): DecodedBatch {
  const r = new ProtobufReader(buf);
  const groups: SpanGroup[] = [];
  let spanCount = 0;
  while (r.pos < r.end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WireType.LENGTH_DELIMITED) {
      const [start, end] = r.lengthDelimited();
      spanCount += decodeResourceSpans(buf, start, end, groups);
    } else {
      // Unknown fields (and known fields with another wire type) are skipped, as protobuf does
      // for forward compatibility; only malformed bytes are errors.
      if (field === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(wire);
    }
  }
  return { groups, spanCount };
}

function decodeResourceSpans(buf: Uint8Array, start: number, end: number, out: SpanGroup[]): number {
  const r = new ProtobufReader(buf, start, end);
  const resource: Resource = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const firstGroup = out.length;
  let spanCount = 0;
  while (r.pos < r.end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WireType.LENGTH_DELIMITED) {
      const [s, e] = r.lengthDelimited();
      decodeResource(buf, s, e, resource);
    } else if (field === 2 && wire === WireType.LENGTH_DELIMITED) {
      const [s, e] = r.lengthDelimited();
      const group = decodeScopeSpans(buf, s, e, resource);
      spanCount += group.spans.length;
      out.push(group);
    } else if (field === 3 && wire === WireType.LENGTH_DELIMITED) {
      resource.schemaUrl = r.string();
    } else {
      if (field === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(wire);
    }
  }
  // ScopeSpans may precede the resource on the wire; they all share the one object.
  for (let i = firstGroup; i < out.length; i++) out[i]!.resource = resource;
  return spanCount;
}

function decodeResource(buf: Uint8Array, start: number, end: number, resource: Resource): void {
  const r = new ProtobufReader(buf, start, end);
  while (r.pos < r.end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WireType.LENGTH_DELIMITED) {
      const [s, e] = r.lengthDelimited();
      resource.attributes.push(decodeKeyValue(buf, s, e));
    } else if (field === 2 && wire === WireType.VARINT) {
      resource.droppedAttributesCount = r.uint32();
    } else {
      if (field === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(wire);
    }
  }
}

function decodeScopeSpans(buf: Uint8Array, start: number, end: number, resource: Resource): SpanGroup {
  const r = new ProtobufReader(buf, start, end);
  const scope: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const spans: Span[] = [];
  while (r.pos < r.end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 2 && wire === WireType.LENGTH_DELIMITED) {
      const [s, e] = r.lengthDelimited();
      spans.push(decodeSpan(buf, s, e));
    } else if (field === 1 && wire === WireType.LENGTH_DELIMITED) {
      const [s, e] = r.lengthDelimited();
      decodeScope(buf, s, e, scope);
    } else if (field === 3 && wire === WireType.LENGTH_DELIMITED) {
      scope.schemaUrl = r.string();
    } else {
      if (field === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(wire);
    }
  }
  return { resource, scope, spans };
}

function decodeScope(buf: Uint8Array, start: number, end: number, scope: InstrumentationScope): void {
  const r = new ProtobufReader(buf, start, end);
  while (r.pos < r.end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WireType.LENGTH_DELIMITED) scope.name = r.string();
    else if (field === 2 && wire === WireType.LENGTH_DELIMITED) scope.version = r.string();
    else if (field === 3 && wire === WireType.LENGTH_DELIMITED) {
      const [s, e] = r.lengthDelimited();
      scope.attributes.push(decodeKeyValue(buf, s, e));
    } else if (field === 4 && wire === WireType.VARINT) scope.droppedAttributesCount = r.uint32();
    else {
      if (field === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(wire);
    }
  }
}

function idHex(r: ProtobufReader): string {
  const [s, e] = r.lengthDelimited();
  return bytesToHex(r.buf, s, e);
}

function decodeSpan(buf: Uint8Array, start: number, end: number): Span {
  const r = new ProtobufReader(buf, start, end);
  const span: Span = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
  };
  while (r.pos < r.end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2:
        span.traceId = idHex(r);
        break;
      case (2 << 3) | 2:
        span.spanId = idHex(r);
        break;
      case (3 << 3) | 2:
        span.traceState = r.string();
        break;
      case (4 << 3) | 2:
        span.parentSpanId = idHex(r);
        break;
      case (5 << 3) | 2:
        span.name = r.string();
        break;
      case (6 << 3) | 0:
        span.kind = r.uint32();
        break;
      case (7 << 3) | 1:
        span.startTimeUnixNano = r.fixed64();
        break;
      case (8 << 3) | 1:
        span.endTimeUnixNano = r.fixed64();
        break;
      case (9 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        span.attributes.push(decodeKeyValue(buf, s, e));
        break;
      }
      case (10 << 3) | 0:
        span.droppedAttributesCount = r.uint32();
        break;
      case (11 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        span.events.push(decodeEvent(buf, s, e));
        break;
      }
      case (12 << 3) | 0:
        span.droppedEventsCount = r.uint32();
        break;
      case (13 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        span.links.push(decodeLink(buf, s, e));
        break;
      }
      case (14 << 3) | 0:
        span.droppedLinksCount = r.uint32();
        break;
      case (15 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        decodeStatus(buf, s, e, span);
        break;
      }
      case (16 << 3) | 5:
        span.flags = r.fixed32();
        break;
      default:
        if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
        r.skip(tag & 7);
    }
  }
  return span;
}

function decodeStatus(buf: Uint8Array, start: number, end: number, span: Span): void {
  const r = new ProtobufReader(buf, start, end);
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((2 << 3) | 2)) span.statusMessage = r.string();
    else if (tag === ((3 << 3) | 0)) span.statusCode = r.uint32();
    else {
      if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(tag & 7);
    }
  }
}

function decodeEvent(buf: Uint8Array, start: number, end: number): SpanEvent {
  const r = new ProtobufReader(buf, start, end);
  const event: SpanEvent = { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 };
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 1)) event.timeUnixNano = r.fixed64();
    else if (tag === ((2 << 3) | 2)) event.name = r.string();
    else if (tag === ((3 << 3) | 2)) {
      const [s, e] = r.lengthDelimited();
      event.attributes.push(decodeKeyValue(buf, s, e));
    } else if (tag === ((4 << 3) | 0)) event.droppedAttributesCount = r.uint32();
    else {
      if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(tag & 7);
    }
  }
  return event;
}

function decodeLink(buf: Uint8Array, start: number, end: number): SpanLink {
  const r = new ProtobufReader(buf, start, end);
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 };
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) link.traceId = idHex(r);
    else if (tag === ((2 << 3) | 2)) link.spanId = idHex(r);
    else if (tag === ((3 << 3) | 2)) link.traceState = r.string();
    else if (tag === ((4 << 3) | 2)) {
      const [s, e] = r.lengthDelimited();
      link.attributes.push(decodeKeyValue(buf, s, e));
    } else if (tag === ((5 << 3) | 0)) link.droppedAttributesCount = r.uint32();
    else if (tag === ((6 << 3) | 5)) link.flags = r.fixed32();
    else {
      if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(tag & 7);
    }
  }
  return link;
}

function decodeKeyValue(buf: Uint8Array, start: number, end: number): KeyValue {
  const r = new ProtobufReader(buf, start, end);
  let key = '';
  let value: AnyValue = {};
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) key = r.string();
    else if (tag === ((2 << 3) | 2)) {
      const [s, e] = r.lengthDelimited();
      value = decodeAnyValue(buf, s, e);
    } else {
      if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(tag & 7);
    }
  }
  return { key, value };
}

function doubleValue(value: number): AnyValue {
  if (Number.isFinite(value)) return { doubleValue: value };
  return { doubleValue: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
}

function decodeAnyValue(buf: Uint8Array, start: number, end: number): AnyValue {
  const r = new ProtobufReader(buf, start, end);
  let value: AnyValue = {};
  // A oneof: the last field present wins, as in every protobuf implementation.
  while (r.pos < r.end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2:
        value = { stringValue: r.string() };
        break;
      case (2 << 3) | 0:
        value = { boolValue: r.bool() };
        break;
      case (3 << 3) | 0:
        value = { intValue: r.int64String() };
        break;
      case (4 << 3) | 1:
        value = doubleValue(r.double());
        break;
      case (5 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        value = { arrayValue: { values: decodeArrayValue(buf, s, e) } };
        break;
      }
      case (6 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        value = { kvlistValue: { values: decodeKeyValueList(buf, s, e) } };
        break;
      }
      case (7 << 3) | 2: {
        const [s, e] = r.lengthDelimited();
        value = { bytesValue: bytesToBase64(buf, s, e) };
        break;
      }
      default:
        if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
        r.skip(tag & 7);
    }
  }
  return value;
}

function decodeArrayValue(buf: Uint8Array, start: number, end: number): AnyValue[] {
  const r = new ProtobufReader(buf, start, end);
  const values: AnyValue[] = [];
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) {
      const [s, e] = r.lengthDelimited();
      values.push(decodeAnyValue(buf, s, e));
    } else {
      if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(tag & 7);
    }
  }
  return values;
}

function decodeKeyValueList(buf: Uint8Array, start: number, end: number): KeyValue[] {
  const r = new ProtobufReader(buf, start, end);
  const values: KeyValue[] = [];
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) {
      const [s, e] = r.lengthDelimited();
      values.push(decodeKeyValue(buf, s, e));
    } else {
      if (tag >>> 3 === 0) throw new ProtobufError('invalid field number 0', r.pos);
      r.skip(tag & 7);
    }
  }
  return values;
}

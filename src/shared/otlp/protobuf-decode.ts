// One-pass decoder of ExportTraceServiceRequest (and the identical TracesData) from the
// protobuf wire format straight into the domain model. Field numbers follow the schema in
// ./trace.proto. It is the receive hot path: bench/decode.ts measures it against protobufjs
// with the same schema (protobufjs-decode.ts) and test/shared/otlp/decoders-agree.test.ts
// checks that both produce the same spans field by field.
//
// Measured on the project machine (2 vCPU EPYC, Node 20), 512-span SDK-shaped requests:
// see bench/decode.ts output recorded in docs/adr/0003-hand-written-protobuf-decoder.md.
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
import { ProtobufError, ProtobufReader } from './protobuf-reader';

export { ProtobufError };

export function decodeExportTraceRequest(buf: Uint8Array): DecodedBatch {
  const r = new ProtobufReader(buf);
  const groups: SpanGroup[] = [];
  let spanCount = 0;
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) {
      const outer = r.enter();
      spanCount += decodeResourceSpans(r, groups);
      r.leave(outer);
    } else r.skipUnknown(tag); // unknown fields are skipped; only malformed bytes are errors
  }
  return { groups, spanCount };
}

function decodeResourceSpans(r: ProtobufReader, out: SpanGroup[]): number {
  const resource: Resource = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const firstGroup = out.length;
  let spanCount = 0;
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) {
      const outer = r.enter();
      decodeResource(r, resource);
      r.leave(outer);
    } else if (tag === ((2 << 3) | 2)) {
      const outer = r.enter();
      const group = decodeScopeSpans(r, resource);
      r.leave(outer);
      spanCount += group.spans.length;
      out.push(group);
    } else if (tag === ((3 << 3) | 2)) resource.schemaUrl = r.string();
    else r.skipUnknown(tag);
  }
  // ScopeSpans may precede the resource on the wire; they all share the one object.
  for (let i = firstGroup; i < out.length; i++) out[i]!.resource = resource;
  return spanCount;
}

function decodeResource(r: ProtobufReader, resource: Resource): void {
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) resource.attributes.push(keyValue(r));
    else if (tag === ((2 << 3) | 0)) resource.droppedAttributesCount = r.uint32();
    else r.skipUnknown(tag);
  }
}

function decodeScopeSpans(r: ProtobufReader, resource: Resource): SpanGroup {
  const scope: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const spans: Span[] = [];
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((2 << 3) | 2)) {
      const outer = r.enter();
      spans.push(decodeSpan(r));
      r.leave(outer);
    } else if (tag === ((1 << 3) | 2)) {
      const outer = r.enter();
      decodeScope(r, scope);
      r.leave(outer);
    } else if (tag === ((3 << 3) | 2)) scope.schemaUrl = r.string();
    else r.skipUnknown(tag);
  }
  return { resource, scope, spans };
}

function decodeScope(r: ProtobufReader, scope: InstrumentationScope): void {
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) scope.name = r.string();
    else if (tag === ((2 << 3) | 2)) scope.version = r.string();
    else if (tag === ((3 << 3) | 2)) scope.attributes.push(keyValue(r));
    else if (tag === ((4 << 3) | 0)) scope.droppedAttributesCount = r.uint32();
    else r.skipUnknown(tag);
  }
}

function decodeSpan(r: ProtobufReader): Span {
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
        span.traceId = r.hex();
        break;
      case (2 << 3) | 2:
        span.spanId = r.hex();
        break;
      case (3 << 3) | 2:
        span.traceState = r.string();
        break;
      case (4 << 3) | 2:
        span.parentSpanId = r.hex();
        break;
      case (5 << 3) | 2:
        span.name = r.string();
        break;
      case (6 << 3) | 0:
        span.kind = r.uint32() | 0; // enums are int32 on the wire: a 10-byte -1 is -1, not 2^32 - 1
        break;
      case (7 << 3) | 1:
        span.startTimeUnixNano = r.fixed64();
        break;
      case (8 << 3) | 1:
        span.endTimeUnixNano = r.fixed64();
        break;
      case (9 << 3) | 2:
        span.attributes.push(keyValue(r));
        break;
      case (10 << 3) | 0:
        span.droppedAttributesCount = r.uint32();
        break;
      case (11 << 3) | 2: {
        const outer = r.enter();
        span.events.push(decodeEvent(r));
        r.leave(outer);
        break;
      }
      case (12 << 3) | 0:
        span.droppedEventsCount = r.uint32();
        break;
      case (13 << 3) | 2: {
        const outer = r.enter();
        span.links.push(decodeLink(r));
        r.leave(outer);
        break;
      }
      case (14 << 3) | 0:
        span.droppedLinksCount = r.uint32();
        break;
      case (15 << 3) | 2: {
        const outer = r.enter();
        decodeStatus(r, span);
        r.leave(outer);
        break;
      }
      case (16 << 3) | 5:
        span.flags = r.fixed32();
        break;
      default:
        r.skipUnknown(tag);
    }
  }
  return span;
}

function decodeStatus(r: ProtobufReader, span: Span): void {
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((2 << 3) | 2)) span.statusMessage = r.string();
    else if (tag === ((3 << 3) | 0)) span.statusCode = r.uint32() | 0; // an int32 enum, as kind
    else r.skipUnknown(tag);
  }
}

function decodeEvent(r: ProtobufReader): SpanEvent {
  const event: SpanEvent = { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 };
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 1)) event.timeUnixNano = r.fixed64();
    else if (tag === ((2 << 3) | 2)) event.name = r.string();
    else if (tag === ((3 << 3) | 2)) event.attributes.push(keyValue(r));
    else if (tag === ((4 << 3) | 0)) event.droppedAttributesCount = r.uint32();
    else r.skipUnknown(tag);
  }
  return event;
}

function decodeLink(r: ProtobufReader): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 };
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) link.traceId = r.hex();
    else if (tag === ((2 << 3) | 2)) link.spanId = r.hex();
    else if (tag === ((3 << 3) | 2)) link.traceState = r.string();
    else if (tag === ((4 << 3) | 2)) link.attributes.push(keyValue(r));
    else if (tag === ((5 << 3) | 0)) link.droppedAttributesCount = r.uint32();
    else if (tag === ((6 << 3) | 5)) link.flags = r.fixed32();
    else r.skipUnknown(tag);
  }
  return link;
}

/** A KeyValue field: enters it, decodes it, leaves it. */
function keyValue(r: ProtobufReader): KeyValue {
  const outer = r.enter();
  let key = '';
  let value: AnyValue = {};
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) key = r.string();
    else if (tag === ((2 << 3) | 2)) value = anyValue(r);
    else r.skipUnknown(tag);
  }
  r.leave(outer);
  return { key, value };
}

function doubleValue(value: number): AnyValue {
  if (Number.isFinite(value)) return { doubleValue: value };
  return { doubleValue: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
}

/** An AnyValue field: enters it, decodes it, leaves it. */
function anyValue(r: ProtobufReader): AnyValue {
  const outer = r.enter();
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
      case (5 << 3) | 2:
        value = { arrayValue: { values: repeatedValues(r) } };
        break;
      case (6 << 3) | 2:
        value = { kvlistValue: { values: repeatedKeyValues(r) } };
        break;
      case (7 << 3) | 2:
        value = { bytesValue: r.base64() };
        break;
      default:
        r.skipUnknown(tag);
    }
  }
  r.leave(outer);
  return value;
}

/** ArrayValue { repeated AnyValue values = 1 }. */
function repeatedValues(r: ProtobufReader): AnyValue[] {
  const outer = r.enter();
  const values: AnyValue[] = [];
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) values.push(anyValue(r));
    else r.skipUnknown(tag);
  }
  r.leave(outer);
  return values;
}

/** KeyValueList { repeated KeyValue values = 1 }. */
function repeatedKeyValues(r: ProtobufReader): KeyValue[] {
  const outer = r.enter();
  const values: KeyValue[] = [];
  while (r.pos < r.end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) values.push(keyValue(r));
    else r.skipUnknown(tag);
  }
  r.leave(outer);
  return values;
}

// The reference decoder: protobufjs over the project's own schema (./*.proto), mapped into the
// same domain model as the hand-written decoder (protobuf-decode.ts). It is not on the receive
// path: test/shared/otlp/decoders-agree.test.ts checks that both decoders agree field by field,
// and bench/decode.ts measures both (ADR 0003).
//
// It maps protobufjs's decoded messages directly (no toObject copy), so what it reads is what
// protobufjs decoded: a oneof through its virtual `value` getter, 64-bit integers as Long bits.
import protobuf from 'protobufjs';
import { bytesToBase64 } from '../encoding/base64';
import { bytesToHex } from '../encoding/hex';
import type { AnyValue, DecodedBatch, InstrumentationScope, KeyValue, Resource, Span, SpanEvent, SpanGroup, SpanLink } from '../model';
import commonProto from './common.proto?raw';
import resourceProto from './resource.proto?raw';
import traceProto from './trace.proto?raw';
import serviceProto from './trace_service.proto?raw';

let root: protobuf.Root | null = null;

/**
 * The OTLP trace schema as one protobufjs Root, parsed once from the .proto texts. Each file is
 * parsed into the same Root: their `import` lines are not followed (no file loading, which
 * would need Node), and resolveAll() links the cross-package references afterwards.
 */
export function otlpRoot(): protobuf.Root {
  if (root) return root;
  // Without long.js protobufjs reads 64-bit fields as doubles, silently losing precision above
  // 2^53 (timestamps, intValue). A reference decoder must be exact, so refuse instead.
  if (!protobuf.util.Long) throw new Error('protobufjs has no Long implementation; 64-bit fields would lose precision');
  const parsed = new protobuf.Root();
  for (const text of [commonProto, resourceProto, traceProto, serviceProto]) protobuf.parse(text, parsed, { keepCase: false });
  parsed.resolveAll();
  root = parsed;
  return root;
}

let requestType: protobuf.Type | null = null;

export function decodeWithProtobufjs(buf: Uint8Array): DecodedBatch {
  requestType ??= otlpRoot().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const request = requestType.decode(buf) as unknown as PbRequest;
  const groups: SpanGroup[] = [];
  let spanCount = 0;
  for (const rs of request.resourceSpans) {
    // One Resource object per ResourceSpans, shared by its groups, as the hand decoder does
    // (groupsToOtlpJson regroups by object identity).
    const resource: Resource = {
      attributes: keyValues(rs.resource?.attributes),
      droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
      schemaUrl: rs.schemaUrl,
    };
    for (const ss of rs.scopeSpans) {
      const scope: InstrumentationScope = {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version ?? '',
        attributes: keyValues(ss.scope?.attributes),
        droppedAttributesCount: ss.scope?.droppedAttributesCount ?? 0,
        schemaUrl: ss.schemaUrl,
      };
      const spans = ss.spans.map(toSpan);
      spanCount += spans.length;
      groups.push({ resource, scope, spans });
    }
  }
  return { groups, spanCount };
}

// What protobufjs's decode() returns for this schema (camelCase names; unset scalars read their
// prototype defaults, unset messages are null; fixed64/int64 are Longs when long.js is present).
type Int64 = protobuf.Long | number;
interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
interface PbAnyValue {
  /** The oneof getter: the name of the member set on the wire, if any. */
  value?: string;
  stringValue: string;
  boolValue: boolean;
  intValue: Int64;
  doubleValue: number;
  arrayValue: { values: PbAnyValue[] } | null;
  kvlistValue: { values: PbKeyValue[] } | null;
  bytesValue: Uint8Array;
}
interface PbEvent {
  timeUnixNano: Int64;
  name: string;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
}
interface PbLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  flags: number;
}
interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  events: PbEvent[];
  droppedEventsCount: number;
  links: PbLink[];
  droppedLinksCount: number;
  status: { message: string; code: number } | null;
}
interface PbScope {
  name: string;
  version: string;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
}
interface PbRequest {
  resourceSpans: {
    resource: { attributes: PbKeyValue[]; droppedAttributesCount: number } | null;
    scopeSpans: { scope: PbScope | null; spans: PbSpan[]; schemaUrl: string }[];
    schemaUrl: string;
  }[];
}

/** A Long's two halves as an exact bigint (unsigned for fixed64, two's complement for int64). */
function toBigInt(value: Int64): bigint {
  if (typeof value === 'number') return BigInt(value);
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}

function toSpan(s: PbSpan): Span {
  return {
    traceId: bytesToHex(s.traceId),
    spanId: bytesToHex(s.spanId),
    parentSpanId: bytesToHex(s.parentSpanId),
    traceState: s.traceState,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: toBigInt(s.startTimeUnixNano),
    endTimeUnixNano: toBigInt(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map(toEvent),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map(toLink),
    droppedLinksCount: s.droppedLinksCount,
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message ?? '',
  };
}

function toEvent(e: PbEvent): SpanEvent {
  return { timeUnixNano: toBigInt(e.timeUnixNano), name: e.name, attributes: keyValues(e.attributes), droppedAttributesCount: e.droppedAttributesCount };
}

function toLink(l: PbLink): SpanLink {
  return {
    traceId: bytesToHex(l.traceId),
    spanId: bytesToHex(l.spanId),
    traceState: l.traceState,
    attributes: keyValues(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount,
    flags: l.flags,
  };
}

function keyValues(list: PbKeyValue[] | undefined): KeyValue[] {
  return list ? list.map((kv) => ({ key: kv.key, value: anyValue(kv.value) })) : [];
}

// Unset oneof members still read their prototype defaults ('' / 0 / false), so only the oneof
// getter says which member is present; none present is the empty AnyValue, {}.
function anyValue(v: PbAnyValue | null): AnyValue {
  switch (v?.value) {
    case 'stringValue':
      return { stringValue: v.stringValue };
    case 'boolValue':
      return { boolValue: v.boolValue };
    case 'intValue':
      return { intValue: toBigInt(v.intValue).toString() };
    case 'doubleValue': {
      // OTLP/JSON spells the non-finite doubles as strings, as protobuf-decode.ts does.
      const d = v.doubleValue;
      return { doubleValue: Number.isFinite(d) ? d : Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity' };
    }
    case 'arrayValue':
      return { arrayValue: { values: (v.arrayValue?.values ?? []).map(anyValue) } };
    case 'kvlistValue':
      return { kvlistValue: { values: keyValues(v.kvlistValue?.values) } };
    case 'bytesValue':
      return { bytesValue: bytesToBase64(v.bytesValue) };
    default:
      return {};
  }
}

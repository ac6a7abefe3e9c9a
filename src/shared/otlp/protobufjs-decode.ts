// The reference decoder: protobufjs with the project's own schema (./*.proto), mapped into the
// same domain model as the hand-written decoder. It is not on the receive path; tests check that
// both decoders agree field by field, and bench/decode.ts measures both (ADR 0003).
import protobuf from 'protobufjs';
import { bytesToBase64 } from '../encoding/base64';
import { bytesToHex } from '../encoding/hex';
import type { AnyValue, DecodedBatch, InstrumentationScope, KeyValue, Resource, Span, SpanGroup } from '../model';
import commonProto from './common.proto?raw';
import resourceProto from './resource.proto?raw';
import traceProto from './trace.proto?raw';
import serviceProto from './trace_service.proto?raw';

/** The schema as protobufjs reflection types, parsed once. */
export function otlpRoot(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    for (const text of [commonProto, resourceProto, traceProto, serviceProto]) protobuf.parse(text, root, { keepCase: false });
    root.resolveAll();
  }
  return root;
}
let root: protobuf.Root | null = null;

// Shapes of protobufjs's toObject output with { longs: String, enums: Number, oneofs: true, defaults: true }.
interface PbAnyValue {
  value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: PbAnyValue[] };
  kvlistValue?: { values: PbKeyValue[] };
  bytesValue?: Uint8Array;
}
interface PbKeyValue {
  key: string;
  value?: PbAnyValue | null;
}
interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  events: { timeUnixNano: string; name: string; attributes: PbKeyValue[]; droppedAttributesCount: number }[];
  droppedEventsCount: number;
  links: { traceId: Uint8Array; spanId: Uint8Array; traceState: string; attributes: PbKeyValue[]; droppedAttributesCount: number; flags: number }[];
  droppedLinksCount: number;
  status?: { message: string; code: number } | null;
}
interface PbRequest {
  resourceSpans: {
    resource?: { attributes: PbKeyValue[]; droppedAttributesCount: number } | null;
    scopeSpans: { scope?: { name: string; version: string; attributes: PbKeyValue[]; droppedAttributesCount: number } | null; spans: PbSpan[]; schemaUrl: string }[];
    schemaUrl: string;
  }[];
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, oneofs: true, defaults: true, arrays: true };

export function decodeWithProtobufjs(buf: Uint8Array): DecodedBatch {
  const type = otlpRoot().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const request = type.toObject(type.decode(buf), TO_OBJECT) as PbRequest;
  const groups: SpanGroup[] = [];
  let spanCount = 0;
  for (const rs of request.resourceSpans) {
    const resource: Resource = {
      attributes: keyValues(rs.resource?.attributes ?? []),
      droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
      schemaUrl: rs.schemaUrl,
    };
    for (const ss of rs.scopeSpans) {
      const scope: InstrumentationScope = {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version ?? '',
        attributes: keyValues(ss.scope?.attributes ?? []),
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

function toSpan(s: PbSpan): Span {
  return {
    traceId: bytesToHex(s.traceId),
    spanId: bytesToHex(s.spanId),
    parentSpanId: bytesToHex(s.parentSpanId),
    traceState: s.traceState,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: BigInt(s.startTimeUnixNano),
    endTimeUnixNano: BigInt(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: BigInt(e.timeUnixNano),
      name: e.name,
      attributes: keyValues(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: bytesToHex(l.traceId),
      spanId: bytesToHex(l.spanId),
      traceState: l.traceState,
      attributes: keyValues(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.flags,
    })),
    droppedLinksCount: s.droppedLinksCount,
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message ?? '',
  };
}

function keyValues(list: PbKeyValue[]): KeyValue[] {
  return list.map((kv) => ({ key: kv.key, value: anyValue(kv.value) }));
}

function anyValue(v: PbAnyValue | null | undefined): AnyValue {
  switch (v?.value) {
    case 'stringValue':
      return { stringValue: v.stringValue! };
    case 'boolValue':
      return { boolValue: v.boolValue! };
    case 'intValue':
      return { intValue: v.intValue! };
    case 'doubleValue': {
      const d = v.doubleValue!;
      return { doubleValue: Number.isFinite(d) ? d : Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity' };
    }
    case 'arrayValue':
      return { arrayValue: { values: (v.arrayValue?.values ?? []).map(anyValue) } };
    case 'kvlistValue':
      return { kvlistValue: { values: keyValues(v.kvlistValue?.values ?? []) } };
    case 'bytesValue':
      return { bytesValue: bytesToBase64(v.bytesValue!) };
    default:
      return {};
  }
}

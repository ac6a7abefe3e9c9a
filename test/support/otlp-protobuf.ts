// Hand-built OTLP protobuf for decoder tests: protobufjs encoding from the same Root the
// reference decoder uses, plus raw wire helpers for what no encoder writes (unknown fields,
// wrong wire types, odd field order, bad lengths).
import type protobuf from 'protobufjs';
import { base64ToBytes } from '../../src/shared/encoding/base64';
import { hexToBytes } from '../../src/shared/encoding/hex';
import type { AnyValue, DecodedBatch, KeyValue, Span } from '../../src/shared/model';
import { otlpRoot } from '../../src/shared/otlp/protobufjs-decode';

const PACKAGES = ['opentelemetry.proto.collector.trace.v1', 'opentelemetry.proto.trace.v1', 'opentelemetry.proto.resource.v1', 'opentelemetry.proto.common.v1'];

/** A message type by its short name ('Span', 'Span.Event', 'AnyValue', 'ExportTraceServiceRequest'). */
export function otlpType(name: string): protobuf.Type {
  for (const pkg of PACKAGES) {
    const found = otlpRoot().lookup(`${pkg}.${name}`);
    if (found) return found as protobuf.Type;
  }
  throw new Error(`no OTLP message type ${name}`);
}

/**
 * Encodes a plain object (protobufjs's fromObject shape: camelCase names, bytes as Uint8Array,
 * 64-bit integers as decimal strings). fromObject silently drops unknown keys, so a typo in a
 * test would encode nothing; every key is checked against the schema first.
 */
export function encodeOtlp(typeName: string, object: Record<string, unknown>): Uint8Array {
  const type = otlpType(typeName);
  assertKnownFields(type, object, typeName);
  return type.encode(type.fromObject(object)).finish();
}

function assertKnownFields(type: protobuf.Type, object: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(object)) {
    const field = type.fields[key];
    if (!field) throw new Error(`${path}.${key} is not a field of ${type.fullName}`);
    if (!(field.resolvedType && 'fields' in field.resolvedType) || value === null || value === undefined) continue;
    const items = field.repeated ? (value as Record<string, unknown>[]) : [value as Record<string, unknown>];
    items.forEach((item, i) => assertKnownFields(field.resolvedType as protobuf.Type, item, `${path}.${key}[${i}]`));
  }
}

// Raw wire format. Concatenating two encodings of a message merges them (protobuf's rule), which
// is how tests append unknown fields to, or reorder, a message protobufjs encoded.
export const WIRE = { VARINT: 0, FIXED64: 1, LEN: 2, START_GROUP: 3, END_GROUP: 4, FIXED32: 5 } as const;

export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export function tag(fieldNumber: number, wireType: number): number[] {
  return varint(fieldNumber * 8 + wireType);
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** A length-delimited field (an embedded message, string or bytes). */
export function lenField(fieldNumber: number, ...payload: (Uint8Array | number[])[]): Uint8Array {
  const body = concat(...payload);
  return concat(tag(fieldNumber, WIRE.LEN), varint(body.length), body);
}

/** One unknown field of each wire type, with field numbers no OTLP message uses. */
export const UNKNOWN_FIELDS = concat(
  tag(1000, WIRE.VARINT),
  varint(-1n), // 10 bytes
  tag(1001, WIRE.FIXED64),
  [1, 2, 3, 4, 5, 6, 7, 8],
  lenField(1002, [0x0a, 0x03, 0x61, 0x62, 0x63]), // looks like a nested message: still skipped whole
  tag(1003, WIRE.FIXED32),
  [9, 9, 9, 9],
);

/**
 * The domain model back to protobuf, through protobufjs: lets the protobuf decoders be checked
 * against batches that came from elsewhere (the OTLP/JSON fixtures).
 */
export function batchToProtobuf(batch: DecodedBatch): Uint8Array {
  return encodeOtlp('ExportTraceServiceRequest', {
    resourceSpans: batch.groups.map((g) => ({
      resource: { attributes: g.resource.attributes.map(pbKeyValue), droppedAttributesCount: g.resource.droppedAttributesCount },
      schemaUrl: g.resource.schemaUrl,
      scopeSpans: [
        {
          scope: { name: g.scope.name, version: g.scope.version, attributes: g.scope.attributes.map(pbKeyValue), droppedAttributesCount: g.scope.droppedAttributesCount },
          schemaUrl: g.scope.schemaUrl,
          spans: g.spans.map(pbSpan),
        },
      ],
    })),
  });
}

function pbSpan(span: Span): Record<string, unknown> {
  const { statusCode, statusMessage, ...s } = span;
  return {
    ...s,
    traceId: hexToBytes(s.traceId),
    spanId: hexToBytes(s.spanId),
    parentSpanId: hexToBytes(s.parentSpanId),
    startTimeUnixNano: s.startTimeUnixNano.toString(),
    endTimeUnixNano: s.endTimeUnixNano.toString(),
    attributes: s.attributes.map(pbKeyValue),
    events: s.events.map((e) => ({ ...e, timeUnixNano: e.timeUnixNano.toString(), attributes: e.attributes.map(pbKeyValue) })),
    links: s.links.map((l) => ({ ...l, traceId: hexToBytes(l.traceId), spanId: hexToBytes(l.spanId), attributes: l.attributes.map(pbKeyValue) })),
    status: { code: statusCode, message: statusMessage },
  };
}

function pbKeyValue(kv: KeyValue): Record<string, unknown> {
  return { key: kv.key, value: pbAnyValue(kv.value) };
}

function pbAnyValue(v: AnyValue): Record<string, unknown> {
  if ('doubleValue' in v) return { doubleValue: Number(v.doubleValue) }; // Number('NaN') is NaN, and so on
  if ('bytesValue' in v) return { bytesValue: base64ToBytes(v.bytesValue) };
  if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.values.map(pbAnyValue) } };
  if ('kvlistValue' in v) return { kvlistValue: { values: v.kvlistValue.values.map(pbKeyValue) } };
  return v; // string, bool, int (a decimal string, as fromObject takes it), or empty
}

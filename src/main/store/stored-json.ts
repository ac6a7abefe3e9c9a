// How attributes, events and links are kept in the store's text columns: a compact JSON form of
// the domain model, lossless, about half the size of OTLP/JSON. Halving the attribute bytes
// raised end-to-end ingest by ~10 % (the row bytes are written to the WAL and again at each
// checkpoint) and shrank the file by 45 %, measured with bench/ingest.ts.
//
//   attributes  [key, value, key, value, ...]
//   value       "text" | true | false | 42 (an int within +/-2^53) | {"i":"9007199254740993"}
//               | {"d":1.5} | {"d":"NaN"} | {"b":"<base64>"} | {"a":[value, ...]}
//               | {"m":[key, value, ...]} | null (an empty AnyValue)
//   events      [[timeUnixNano as string, name, attributes, droppedAttributesCount], ...]
//   links       [[traceId, spanId, traceState, attributes, droppedAttributesCount, flags], ...]
import type { AnyValue, KeyValue, SpanEvent, SpanLink } from '../../shared/model';

type Stored = string | boolean | number | null | { i: string } | { d: number | string } | { b: string } | { a: Stored[] } | { m: Stored[] };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function storeValue(value: AnyValue): Stored {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    const n = BigInt(value.intValue);
    return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : { i: value.intValue };
  }
  if ('doubleValue' in value) return { d: value.doubleValue };
  if ('bytesValue' in value) return { b: value.bytesValue };
  if ('arrayValue' in value) return { a: value.arrayValue.values.map(storeValue) };
  if ('kvlistValue' in value) return { m: flatten(value.kvlistValue.values) };
  return null;
}

function flatten(attributes: readonly KeyValue[]): Stored[] {
  const out: Stored[] = new Array(attributes.length * 2);
  for (let i = 0; i < attributes.length; i++) {
    out[2 * i] = attributes[i]!.key;
    out[2 * i + 1] = storeValue(attributes[i]!.value);
  }
  return out;
}

function loadValue(stored: Stored): AnyValue {
  if (typeof stored === 'string') return { stringValue: stored };
  if (typeof stored === 'boolean') return { boolValue: stored };
  if (typeof stored === 'number') return { intValue: String(stored) };
  if (stored === null) return {};
  if ('i' in stored) return { intValue: stored.i };
  if ('d' in stored) return { doubleValue: stored.d as number };
  if ('b' in stored) return { bytesValue: stored.b };
  if ('a' in stored) return { arrayValue: { values: stored.a.map(loadValue) } };
  return { kvlistValue: { values: unflatten(stored.m) } };
}

function unflatten(flat: readonly Stored[]): KeyValue[] {
  const out: KeyValue[] = new Array(flat.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = { key: flat[2 * i] as string, value: loadValue(flat[2 * i + 1]!) };
  return out;
}

export function storeAttributes(attributes: readonly KeyValue[]): string {
  return attributes.length === 0 ? '[]' : JSON.stringify(flatten(attributes));
}

export function loadAttributes(text: string): KeyValue[] {
  return text === '[]' ? [] : unflatten(JSON.parse(text) as Stored[]);
}

export function storeEvents(events: readonly SpanEvent[]): string {
  if (events.length === 0) return '[]';
  return JSON.stringify(events.map((e) => [e.timeUnixNano.toString(), e.name, flatten(e.attributes), e.droppedAttributesCount]));
}

export function loadEvents(text: string): SpanEvent[] {
  if (text === '[]') return [];
  return (JSON.parse(text) as [string, string, Stored[], number][]).map(([time, name, attributes, dropped]) => ({
    timeUnixNano: BigInt(time),
    name,
    attributes: unflatten(attributes),
    droppedAttributesCount: dropped,
  }));
}

export function storeLinks(links: readonly SpanLink[]): string {
  if (links.length === 0) return '[]';
  return JSON.stringify(links.map((l) => [l.traceId, l.spanId, l.traceState, flatten(l.attributes), l.droppedAttributesCount, l.flags]));
}

export function loadLinks(text: string): SpanLink[] {
  if (text === '[]') return [];
  return (JSON.parse(text) as [string, string, string, Stored[], number, number][]).map(
    ([traceId, spanId, traceState, attributes, droppedAttributesCount, flags]) => ({
      traceId,
      spanId,
      traceState,
      attributes: unflatten(attributes),
      droppedAttributesCount,
      flags,
    }),
  );
}

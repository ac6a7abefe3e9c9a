// An attribute value as plain JSON (what a reader of a foreign format expects to see), for
// formats without typed values: strings bare, arrays and maps as JSON, ints as numbers while
// they are exact (beyond 2^53 as their decimal text).
import type { AnyValue } from '../model';

export function plainJson(value: AnyValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number.isSafeInteger(Number(value.intValue)) ? Number(value.intValue) : value.intValue;
  if ('doubleValue' in value) return value.doubleValue;
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) return value.arrayValue.values.map(plainJson);
  if ('kvlistValue' in value) return Object.fromEntries(value.kvlistValue.values.map((kv) => [kv.key, plainJson(kv.value)]));
  return null;
}

/** As the Collector's AsString writes a value: a string as it is, anything else as JSON. */
export function plainText(value: AnyValue): string {
  return 'stringValue' in value ? value.stringValue : JSON.stringify(plainJson(value));
}

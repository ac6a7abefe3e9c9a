// "Does this attribute list contain the text": one rule for the trace view's search, used by the
// renderer (span names, services) and the store (attributes, events, resources) alike. The text
// is matched case-insensitively against keys and against values as they read (ints and doubles
// as decimal text, booleans as true/false, inside arrays and maps).
import type { AnyValue, KeyValue } from '../model';

export function valueContains(value: AnyValue, needle: string): boolean {
  if ('stringValue' in value) return value.stringValue.toLowerCase().includes(needle);
  if ('intValue' in value) return value.intValue.includes(needle);
  if ('doubleValue' in value) return String(value.doubleValue).toLowerCase().includes(needle);
  if ('boolValue' in value) return String(value.boolValue) === needle;
  if ('arrayValue' in value) return value.arrayValue.values.some((v) => valueContains(v, needle));
  if ('kvlistValue' in value) return attributesContain(value.kvlistValue.values, needle);
  return false;
}

/** `needle` must already be lowercase. */
export function attributesContain(attributes: readonly KeyValue[], needle: string): boolean {
  for (const kv of attributes) if (kv.key.toLowerCase().includes(needle) || valueContains(kv.value, needle)) return true;
  return false;
}

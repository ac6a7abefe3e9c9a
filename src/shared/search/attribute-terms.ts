// Attribute search terms: a `key=value` pair becomes one short opaque token, so the store can
// index every attribute of every span in one full-text index (see migrations/001_initial.sql)
// and find `user_id = 42` without an index per key. Only scalar values up to
// MAX_INDEXED_VALUE_LENGTH characters are indexed: long values (SQL text, stack traces) are not
// what people search by equality, and they would bloat the index.
import type { AnyValue } from '../model';

export const MAX_INDEXED_VALUE_LENGTH = 256;

/** The text a scalar attribute value is compared by: ints and strings "42" match alike. */
export function scalarText(value: AnyValue): string | null {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return value.intValue;
  if ('boolValue' in value) return value.boolValue ? 'true' : 'false';
  if ('doubleValue' in value) return String(value.doubleValue);
  return null;
}

// Two 32-bit multiplicative lanes (FNV-1a, and the same with MurmurHash2's multiplier) give a
// 64-bit fingerprint; a collision only costs a candidate that verification then drops.
export function attributeTerm(key: string, text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
  };
  feed(key);
  a = Math.imul(a ^ 0x3d, 0x01000193); // '=' separates key and value
  b = Math.imul(b ^ 0x3d, 0x5bd1e995);
  feed(text);
  return `a${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

export function resourceTerm(resourceId: number): string {
  return `r${resourceId}`;
}

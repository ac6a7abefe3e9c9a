// Attribute search terms: a `key=value` pair becomes one short opaque token, so the store can
// index every attribute of every span in one full-text index (see migrations/001_initial.sql)
// and find `user_id = 42` without an index per key. Only scalar values up to
// MAX_INDEXED_VALUE_LENGTH characters are indexed: long values (SQL text, stack traces) are not
// what people search by equality, and they would bloat the index.
import { LANE_A_SEED, LANE_B_SEED, mixLanes } from '../encoding/lane-hash';
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

// Terms hash `key=value` in two lanes (encoding/lane-hash.ts) into a 64-bit fingerprint; a
// collision only costs a candidate that verification then drops.
// Keys repeat on every span, so the lanes after `key=` are cached per key: hashing was 16 % of
// the writer's time before, measured with bench/ingest.ts.
const keyLanes = new Map<string, number[]>();
const MAX_CACHED_KEYS = 10_000;
const scratch = [0, 0];

export function attributeTerm(key: string, text: string): string {
  let lanes = keyLanes.get(key);
  if (lanes === undefined) {
    lanes = [0, 0];
    mixLanes(`${key}=`, LANE_A_SEED, LANE_B_SEED, lanes); // '=' separates key and value
    if (keyLanes.size >= MAX_CACHED_KEYS) keyLanes.clear();
    keyLanes.set(key, lanes);
  }
  mixLanes(text, lanes[0]!, lanes[1]!, scratch);
  return termText(scratch[0]!, scratch[1]!);
}

// 'a' + 14 base-32 digits, 7 per 32-bit lane.
// Number.prototype.toString(36) cost 250 ns a call here. The string is made in one call from its
// 15 char codes: appending digit by digit made 14 intermediate strings per term, whose garbage
// made prepareBatch 30.9 us/span in isolation (62 % of it GC) against 5.5 us/span now; in the
// server the receiving thread's CPU fell ~1 us/span (19.9-21.2 to 19.2-19.7, 600k-span gRPC runs).
const CODES = Array.from('0123456789abcdefghijklmnopqrstuv', (c) => c.charCodeAt(0));

function termText(a: number, b: number): string {
  const x = a >>> 0;
  const y = b >>> 0;
  return String.fromCharCode(
    0x61,
    CODES[x & 31]!,
    CODES[(x >>> 5) & 31]!,
    CODES[(x >>> 10) & 31]!,
    CODES[(x >>> 15) & 31]!,
    CODES[(x >>> 20) & 31]!,
    CODES[(x >>> 25) & 31]!,
    CODES[x >>> 30]!,
    CODES[y & 31]!,
    CODES[(y >>> 5) & 31]!,
    CODES[(y >>> 10) & 31]!,
    CODES[(y >>> 15) & 31]!,
    CODES[(y >>> 20) & 31]!,
    CODES[(y >>> 25) & 31]!,
    CODES[y >>> 30]!,
  );
}

export function resourceTerm(resourceId: number): string {
  return `r${resourceId}`;
}

/**
 * The term of an operation (a service's span name, by its id in the store) in a trace's search
 * documents. Operation search used to have its own table keyed (operation, start), whose inserts
 * touched one leaf per operation in every commit; as a term it costs a few tokens per trace.
 */
export function operationTerm(operationId: number): string {
  return `o${operationId}`;
}

// Times and durations as files write them, to nanoseconds without losing digits: microseconds
// (Jaeger UI and Zipkin JSON), RFC 3339 with up to nine fractional digits and any offset
// ("2017-01-26T16:46:31.639875139-05:00"), and Go / protobuf JSON durations ("5000ns", "1.5s").
import { ImportError } from './import-report';

/** Microseconds (a number, or a string of digits) as nanoseconds; 0n when absent. */
export function microsToNs(value: unknown, path: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    // Whole microseconds (the usual case) are exact; value * 1000 would pass 2^53.
    return Number.isInteger(value) ? BigInt(value) * 1000n : BigInt(Math.trunc(value)) * 1000n + BigInt(Math.round((value % 1) * 1000));
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value) * 1000n;
  throw new ImportError(path, `expected microseconds, got ${JSON.stringify(value)}`);
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(\d{1,9})\d*)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Nanoseconds since the epoch, or null when the text is not an RFC 3339 time. */
export function parseRfc3339Ns(text: string): bigint | null {
  const match = RFC3339.exec(text.trim());
  if (!match) return null;
  const offset = match[3]!.toUpperCase() === 'Z' ? 'Z' : match[3]!;
  const ms = Date.parse(`${match[1]!.replace(/[t ]/, 'T')}${offset}`);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

const UNIT_NS: Record<string, bigint> = { h: 3_600_000_000_000n, m: 60_000_000_000n, s: 1_000_000_000n, ms: 1_000_000n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ns: 1n };
const DURATION = /^(\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|μs|ns))+$/;
const PART = /(\d+)(?:\.(\d+))?(h|ms|m|s|us|µs|μs|ns)/g;

/** Nanoseconds, or null when the text is not a duration. */
export function parseDurationNs(text: string): bigint | null {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return null;
  let total = 0n;
  for (const [, whole, fraction = '', unit] of trimmed.matchAll(PART)) {
    const scale = UNIT_NS[unit!]!;
    total += BigInt(whole!) * scale;
    if (fraction !== '') total += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
  }
  return total;
}

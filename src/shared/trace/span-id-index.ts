// Span id -> index of the first span with that id, for a trace's spans. Span ids are 16 hex
// digits, so each is kept as two 32-bit numbers in an open-addressing table of typed arrays: in
// headless Chromium a Map of 100,000 span id strings took ~70 ms to build (the first collapse
// of a 100,000-span trace waited for it), this 10-30 ms in Node (the Map 50-75). Ids of any
// other form (tests, hand-made inputs) fall back to a Map. Lowercase only, as the model keeps
// ids: an id in capitals is another key, as in a Map.
import { lowerHexDigit } from '../encoding/hex';

/** The two halves of a 16-hex-digit id into out[0], out[1]; false when it is not one. */
function parseId(id: string, out: Int32Array): boolean {
  if (id.length !== 16) return false;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 8; i++) {
    const a = lowerHexDigit(id.charCodeAt(i));
    const b = lowerHexDigit(id.charCodeAt(i + 8));
    if (a < 0 || b < 0) return false;
    high = (high << 4) | a;
    low = (low << 4) | b;
  }
  out[0] = high;
  out[1] = low;
  return true;
}

const hash = (high: number, low: number) => Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15);

export class SpanIdIndex {
  private readonly fallback: Map<string, number> | null = null;
  private readonly mask: number = 0;
  /** Per slot: high, low halves of the id. */
  private readonly halves: Int32Array = new Int32Array(0);
  /** Per slot: the span index + 1, 0 for an empty slot. */
  private readonly values: Int32Array = new Int32Array(0);
  private readonly scratch = new Int32Array(2);

  /** `onDuplicate` is told of each span whose id an earlier span has. */
  constructor(ids: readonly string[], onDuplicate?: (span: number) => void) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.halves = new Int32Array(capacity * 2);
    this.values = new Int32Array(capacity);
    for (let i = 0; i < ids.length; i++) {
      if (!parseId(ids[i]!, this.scratch)) {
        this.fallback = new Map();
        for (let k = 0; k < ids.length; k++) {
          if (!this.fallback.has(ids[k]!)) this.fallback.set(ids[k]!, k);
          else if (k >= i) onDuplicate?.(k);
        }
        return;
      }
      const slot = this.find(this.scratch[0]!, this.scratch[1]!);
      if (this.values[slot] === 0) {
        this.halves[2 * slot] = this.scratch[0]!;
        this.halves[2 * slot + 1] = this.scratch[1]!;
        this.values[slot] = i + 1;
      } else onDuplicate?.(i);
    }
  }

  /** The first span with this id, or undefined. */
  get(id: string): number | undefined {
    if (this.fallback) return this.fallback.get(id);
    if (!parseId(id, this.scratch)) return undefined;
    const value = this.values[this.find(this.scratch[0]!, this.scratch[1]!)]!;
    return value === 0 ? undefined : value - 1;
  }

  /** The slot holding this id, or the empty slot where it would go. */
  private find(high: number, low: number): number {
    let slot = hash(high, low) & this.mask;
    while (this.values[slot] !== 0 && (this.halves[2 * slot] !== high || this.halves[2 * slot + 1] !== low)) slot = (slot + 1) & this.mask;
    return slot;
  }
}

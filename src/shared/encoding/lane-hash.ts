// Two 32-bit multiplicative hash lanes over a string's char codes: FNV-1a, and the same step with
// MurmurHash2's multiplier. Together they make a 64-bit fingerprint that is cheap to compute and
// stable across runs and platforms (stored search terms depend on it: never change the steps).
// Not a security boundary: a collision costs a candidate that a check then drops.
export const LANE_A_SEED = 0x811c9dc5;
export const LANE_B_SEED = 0x9747b28c;

/** Continues both lanes from (a, b) over `text` and writes them to out[0], out[1] (as int32). */
export function mixLanes(text: string, a: number, b: number, out: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  out[0] = a;
  out[1] = b;
}

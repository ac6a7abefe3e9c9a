// Lowercase hex for ids. A 256-entry table keeps encoding to one string concat per byte,
// which matters on the receive path (three ids per span).
const BYTE_TO_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_TO_HEX.push(i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += BYTE_TO_HEX[bytes[i]!];
  return out;
}

const LOWER_HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) LOWER_HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * The value of a lowercase hex digit's char code, -1 for anything else: for the loops that turn
 * many ids into numbers or bytes without a string or array per id.
 */
export function lowerHexDigit(charCode: number): number {
  return LOWER_HEX_VALUE[charCode] ?? -1;
}

const HEX_RE = /^[0-9a-fA-F]*$/;

export function isHex(text: string): boolean {
  return text.length % 2 === 0 && HEX_RE.test(text);
}

export function hexToBytes(hex: string): Uint8Array {
  if (!isHex(hex)) throw new Error(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** True when the hex id is all zeros (the OTLP "invalid id"). */
export function isZeroHex(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

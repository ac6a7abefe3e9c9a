// Trace and span ids as files carry them, made into the model's ids (32 / 16 lowercase hex
// digits) with a repair note, or refused when there is nothing to make one from.
//
// - any case is accepted and lowercased (the OTLP spec example has uppercase ids);
// - shorter hex ids are left-padded with zeros: 64-bit trace ids (Zipkin, Jaeger), ids whose
//   leading zero a tool dropped (a 31-digit trace id);
// - ids that are not hex at all ("trace-123" in a Jaeger UI test file) become a hash of their
//   text, the same for every span that names them, so parent references still match;
// - empty and all-zero ids cannot identify a span: the caller drops the span.
import type { ImportNotes } from './import-report';

const HEX = /^[0-9a-fA-F]+$/;
const UPPER = /[A-F]/;

export type IdKind = 'trace' | 'span';

/**
 * The id in the model's form, or null when the span must be dropped (`reason` says why).
 * `where` is only called for a note: building every span's path cost more than the repairs.
 */
export function repairId(raw: string, kind: IdKind, where: () => string, notes: ImportNotes): string | null {
  const digits = kind === 'trace' ? 32 : 16;
  if (raw === '') return null;
  if (!HEX.test(raw) || raw.length > digits) {
    notes.repair(`non-hex ${kind} id replaced by a hash of its text`, where());
    return hashToHex(raw, digits);
  }
  if (UPPER.test(raw)) notes.repair(`uppercase hex ${kind} id lowercased`, where());
  let id = raw.toLowerCase();
  if (id.length < digits) {
    notes.repair(
      kind === 'trace' && id.length === 16 ? '64-bit trace id padded to 128 bits' : `${kind} id of ${id.length} hex digits padded with leading zeros`,
      where(),
    );
    id = id.padStart(digits, '0');
  }
  return /^0+$/.test(id) ? null : id;
}

/** Why repairId returned null for this text. */
export function missingIdReason(raw: string, kind: IdKind): string {
  return raw === '' ? `no ${kind} id` : `all-zero ${kind} id`;
}

/** A parent id: '' when absent or all zeros (OTLP's "no parent"), otherwise repaired like any id. */
export function repairParentId(raw: string, where: () => string, notes: ImportNotes): string {
  if (raw === '' || /^0+$/.test(raw)) return '';
  return repairId(raw, 'span', where, notes) ?? '';
}

// 32-bit FNV-1a lanes with different offsets, one per 8 hex digits: stable across runs and
// platforms, which is all an id derived from text needs (it is not a security boundary).
function hashToHex(text: string, digits: number): string {
  let out = '';
  for (let lane = 0; out.length < digits; lane++) {
    let h = (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, digits);
}

/** A span id made from text, for spans that need an id of their own (Zipkin's shared server halves). */
export function derivedSpanId(text: string): string {
  return hashToHex(text, 16);
}

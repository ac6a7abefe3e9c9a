// The trace skeleton (with its derived tree) as one binary message, how the HTTP API sends it to
// the trace view: a JSON header with the dictionaries and the sparse parts, then one typed
// column per field. At 100,000 spans the JSON form (7.5 MB) cost the page 0.25-0.38 s from its
// first byte to parsed, and the tree's arrays cannot travel as JSON at all; this form is read
// with no parse, each column a view over the received bytes or one copy of them.
//
// Layout: "TDSK", u32 version, u32 header length, header (UTF-8 JSON), then the columns in the
// order of COLUMNS, each starting at a multiple of 8 bytes. Numbers are in the platform's byte
// order (little-endian on every platform Electron and Chromium run on); the version changes
// with any change of layout.
import type { TraceSkeleton } from '../api';
import type { PackedSpanTree } from './span-tree-packed';

const MAGIC = 0x4b534454; // "TDSK" read as a little-endian u32
const VERSION = 1;
export const SKELETON_MEDIA_TYPE = 'application/vnd.tracedeck.trace-skeleton';

/** A root's parent id in the parent column: no span id has spaces. */
const NO_PARENT = ' '.repeat(16);

interface Header {
  traceId: string;
  baseUnixNano: string;
  services: string[];
  names: string[];
  spans: number;
  rows: number;
  /** [span index, its event marks] of the spans with events. */
  events: [number, [number, 0 | 1][]][];
  placeholders: [number, string][];
  treeStartNs: number;
  treeDurationNs: number;
  maxDepth: number;
  counts: PackedSpanTree['counts'];
}

type Kind = 'ascii16' | 'u32' | 'i32' | 'u8' | 'f64';
const BYTES: Record<Kind, number> = { ascii16: 16, u32: 4, i32: 4, u8: 1, f64: 8 };
/** Each column: its kind and whether it has a value per span or per tree row. */
const COLUMNS = [
  ['spanIds', 'ascii16', 'spans'],
  ['parentSpanIds', 'ascii16', 'spans'],
  ['nameIndexes', 'u32', 'spans'],
  ['serviceIndexes', 'u32', 'spans'],
  ['startOffsets', 'f64', 'spans'],
  ['endOffsets', 'f64', 'spans'],
  ['kinds', 'i32', 'spans'],
  ['statusCodes', 'i32', 'spans'],
  ['tree.span', 'i32', 'rows'],
  ['tree.depth', 'i32', 'rows'],
  ['tree.parent', 'i32', 'rows'],
  ['tree.subtreeEnd', 'i32', 'rows'],
  ['tree.childCount', 'i32', 'rows'],
  ['tree.flags', 'u8', 'rows'],
  ['tree.startNs', 'f64', 'rows'],
  ['tree.durationNs', 'f64', 'rows'],
  ['tree.rowOfSpan', 'i32', 'spans'],
] as const;

const align8 = (n: number) => (n + 7) & ~7;

export function encodeSkeleton(skeleton: TraceSkeleton): Uint8Array {
  const { tree } = skeleton;
  const spans = skeleton.spanIds.length;
  const rows = tree.span.length;
  const events: Header['events'] = [];
  skeleton.events.forEach((marks, i) => {
    if (marks !== null) events.push([i, marks]);
  });
  const header: Header = {
    traceId: skeleton.traceId,
    baseUnixNano: skeleton.baseUnixNano,
    services: skeleton.services,
    names: skeleton.names,
    spans,
    rows,
    events,
    placeholders: tree.placeholders,
    treeStartNs: tree.treeStartNs,
    treeDurationNs: tree.treeDurationNs,
    maxDepth: tree.maxDepth,
    counts: tree.counts,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  let size = align8(12 + headerBytes.length);
  for (const [, kind, per] of COLUMNS) size += align8((per === 'spans' ? spans : rows) * BYTES[kind]);
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, 3);
  words[0] = MAGIC;
  words[1] = VERSION;
  words[2] = headerBytes.length;
  out.set(headerBytes, 12);
  let at = align8(12 + headerBytes.length);
  for (const [name, kind, per] of COLUMNS) {
    const n = per === 'spans' ? spans : rows;
    const values = columnOf(skeleton, name);
    if (kind === 'ascii16') {
      const ids = values as readonly string[];
      for (let i = 0; i < n; i++) writeAscii16(out, at + i * 16, ids[i] === '' ? NO_PARENT : ids[i]!);
    } else if (kind === 'f64') {
      const column = new Float64Array(out.buffer, at, n);
      const source = values as ArrayLike<number | null>;
      for (let i = 0; i < n; i++) column[i] = source[i] ?? Number.NaN;
    } else {
      const column = kind === 'u32' ? new Uint32Array(out.buffer, at, n) : kind === 'i32' ? new Int32Array(out.buffer, at, n) : new Uint8Array(out.buffer, at, n);
      const source = values as ArrayLike<number>;
      for (let i = 0; i < n; i++) column[i] = source[i]!;
    }
    at += align8(n * BYTES[kind]);
  }
  return out;
}

export class SkeletonFormatError extends Error {}

/** The skeleton and tree again; the tree's arrays and the numeric columns are views over `bytes`. */
export function decodeSkeleton(buffer: ArrayBuffer): TraceSkeleton {
  if (buffer.byteLength < 12) throw new SkeletonFormatError(`a trace skeleton is at least 12 bytes, got ${buffer.byteLength}`);
  const [magic, version, headerLength] = new Uint32Array(buffer, 0, 3);
  if (magic !== MAGIC) throw new SkeletonFormatError('not a trace skeleton (no TDSK mark)');
  if (version !== VERSION) throw new SkeletonFormatError(`trace skeleton version ${version}, this build reads ${VERSION}`);
  const bytes = new Uint8Array(buffer);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength!))) as Header;
  const { spans, rows } = header;
  let at = align8(12 + headerLength!);
  const columns = new Map<string, unknown>();
  for (const [name, kind, per] of COLUMNS) {
    const n = per === 'spans' ? spans : rows;
    const length = n * BYTES[kind];
    if (at + length > buffer.byteLength) throw new SkeletonFormatError(`trace skeleton ends inside its ${name} column`);
    if (kind === 'ascii16') columns.set(name, readAscii16(bytes.subarray(at, at + length), n));
    else if (kind === 'f64') columns.set(name, new Float64Array(buffer, at, n));
    else if (kind === 'u32') columns.set(name, new Uint32Array(buffer, at, n));
    else if (kind === 'i32') columns.set(name, new Int32Array(buffer, at, n));
    else columns.set(name, new Uint8Array(buffer, at, n));
    at += align8(length);
  }
  const get = <T>(name: string) => columns.get(name) as T;
  // Plain loops: Array.from over a typed array, with or without a map function, took 11-57 ms
  // per 100,000 values here against ~3.
  const offsets = (name: string) => {
    const column = get<Float64Array>(name);
    const out: (number | null)[] = new Array(spans);
    for (let i = 0; i < spans; i++) out[i] = Number.isNaN(column[i]!) ? null : column[i]!;
    return out;
  };
  const parentSpanIds = get<string[]>('parentSpanIds');
  for (let i = 0; i < spans; i++) if (parentSpanIds[i] === NO_PARENT) parentSpanIds[i] = '';
  const events: TraceSkeleton['events'] = new Array(spans);
  for (let i = 0; i < spans; i++) events[i] = null;
  for (const [i, marks] of header.events) events[i] = marks;
  const tree: PackedSpanTree = {
    span: get('tree.span'),
    depth: get('tree.depth'),
    parent: get('tree.parent'),
    subtreeEnd: get('tree.subtreeEnd'),
    childCount: get('tree.childCount'),
    flags: get('tree.flags'),
    startNs: get('tree.startNs'),
    durationNs: get('tree.durationNs'),
    placeholders: header.placeholders,
    rowOfSpan: get('tree.rowOfSpan'),
    treeStartNs: header.treeStartNs,
    treeDurationNs: header.treeDurationNs,
    maxDepth: header.maxDepth,
    counts: header.counts,
  };
  return {
    traceId: header.traceId,
    baseUnixNano: header.baseUnixNano,
    services: header.services,
    names: header.names,
    spanIds: get('spanIds'),
    parentSpanIds,
    nameIndexes: get('nameIndexes'),
    serviceIndexes: get('serviceIndexes'),
    startOffsets: offsets('startOffsets'),
    endOffsets: offsets('endOffsets'),
    kinds: get('kinds'),
    statusCodes: get('statusCodes'),
    events,
    tree,
  };
}

function columnOf(skeleton: TraceSkeleton, name: string): unknown {
  if (name.startsWith('tree.')) return skeleton.tree[name.slice(5) as keyof PackedSpanTree];
  return skeleton[name as keyof TraceSkeleton];
}

function writeAscii16(out: Uint8Array, at: number, text: string): void {
  if (text.length !== 16) throw new Error(`a span id is 16 characters, got "${text}"`);
  for (let i = 0; i < 16; i++) out[at + i] = text.charCodeAt(i);
}

// One decode of the whole column, then a slice per id: a decode per id costs a call each.
function readAscii16(bytes: Uint8Array, n: number): string[] {
  const text = new TextDecoder().decode(bytes);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) ids[i] = text.slice(i * 16, i * 16 + 16);
  return ids;
}

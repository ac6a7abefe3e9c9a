// The trace skeleton (with its derived tree) as one binary message, how the HTTP API sends it to
// the trace view: a JSON header with the dictionaries and the sparse parts, then one typed
// column per field. Measured in headless Chromium here at 100,000 spans: the JSON form (7.5 MB)
// cost the page 0.25-0.38 s from its first byte to parsed, and reading a body runs at only
// ~25-40 MB/s, so the message carries nothing the page can compute in a few ms: span ids as
// bytes, parents as the index of their span, integers in the narrowest type that holds the
// column, the tree as its rows' span, depth, flags and times (parents, extents, child counts and
// the spans' own times follow from those). 10.7 MB with every column in full, 4.0 MB so.
//
// Layout: "TDSK", u32 version, u32 header length, header (UTF-8 JSON), then the columns in the
// order of COLUMNS, each starting at a multiple of 8 bytes, of the types the header names.
// Numbers are in the platform's byte order (little-endian on every platform Electron and
// Chromium run on); the version changes with any change of layout.
import type { SkeletonColumns, TraceSkeleton } from '../api';
import { lowerHexDigit } from '../encoding/hex';
import { NO_PARENT_SPAN, RowFlag } from './span-tree';
import type { PackedSpanTree } from './span-tree-packed';

const MAGIC = 0x4b534454; // "TDSK" read as a little-endian u32
const VERSION = 3;
export const SKELETON_MEDIA_TYPE = 'application/vnd.tracedeck.trace-skeleton';

type IntType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32';
type ColumnType = IntType | 'id' | 'f64';
const BYTES: Record<ColumnType, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, id: 8, f64: 8 };
type IntArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;
const INT_ARRAYS: Record<IntType, new (buffer: ArrayBuffer, offset: number, length: number) => IntArray> = {
  u8: Uint8Array,
  i8: Int8Array,
  u16: Uint16Array,
  i16: Int16Array,
  u32: Uint32Array,
  i32: Int32Array,
};

/** The columns sent, each per span or per tree row; integer columns get their type when sent. */
const COLUMNS = [
  ['spanIds', 'spans'],
  ['parentSpan', 'spans'],
  ['nameIndexes', 'spans'],
  ['serviceIndexes', 'spans'],
  ['kinds', 'spans'],
  ['statusCodes', 'spans'],
  ['rowSpan', 'rows'],
  ['rowDepth', 'rows'],
  ['rowFlags', 'rows'],
  ['rowStart', 'rows'],
  ['rowDuration', 'rows'],
] as const;
type ColumnName = (typeof COLUMNS)[number][0];

interface Header {
  traceId: string;
  baseUnixNano: string;
  services: string[];
  names: string[];
  spans: number;
  rows: number;
  types: Record<ColumnName, ColumnType>;
  /** [span index, its event marks] of the spans with events. */
  events: [number, [number, 0 | 1][]][];
  /** [span index, start, end] of the spans without usable times (their rows hold stand-ins; JSON has no NaN). */
  untimed: [number, number | null, number | null][];
  placeholders: [number, string][];
  treeStartNs: number;
  treeDurationNs: number;
  maxDepth: number;
  counts: PackedSpanTree['counts'];
}

const align8 = (n: number) => (n + 7) & ~7;
const orNull = (ns: number) => (Number.isNaN(ns) ? null : ns);

function narrowest(values: ArrayLike<number>): IntType {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= 0) return max < 2 ** 8 ? 'u8' : max < 2 ** 16 ? 'u16' : 'u32';
  return min >= -(2 ** 7) && max < 2 ** 7 ? 'i8' : min >= -(2 ** 15) && max < 2 ** 15 ? 'i16' : 'i32';
}

export function encodeSkeleton(skeleton: TraceSkeleton): Uint8Array {
  const { tree } = skeleton;
  const spans = skeleton.spanIds.length;
  const rows = tree.span.length;
  const values: Record<ColumnName, ArrayLike<number> | readonly string[]> = {
    spanIds: skeleton.spanIds,
    parentSpan: tree.parentSpan,
    nameIndexes: skeleton.nameIndexes,
    serviceIndexes: skeleton.serviceIndexes,
    kinds: skeleton.kinds,
    statusCodes: skeleton.statusCodes,
    rowSpan: tree.span,
    rowDepth: tree.depth,
    rowFlags: tree.flags,
    rowStart: tree.startNs,
    rowDuration: tree.durationNs,
  };
  const types = {} as Record<ColumnName, ColumnType>;
  for (const [name] of COLUMNS) {
    types[name] = name === 'spanIds' ? 'id' : name === 'rowStart' || name === 'rowDuration' ? 'f64' : narrowest(values[name] as ArrayLike<number>);
  }
  const events: Header['events'] = [];
  const untimed: Header['untimed'] = [];
  for (let i = 0; i < spans; i++) {
    const marks = skeleton.events[i];
    if (marks) events.push([i, marks]);
    if (tree.flags[tree.rowOfSpan[i]!]! & RowFlag.MISSING_TIME) untimed.push([i, orNull(skeleton.startOffsets[i]!), orNull(skeleton.endOffsets[i]!)]);
  }
  const header: Header = {
    traceId: skeleton.traceId,
    baseUnixNano: skeleton.baseUnixNano,
    services: skeleton.services,
    names: skeleton.names,
    spans,
    rows,
    types,
    events,
    untimed,
    placeholders: tree.placeholders,
    treeStartNs: tree.treeStartNs,
    treeDurationNs: tree.treeDurationNs,
    maxDepth: tree.maxDepth,
    counts: tree.counts,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const first = align8(12 + headerBytes.length);
  let size = first;
  for (const [name, per] of COLUMNS) size += align8((per === 'spans' ? spans : rows) * BYTES[types[name]]);
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, 3);
  words[0] = MAGIC;
  words[1] = VERSION;
  words[2] = headerBytes.length;
  out.set(headerBytes, 12);
  let at = first;
  for (const [name, per] of COLUMNS) {
    const n = per === 'spans' ? spans : rows;
    const type = types[name];
    if (type === 'id') writeIds(out, at, values[name] as readonly string[]);
    else {
      const column = type === 'f64' ? new Float64Array(out.buffer, at, n) : new INT_ARRAYS[type](out.buffer, at, n);
      const source = values[name] as ArrayLike<number>;
      for (let i = 0; i < n; i++) column[i] = source[i]!;
    }
    at += align8(n * BYTES[type]);
  }
  return out;
}

export class SkeletonFormatError extends Error {}

/** The skeleton and tree again; integer columns are typed arrays over `buffer`. */
export function decodeSkeleton(buffer: ArrayBuffer): TraceSkeleton {
  if (buffer.byteLength < 12) throw new SkeletonFormatError(`a trace skeleton is at least 12 bytes, got ${buffer.byteLength}`);
  const [magic, version, headerLength] = new Uint32Array(buffer, 0, 3) as unknown as [number, number, number];
  if (magic !== MAGIC) throw new SkeletonFormatError('not a trace skeleton (no TDSK mark)');
  if (version !== VERSION) throw new SkeletonFormatError(`trace skeleton version ${version}, this build reads ${VERSION}`);
  const bytes = new Uint8Array(buffer);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  const { spans, rows, types } = header;
  let at = align8(12 + headerLength);
  const columns = {} as Record<ColumnName, unknown>;
  for (const [name, per] of COLUMNS) {
    const n = per === 'spans' ? spans : rows;
    const type = types[name];
    if (!(type in BYTES)) throw new SkeletonFormatError(`trace skeleton column ${name} has no known type (${String(type)})`);
    const length = n * BYTES[type];
    if (at + length > buffer.byteLength) throw new SkeletonFormatError(`trace skeleton ends inside its ${name} column`);
    columns[name] = type === 'id' ? readIds(bytes.subarray(at, at + length), n) : type === 'f64' ? new Float64Array(buffer, at, n) : new INT_ARRAYS[type](buffer, at, n);
    at += align8(length);
  }
  const rowSpan = new Int32Array(columns.rowSpan as IntArray);
  const depth = new Int32Array(columns.rowDepth as IntArray);
  const startNs = columns.rowStart as Float64Array;
  const durationNs = columns.rowDuration as Float64Array;
  const { parent, subtreeEnd, childCount } = preOrderLinks(depth);
  const rowOfSpan = new Int32Array(spans);
  for (let r = 0; r < rows; r++) if (rowSpan[r]! >= 0) rowOfSpan[rowSpan[r]!] = r;
  // A parent id is its span's id, or a placeholder's missing one (an orphan's row is under it).
  const spanIds = columns.spanIds as string[];
  const parentSpan = new Int32Array(columns.parentSpan as IntArray);
  const missingIds = new Map(header.placeholders);
  const parentSpanIds: string[] = new Array(spans);
  for (let i = 0; i < spans; i++) {
    const p = parentSpan[i]!;
    parentSpanIds[i] = p >= 0 ? spanIds[p]! : p === NO_PARENT_SPAN ? '' : (missingIds.get(parent[rowOfSpan[i]!]!) ?? '');
  }

  // A span's own times are its row's, from the skeleton's base; the untimed keep theirs.
  const startOffsets = new Float64Array(spans);
  const endOffsets = new Float64Array(spans);
  for (let i = 0; i < spans; i++) {
    const r = rowOfSpan[i]!;
    const start = startNs[r]! + header.treeStartNs;
    startOffsets[i] = start;
    endOffsets[i] = start + durationNs[r]!;
  }
  for (const [i, start, end] of header.untimed) {
    startOffsets[i] = start ?? Number.NaN;
    endOffsets[i] = end ?? Number.NaN;
  }
  const events: TraceSkeleton['events'] = new Array(spans);
  for (let i = 0; i < spans; i++) events[i] = null;
  for (const [i, marks] of header.events) events[i] = marks;

  const tree: PackedSpanTree = {
    span: rowSpan,
    depth,
    parent,
    subtreeEnd,
    childCount,
    flags: columns.rowFlags as Uint8Array,
    startNs,
    durationNs,
    placeholders: header.placeholders,
    rowOfSpan,
    parentSpan,
    treeStartNs: header.treeStartNs,
    treeDurationNs: header.treeDurationNs,
    maxDepth: header.maxDepth,
    counts: header.counts,
  };
  const columnsOut: SkeletonColumns = {
    traceId: header.traceId,
    baseUnixNano: header.baseUnixNano,
    services: header.services,
    names: header.names,
    spanIds,
    parentSpanIds,
    nameIndexes: columns.nameIndexes as IntArray,
    serviceIndexes: columns.serviceIndexes as IntArray,
    startOffsets,
    endOffsets,
    kinds: columns.kinds as IntArray,
    statusCodes: columns.statusCodes as IntArray,
    events,
  };
  return { ...columnsOut, tree };
}

/** Each row's parent, subtree end and child count, from the depths of rows in pre-order. */
function preOrderLinks(depth: Int32Array): { parent: Int32Array; subtreeEnd: Int32Array; childCount: Int32Array } {
  const rows = depth.length;
  const parent = new Int32Array(rows);
  const subtreeEnd = new Int32Array(rows);
  const childCount = new Int32Array(rows);
  // The open rows: each the parent of the next until a row no deeper than it comes.
  const open = new Int32Array(rows);
  let top = 0;
  for (let r = 0; r < rows; r++) {
    while (top > 0 && depth[open[top - 1]!]! >= depth[r]!) subtreeEnd[open[--top]!] = r;
    const p = top > 0 ? open[top - 1]! : -1;
    parent[r] = p;
    if (p >= 0) childCount[p]!++;
    open[top++] = r;
  }
  while (top > 0) subtreeEnd[open[--top]!] = rows;
  return { parent, subtreeEnd, childCount };
}

// Span ids as their 8 bytes.

function writeIds(out: Uint8Array, at: number, ids: readonly string[]): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id.length !== 16) throw new Error(`a span id is 16 hex digits, got "${id}"`);
    for (let k = 0; k < 8; k++) {
      const high = lowerHexDigit(id.charCodeAt(2 * k));
      const low = lowerHexDigit(id.charCodeAt(2 * k + 1));
      if (high < 0 || low < 0) throw new Error(`a span id is 16 lowercase hex digits, got "${id}"`);
      out[at + i * 8 + k] = (high << 4) | low;
    }
  }
}

// The ids' hex digits written as ASCII bytes, decoded once and sliced, rather than a string
// built per id.
const HEX_DIGIT = new TextEncoder().encode('0123456789abcdef');

function readIds(bytes: Uint8Array, n: number): string[] {
  const ascii = new Uint8Array(n * 16);
  for (let i = 0; i < n * 8; i++) {
    const b = bytes[i]!;
    ascii[2 * i] = HEX_DIGIT[b >> 4]!;
    ascii[2 * i + 1] = HEX_DIGIT[b & 15]!;
  }
  const text = new TextDecoder().decode(ascii);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) ids[i] = text.slice(i * 16, i * 16 + 16);
  return ids;
}

// The span tree of one trace, derived once: a flat pre-order array of rows (depth, parent,
// subtree extent) plus lookups, from which every view (waterfall rows, collapse, critical path,
// flame data, search) is a pure function. Real traces are not always trees, so the derivation
// says what it repaired, row by row:
// - orphans (the parent is not in the trace) go under a placeholder row for the missing parent;
// - a span id seen twice keeps its first span as the owner of the id (children attach to it), the
//   later ones are shown where their own parent puts them, marked;
// - spans that are their own ancestors (cycles) are cut at their earliest span, marked;
// - a span without a usable time (0, or ending before it starts) is drawn as an instant at its
//   parent's start, marked;
// - a child that starts before or ends after its parent (clock skew between hosts) is marked.
// Siblings are ordered by start time. Iterative throughout: a 100,000-span chain is 100,000 deep.
import { SpanIdIndex } from './span-id-index';
import { unpackSpanTree, type PackedSpanTree } from './span-tree-packed';

/** In PackedSpanTree.parentSpan: the span has no parent id, or one no span of the trace has. */
export const NO_PARENT_SPAN = -1;
export const MISSING_PARENT_SPAN = -2;

export interface TreeSpanInput {
  spanId: string;
  /** '' for a root. */
  parentSpanId: string;
  /**
   * Start and end in ns from a base the caller picks (a trace's earliest start: exact as a
   * float below 2^53 ns, 104 days; the tree does no BigInt work, which cost ~2/3 of deriving a
   * 100,000-span tree); null when the span has no such time.
   */
  startNs: number | null;
  endNs: number | null;
  name: string;
}

export const RowFlag = {
  /** A placeholder for a parent span that is not in the trace; its children are orphans. */
  PLACEHOLDER: 1,
  /** The span's parent is not in the trace. */
  ORPHAN: 2,
  /** Another span of the trace has the same id and came first. */
  DUPLICATE_ID: 4,
  /** The span is its own ancestor; the tree was cut here. */
  CYCLE: 8,
  /** No usable start/end time; drawn as an instant at its parent's start. */
  MISSING_TIME: 16,
  /** Starts before or ends after its parent (clock skew). */
  OUTSIDE_PARENT: 32,
} as const;

export interface TreeRow {
  /** Index of the span in the input, -1 for a placeholder. */
  readonly span: number;
  /** The missing parent's id, for a placeholder ('' otherwise). */
  readonly missingParentId: string;
  readonly depth: number;
  /** Row index of the parent row, -1 at the top level. */
  readonly parent: number;
  /** Rows (this row, subtreeEnd) are this row's descendants. */
  readonly subtreeEnd: number;
  readonly childCount: number;
  /** RowFlag bits. */
  readonly flags: number;
  /** Offset from the trace start, ns (a float: exact below 2^53 ns, 104 days). */
  readonly startNs: number;
  readonly durationNs: number;
}

export interface SpanTree {
  rows: TreeRow[];
  /** The row of each input span. */
  rowOfSpan: Int32Array;
  /** The row of the span that owns each id (the first one, when an id is duplicated). */
  rowOfSpanId: { get(spanId: string): number | undefined };
  /** The earliest usable start, from the caller's base; every row's startNs is relative to it. */
  startNs: number;
  durationNs: number;
  maxDepth: number;
  /** How many rows carry each repair (by RowFlag name). */
  counts: Record<keyof typeof RowFlag, number>;
}

/** The spans a tree is derived from, as columns (a skeleton's; no object per span). */
export interface TreeColumns {
  spanIds: readonly string[];
  /** '' for a root. */
  parentSpanIds: readonly string[];
  /** From a base the caller picks, as TreeSpanInput's; NaN when the span has no such time. */
  startNs: ArrayLike<number>;
  endNs: ArrayLike<number>;
  /** Orders siblings that start together. */
  nameOf(span: number): string;
}

/** The tree as row objects, with a lookup by span id (what the views read). */
export function buildSpanTree(spans: readonly TreeSpanInput[]): SpanTree {
  const columns = treeColumnsOf(spans);
  return unpackSpanTree(derivePackedSpanTree(columns), columns.spanIds);
}

export function treeColumnsOf(spans: readonly TreeSpanInput[]): TreeColumns {
  return {
    spanIds: spans.map((span) => span.spanId),
    parentSpanIds: spans.map((span) => span.parentSpanId),
    startNs: spans.map((span) => span.startNs ?? Number.NaN),
    endNs: spans.map((span) => span.endNs ?? Number.NaN),
    nameOf: (i) => spans[i]!.name,
  };
}

/** The tree as typed arrays (what the store's side sends with a skeleton). */
export function derivePackedSpanTree(spans: TreeColumns): PackedSpanTree {
  const n = spans.spanIds.length;
  const { startNs: starts, endNs: ends } = spans;
  // Usable times: both present (NaN compares false) and the end not before the start.
  const usable = (i: number) => ends[i]! >= starts[i]!;
  // Trace extent from the spans with usable times.
  let startNs = Number.POSITIVE_INFINITY;
  let endNs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (!usable(i)) continue;
    if (starts[i]! < startNs) startNs = starts[i]!;
    if (ends[i]! > endNs) endNs = ends[i]!;
  }
  if (!Number.isFinite(startNs)) startNs = endNs = 0;
  const offset = new Float64Array(n);
  const duration = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (usable(i)) {
      offset[i] = starts[i]! - startNs;
      duration[i] = ends[i]! - starts[i]!;
    } else offset[i] = Number.NaN; // placed at the parent's start below
  }

  const flags = new Uint8Array(n);
  const owner = new SpanIdIndex(spans.spanIds, (i) => (flags[i]! |= RowFlag.DUPLICATE_ID));

  // Each span's parent index (-1: a root or an orphan); top-level entries are roots and placeholders.
  // parentSpan keeps what each span's parent id names: the span owning it, NO_PARENT_SPAN or MISSING_PARENT_SPAN.
  const parentOf = new Int32Array(n).fill(-1);
  const parentSpan = new Int32Array(n);
  const orphansByParent = new Map<string, number[]>();
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const parentId = spans.parentSpanIds[i]!;
    if (parentId === '') {
      parentSpan[i] = NO_PARENT_SPAN;
      roots.push(i);
      continue;
    }
    const parent = owner.get(parentId);
    parentSpan[i] = parent ?? MISSING_PARENT_SPAN;
    if (parent === undefined) {
      flags[i]! |= RowFlag.ORPHAN;
      let group = orphansByParent.get(parentId);
      if (!group) orphansByParent.set(parentId, (group = []));
      group.push(i);
    } else if (parent === i) {
      flags[i]! |= RowFlag.CYCLE; // its own parent
      roots.push(i);
    } else parentOf[i] = parent;
  }
  // Children of span p are childList[childStart[p] .. childStart[p + 1]): one array for all, not
  // an array per span (100,000 small arrays were a third of the derivation).
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parentOf[i]! >= 0) childStart[parentOf[i]! + 1]!++;
  for (let p = 0; p < n; p++) childStart[p + 1]! += childStart[p]!;
  const childList = new Int32Array(childStart[n]!);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) if (parentOf[i]! >= 0) childList[fill[parentOf[i]!]!++] = i;

  const byStart = (a: number, b: number) => {
    const sa = offset[a]!;
    const sb = offset[b]!;
    // Spans without a time (NaN) go after their timed siblings.
    if (Number.isNaN(sa) !== Number.isNaN(sb)) return Number.isNaN(sa) ? 1 : -1;
    if (sa !== sb && !Number.isNaN(sa)) return sa - sb;
    const na = spans.nameOf(a);
    const nb = spans.nameOf(b);
    return na < nb ? -1 : na > nb ? 1 : a - b;
  };
  for (let p = 0; p < n; p++) if (childStart[p + 1]! - childStart[p]! > 1) childList.subarray(childStart[p]!, childStart[p + 1]!).sort(byStart);
  for (const list of orphansByParent.values()) list.sort(byStart);

  // Top level: roots and placeholders, by start (a placeholder starts with its first orphan).
  type Top = { span: number } | { missingParentId: string; orphans: number[] };
  const top: Top[] = roots.map((span) => ({ span }));
  for (const [missingParentId, orphans] of orphansByParent) top.push({ missingParentId, orphans });
  const topStart = (t: Top) => ('span' in t ? t.span : t.orphans[0]!);
  top.sort((a, b) => byStart(topStart(a), topStart(b)));

  // Rows go straight into typed arrays (the form the tree is sent in): a row object per span was
  // a third of deriving a 100,000-span tree with its garbage collection. Every span gets one row
  // and every missing parent one placeholder row, so the row count is known.
  const rowCount = n + orphansByParent.size;
  const rowSpan = new Int32Array(rowCount);
  const rowDepth = new Int32Array(rowCount);
  const rowParent = new Int32Array(rowCount);
  const rowChildren = new Int32Array(rowCount);
  const rowStart = new Float64Array(rowCount);
  const rowDuration = new Float64Array(rowCount);
  const placeholders: [number, string][] = [];
  let rows = 0;
  const rowOfSpan = new Int32Array(n).fill(-1);
  let maxDepth = 0;
  // Pre-order walk with an explicit stack of (span, depth, parent row), in typed arrays: a tuple
  // per span was ~70 ms of a 100,000-span derivation. A span is pushed at most once per parent
  // that lists it, so n entries suffice for a tree; cycles and duplicates grow it.
  let stackSpan = new Int32Array(Math.max(16, n));
  let stackDepth = new Int32Array(stackSpan.length);
  let stackParent = new Int32Array(stackSpan.length);
  const walk = (first: number, depth: number, parentRow: number) => {
    let top = 0;
    const push = (span: number, d: number, parent: number) => {
      if (top === stackSpan.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        stackSpan = grow(stackSpan);
        stackDepth = grow(stackDepth);
        stackParent = grow(stackParent);
      }
      stackSpan[top] = span;
      stackDepth[top] = d;
      stackParent[top++] = parent;
    };
    push(first, depth, parentRow);
    while (top > 0) {
      top--;
      const span = stackSpan[top]!;
      const d = stackDepth[top]!;
      const parent = stackParent[top]!;
      if (rowOfSpan[span] !== -1) continue; // reached twice: only through a cycle
      const row = rows++;
      rowOfSpan[span] = row;
      if (d > maxDepth) maxDepth = d;
      if (Number.isNaN(offset[span]!)) {
        flags[span]! |= RowFlag.MISSING_TIME;
        offset[span] = parent >= 0 ? rowStart[parent]! : 0;
        duration[span] = 0;
      } else if (parent >= 0 && rowSpan[parent]! >= 0 && !(flags[rowSpan[parent]!]! & RowFlag.MISSING_TIME)) {
        if (offset[span]! < rowStart[parent]! || offset[span]! + duration[span]! > rowStart[parent]! + rowDuration[parent]!) flags[span]! |= RowFlag.OUTSIDE_PARENT;
      }
      rowSpan[row] = span;
      rowDepth[row] = d;
      rowParent[row] = parent;
      rowStart[row] = offset[span]!;
      rowDuration[row] = duration[span]!;
      if (parent >= 0) rowChildren[parent]!++;
      for (let k = childStart[span + 1]! - 1; k >= childStart[span]!; k--) if (rowOfSpan[childList[k]!] === -1) push(childList[k]!, d + 1, row);
    }
  };

  for (const entry of top) {
    if ('span' in entry) {
      walk(entry.span, 0, -1);
      continue;
    }
    const row = rows++;
    rowSpan[row] = -1;
    rowParent[row] = -1;
    placeholders.push([row, entry.missingParentId]);
    for (const orphan of entry.orphans) walk(orphan, 1, row);
  }
  // What is left is only reachable from itself: cycles. Cut each at its earliest span.
  const left: number[] = [];
  for (let i = 0; i < n; i++) if (rowOfSpan[i] === -1) left.push(i);
  left.sort(byStart);
  for (const span of left) {
    if (rowOfSpan[span] !== -1) continue;
    flags[span]! |= RowFlag.CYCLE;
    walk(span, 0, -1);
  }

  // Subtree extents (pre-order: a row's descendants follow it), placeholder extents, flags.
  const subtreeEnd = new Int32Array(rowCount);
  const rowFlags = new Uint8Array(rowCount);
  const size = new Int32Array(rowCount).fill(1);
  for (let r = rowCount - 1; r >= 0; r--) {
    subtreeEnd[r] = r + size[r]!;
    if (rowParent[r]! >= 0) size[rowParent[r]!]! += size[r]!;
    rowFlags[r] = rowSpan[r]! >= 0 ? flags[rowSpan[r]!]! : RowFlag.PLACEHOLDER;
  }
  for (const [p] of placeholders) {
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (let r = p + 1; r < subtreeEnd[p]!; r++) {
      first = Math.min(first, rowStart[r]!);
      last = Math.max(last, rowStart[r]! + rowDuration[r]!);
    }
    rowStart[p] = Number.isFinite(first) ? first : 0;
    rowDuration[p] = Math.max(0, last - rowStart[p]!);
  }

  const counts = { PLACEHOLDER: 0, ORPHAN: 0, DUPLICATE_ID: 0, CYCLE: 0, MISSING_TIME: 0, OUTSIDE_PARENT: 0 };
  const names = Object.keys(counts) as (keyof typeof RowFlag)[];
  for (const f of rowFlags) if (f !== 0) for (const name of names) if (f & RowFlag[name]) counts[name]++;
  return {
    span: rowSpan,
    depth: rowDepth,
    parent: rowParent,
    subtreeEnd,
    childCount: rowChildren,
    flags: rowFlags,
    startNs: rowStart,
    durationNs: rowDuration,
    placeholders,
    rowOfSpan,
    parentSpan,
    treeStartNs: startNs,
    treeDurationNs: Math.max(0, endNs - startNs),
    maxDepth,
    counts,
  };
}

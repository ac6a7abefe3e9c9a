// A span tree as a few typed arrays, so that a worker can derive it and hand it over without a
// structured clone of 100,000 row objects (src/renderer/src/features/trace/tree-worker.ts). The
// id map is not sent: the receiver rebuilds it from the span ids it already has, when first used.
import type { RowFlag, SpanTree, TreeRow } from './span-tree';

export interface PackedSpanTree {
  span: Int32Array;
  depth: Int32Array;
  parent: Int32Array;
  subtreeEnd: Int32Array;
  childCount: Int32Array;
  flags: Uint8Array;
  startNs: Float64Array;
  durationNs: Float64Array;
  /** [row, missing parent id] of each placeholder row. */
  placeholders: [number, string][];
  rowOfSpan: Int32Array;
  treeStartNs: number;
  treeDurationNs: number;
  maxDepth: number;
  counts: Record<keyof typeof RowFlag, number>;
}

export function packSpanTree(tree: SpanTree): PackedSpanTree {
  const n = tree.rows.length;
  const packed: PackedSpanTree = {
    span: new Int32Array(n),
    depth: new Int32Array(n),
    parent: new Int32Array(n),
    subtreeEnd: new Int32Array(n),
    childCount: new Int32Array(n),
    flags: new Uint8Array(n),
    startNs: new Float64Array(n),
    durationNs: new Float64Array(n),
    placeholders: [],
    rowOfSpan: tree.rowOfSpan.slice(),
    treeStartNs: tree.startNs,
    treeDurationNs: tree.durationNs,
    maxDepth: tree.maxDepth,
    counts: tree.counts,
  };
  tree.rows.forEach((row, r) => {
    packed.span[r] = row.span;
    packed.depth[r] = row.depth;
    packed.parent[r] = row.parent;
    packed.subtreeEnd[r] = row.subtreeEnd;
    packed.childCount[r] = row.childCount;
    packed.flags[r] = row.flags;
    packed.startNs[r] = row.startNs;
    packed.durationNs[r] = row.durationNs;
    if (row.span < 0) packed.placeholders.push([r, row.missingParentId]);
  });
  return packed;
}

/** The buffers a postMessage of the packed tree can transfer instead of copying. */
export function transferables(packed: PackedSpanTree): ArrayBuffer[] {
  const arrays = [packed.span, packed.depth, packed.parent, packed.subtreeEnd, packed.childCount, packed.flags, packed.startNs, packed.durationNs, packed.rowOfSpan];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** The tree again; `spanIds` are the ids of the spans it was derived from, in the same order. */
export function unpackSpanTree(packed: PackedSpanTree, spanIds: readonly string[]): SpanTree {
  const n = packed.span.length;
  const missing = new Map(packed.placeholders);
  const rows: TreeRow[] = new Array(n);
  for (let r = 0; r < n; r++) {
    rows[r] = {
      span: packed.span[r]!,
      missingParentId: missing.get(r) ?? '',
      depth: packed.depth[r]!,
      parent: packed.parent[r]!,
      subtreeEnd: packed.subtreeEnd[r]!,
      childCount: packed.childCount[r]!,
      flags: packed.flags[r]!,
      startNs: packed.startNs[r]!,
      durationNs: packed.durationNs[r]!,
    };
  }
  const rowOfSpan = packed.rowOfSpan;
  let owner: Map<string, number> | null = null;
  return {
    rows,
    rowOfSpan,
    rowOfSpanId: {
      get(spanId: string): number | undefined {
        if (!owner) {
          // The first span with an id owns it, as in buildSpanTree.
          owner = new Map();
          for (let i = spanIds.length - 1; i >= 0; i--) owner.set(spanIds[i]!, i);
        }
        const span = owner.get(spanId);
        return span === undefined ? undefined : rowOfSpan[span];
      },
    },
    startNs: packed.treeStartNs,
    durationNs: packed.treeDurationNs,
    maxDepth: packed.maxDepth,
    counts: packed.counts,
  };
}

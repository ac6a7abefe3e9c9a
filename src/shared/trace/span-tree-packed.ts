// A span tree as a few typed arrays: the form it is derived in (./span-tree.ts) and sent in with
// a trace's skeleton (./skeleton-codec.ts), unpacked into row objects where the views read it.
// The id map is not sent: the receiver rebuilds it from the span ids it already has, when first
// used.
import { SpanIdIndex } from './span-id-index';
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
  /** Per span, the span that owns its parent id; NO_PARENT_SPAN or MISSING_PARENT_SPAN (./span-tree.ts). */
  parentSpan: Int32Array;
  treeStartNs: number;
  treeDurationNs: number;
  maxDepth: number;
  counts: Record<keyof typeof RowFlag, number>;
}

/** The tree as rows; `spanIds` are the ids of the spans it was derived from, in the same order. */
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
  let owner: SpanIdIndex | null = null;
  return {
    rows,
    rowOfSpan,
    rowOfSpanId: {
      get(spanId: string): number | undefined {
        // The first span with an id owns it, as in buildSpanTree.
        owner ??= new SpanIdIndex(spanIds);
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

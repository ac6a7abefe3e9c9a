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

/**
 * A row read from the packed arrays: two fields instead of nine, and no number boxed on the heap
 * (a number past 2^31 in an object field is; a row's start and duration usually are). Building
 * 100,000 rows with their fields copied took ~50-70 ms with its garbage collection in headless
 * Chromium when a large trace opened.
 */
class PackedRow implements TreeRow {
  constructor(
    private readonly tree: PackedSpanTree,
    private readonly missing: ReadonlyMap<number, string>,
    private readonly r: number,
  ) {}
  get span(): number {
    return this.tree.span[this.r]!;
  }
  get missingParentId(): string {
    return this.missing.get(this.r) ?? '';
  }
  get depth(): number {
    return this.tree.depth[this.r]!;
  }
  get parent(): number {
    return this.tree.parent[this.r]!;
  }
  get subtreeEnd(): number {
    return this.tree.subtreeEnd[this.r]!;
  }
  get childCount(): number {
    return this.tree.childCount[this.r]!;
  }
  get flags(): number {
    return this.tree.flags[this.r]!;
  }
  get startNs(): number {
    return this.tree.startNs[this.r]!;
  }
  get durationNs(): number {
    return this.tree.durationNs[this.r]!;
  }
  /** What a test or a log sees: the row's values. */
  toJSON(): TreeRow {
    const { span, missingParentId, depth, parent, subtreeEnd, childCount, flags, startNs, durationNs } = this;
    return { span, missingParentId, depth, parent, subtreeEnd, childCount, flags, startNs, durationNs };
  }
}

/** The tree as rows; `spanIds` are the ids of the spans it was derived from, in the same order. */
export function unpackSpanTree(packed: PackedSpanTree, spanIds: readonly string[]): SpanTree {
  const n = packed.span.length;
  const missing = new Map(packed.placeholders);
  const rows: TreeRow[] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = new PackedRow(packed, missing, r);
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

// Which rows of the span tree the waterfall shows: all, minus the descendants of collapsed rows.
// One pass over the pre-order array, jumping over each collapsed subtree: ~1 ms at 100,000 rows.
import type { SpanTree } from '../../../../shared/trace/span-tree';

export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<number>): Int32Array {
  const out = new Int32Array(tree.rows.length);
  let count = 0;
  for (let r = 0; r < tree.rows.length; ) {
    out[count++] = r;
    r = collapsed.has(r) ? tree.rows[r]!.subtreeEnd : r + 1;
  }
  return out.subarray(0, count);
}

/** Rows with children below `depth` levels: "collapse to depth N" (0 collapses every parent). */
export function parentsAtOrBelow(tree: SpanTree, depth: number): Set<number> {
  const out = new Set<number>();
  tree.rows.forEach((row, r) => {
    if (row.childCount > 0 && row.depth >= depth) out.add(r);
  });
  return out;
}

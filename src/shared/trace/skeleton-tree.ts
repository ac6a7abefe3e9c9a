// The span tree of a skeleton's columns, packed to travel with them (see TraceSkeleton.tree).
import type { SkeletonColumns, TraceSkeleton } from '../api';
import { derivePackedSpanTree, type TreeSpanInput } from './span-tree';

/** What deriving the tree needs of the columns. */
export function treeInputs(columns: Pick<SkeletonColumns, 'spanIds' | 'parentSpanIds' | 'startOffsets' | 'endOffsets' | 'names' | 'nameIndexes'>): TreeSpanInput[] {
  const n = columns.spanIds.length;
  const out: TreeSpanInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      spanId: columns.spanIds[i]!,
      parentSpanId: columns.parentSpanIds[i]!,
      startNs: orNull(columns.startOffsets[i]!),
      endNs: orNull(columns.endOffsets[i]!),
      name: columns.names[columns.nameIndexes[i]!]!,
    };
  }
  return out;
}

const orNull = (ns: number) => (Number.isNaN(ns) ? null : ns);

export function withTree(columns: SkeletonColumns): TraceSkeleton {
  return { ...columns, tree: derivePackedSpanTree(treeInputs(columns)) };
}

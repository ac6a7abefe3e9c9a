// The span tree of a skeleton's columns, packed to travel with them (see TraceSkeleton.tree).
import type { SkeletonColumns, TraceSkeleton } from '../api';
import { derivePackedSpanTree } from './span-tree';

export function withTree(columns: SkeletonColumns): TraceSkeleton {
  const { spanIds, parentSpanIds, startOffsets, endOffsets, names, nameIndexes } = columns;
  const tree = derivePackedSpanTree({ spanIds, parentSpanIds, startNs: startOffsets, endNs: endOffsets, nameOf: (i) => names[nameIndexes[i]!]! });
  return { ...columns, tree };
}

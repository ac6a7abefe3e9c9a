// Flamegraph frames from the span tree: a frame per span, as wide as its duration, children
// under their parent. Spans running in parallel can add up to more than their parent's duration
// (a fan-out of concurrent calls); a flamegraph would then draw them past the parent's edges, so
// such children are scaled down together, in proportion, until they fit. Each frame keeps its real
// duration and its row for the span detail.
import type { SpanTree } from './span-tree';

export interface FlameFrame {
  name: string;
  /** The width the flamegraph lays out: the duration, scaled to fit the parent (ns). */
  value: number;
  /** The span's real duration (ns). */
  durationNs: number;
  /** Row in the span tree; -1 for the synthetic root over several top-level spans. */
  row: number;
  children: FlameFrame[];
}

function childRows(tree: SpanTree, row: number): number[] {
  const out: number[] = [];
  const end = tree.rows[row]!.subtreeEnd;
  for (let r = row + 1; r < end; r = tree.rows[r]!.subtreeEnd) out.push(r);
  return out;
}

export function flameData(tree: SpanTree, nameOf: (row: number) => string): FlameFrame {
  const top: number[] = [];
  for (let r = 0; r < tree.rows.length; r = tree.rows[r]!.subtreeEnd) top.push(r);
  const make = (row: number, value: number): FlameFrame => ({ name: nameOf(row), value, durationNs: tree.rows[row]!.durationNs, row, children: [] });
  const root: FlameFrame =
    top.length === 1 ? make(top[0]!, tree.rows[top[0]!]!.durationNs) : { name: 'trace', value: tree.durationNs, durationNs: tree.durationNs, row: -1, children: [] };
  // Top-down without recursion: [frame, its child rows, the scale of the frame's own duration].
  const stack: [FlameFrame, number[], number][] = [[root, root.row >= 0 ? childRows(tree, root.row) : top, 1]];
  while (stack.length > 0) {
    const [frame, rows, scale] = stack.pop()!;
    let sum = 0;
    for (const r of rows) sum += tree.rows[r]!.durationNs * scale;
    const fit = sum > frame.value && sum > 0 ? frame.value / sum : 1;
    for (const r of rows) {
      const childScale = scale * fit;
      const child = make(r, tree.rows[r]!.durationNs * childScale);
      frame.children.push(child);
      const grandchildren = childRows(tree, r);
      if (grandchildren.length > 0) stack.push([child, grandchildren, childScale]);
    }
  }
  return root;
}

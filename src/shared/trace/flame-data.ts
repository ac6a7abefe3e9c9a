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

export function flameData(tree: SpanTree, nameOf: (row: number) => string): FlameFrame {
  const rows = tree.rows;
  // Names are made when d3-flame-graph asks for one (a label drawn, a tooltip): building 100,000
  // "service: name" strings up front was a third of switching to the flamegraph.
  class Frame implements FlameFrame {
    readonly children: FlameFrame[] = [];
    constructor(
      readonly value: number,
      readonly durationNs: number,
      readonly row: number,
    ) {}
    get name(): string {
      return this.row >= 0 ? nameOf(this.row) : 'trace';
    }
  }
  let topCount = 0;
  for (let r = 0; r < rows.length; r = rows[r]!.subtreeEnd) topCount++;
  const root = topCount === 1 ? new Frame(rows[0]!.durationNs, rows[0]!.durationNs, 0) : new Frame(tree.durationNs, tree.durationNs, -1);
  // Top-down without recursion, and without an array of child rows per span: a frame's children
  // are its row's child rows, [first, end) stepping by subtree; the synthetic root's are the
  // top-level rows. Each entry: the frame and the scale of its own duration.
  const stack: [Frame, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [frame, scale] = stack.pop()!;
    const first = frame.row >= 0 ? frame.row + 1 : 0;
    const end = frame.row >= 0 ? rows[frame.row]!.subtreeEnd : rows.length;
    let sum = 0;
    for (let r = first; r < end; r = rows[r]!.subtreeEnd) sum += rows[r]!.durationNs * scale;
    const fit = sum > frame.value && sum > 0 ? frame.value / sum : 1;
    const childScale = scale * fit;
    for (let r = first; r < end; r = rows[r]!.subtreeEnd) {
      const child = new Frame(rows[r]!.durationNs * childScale, rows[r]!.durationNs, r);
      frame.children.push(child);
      if (rows[r]!.subtreeEnd > r + 1) stack.push([child, childScale]);
    }
  }
  return root;
}

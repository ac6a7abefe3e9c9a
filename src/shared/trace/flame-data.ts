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

/** Which part of the trace the frames are for. */
export interface FlameView {
  /** The row zoomed into: the frames are its ancestors (one each, the path down) and its subtree. -1: the whole trace. */
  zoomRow: number;
  /**
   * Frames narrower than this share of the zoomed frame are left out, with their subtrees: they
   * would be drawn under a pixel wide. d3-flame-graph lays out every frame it is given on every
   * update (a zoom, a search), so at 100,000 spans giving it all of them froze the page for
   * 0.43 s when switching to the flamegraph. 0 keeps every frame.
   */
  minShare: number;
}

const WHOLE_TRACE: FlameView = { zoomRow: -1, minShare: 0 };

export function flameData(tree: SpanTree, nameOf: (row: number) => string, view: FlameView = WHOLE_TRACE): FlameFrame {
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
  // A frame's children are its row's child rows, [first, end) stepping by subtree; the synthetic
  // root's are the top-level rows. They are scaled together by `fit` when they add up past it.
  const childRange = (frame: Frame): [number, number] => (frame.row >= 0 ? [frame.row + 1, rows[frame.row]!.subtreeEnd] : [0, rows.length]);
  const childScaleOf = (frame: Frame, scale: number): number => {
    const [first, end] = childRange(frame);
    let sum = 0;
    for (let r = first; r < end; r = rows[r]!.subtreeEnd) sum += rows[r]!.durationNs * scale;
    return sum > frame.value && sum > 0 ? (scale * frame.value) / sum : scale;
  };

  // Zoomed: walk down from the root to the zoomed row, one frame per ancestor.
  let top = root;
  let topScale = 1;
  const zoomRow = view.zoomRow >= 0 && view.zoomRow < rows.length && view.zoomRow !== root.row ? view.zoomRow : -1;
  if (zoomRow >= 0) {
    const path: number[] = [];
    for (let r = zoomRow; r >= 0 && r !== root.row; r = rows[r]!.parent) path.push(r);
    for (let i = path.length - 1; i >= 0; i--) {
      const r = path[i]!;
      topScale = childScaleOf(top, topScale);
      const frame = new Frame(rows[r]!.durationNs * topScale, rows[r]!.durationNs, r);
      top.children.push(frame);
      top = frame;
    }
  }

  // Top-down without recursion. Each entry: the frame and the scale of its own duration.
  const minValue = top.value * view.minShare;
  const stack: [Frame, number][] = [[top, topScale]];
  while (stack.length > 0) {
    const [frame, scale] = stack.pop()!;
    const [first, end] = childRange(frame);
    const childScale = childScaleOf(frame, scale);
    for (let r = first; r < end; r = rows[r]!.subtreeEnd) {
      const value = rows[r]!.durationNs * childScale;
      if (value < minValue || (minValue > 0 && value === 0)) continue;
      const child = new Frame(value, rows[r]!.durationNs, r);
      frame.children.push(child);
      if (rows[r]!.subtreeEnd > r + 1) stack.push([child, childScale]);
    }
  }
  return root;
}

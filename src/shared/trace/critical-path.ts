// The critical path of a trace: the chain of span sections that determined its end-to-end
// duration. Walking back from the root's end, the section of a span after its last-finishing
// child belongs to the span itself; before that, the path runs through that child (recursively),
// then continues in the parent before the child started. The same rule as Jaeger UI's critical
// path, done iteratively (a 100,000-span chain is that deep) with children clipped to their
// parent's time range (clock skew must not extend a parent).
import type { SpanTree } from './span-tree';

export interface CriticalSection {
  row: number;
  /** Offsets from the trace start, ns. */
  startNs: number;
  endNs: number;
}

export interface CriticalPath {
  /** Latest first, as the walk finds them. */
  sections: CriticalSection[];
  /** 1 for each row with at least one critical section. */
  onPath: Uint8Array;
}

interface Frame {
  row: number;
  /** The row's children, latest (clipped) end first. */
  children: number[];
  next: number;
  cursor: number;
  start: number;
  end: number;
}

function childRows(tree: SpanTree, row: number): number[] {
  const out: number[] = [];
  const end = tree.rows[row]!.subtreeEnd;
  for (let r = row + 1; r < end; r = tree.rows[r]!.subtreeEnd) out.push(r);
  return out;
}

export function criticalPath(tree: SpanTree): CriticalPath {
  const { rows } = tree;
  const onPath = new Uint8Array(rows.length);
  const sections: CriticalSection[] = [];
  // The top-level span that ends last (the earliest one of those) carries the trace's duration.
  let root = -1;
  for (let r = 0; r < rows.length; r = rows[r]!.subtreeEnd) {
    const row = rows[r]!;
    if (row.span < 0) continue;
    const best = root < 0 ? null : rows[root]!;
    if (!best || row.startNs + row.durationNs > best.startNs + best.durationNs) root = r;
  }
  if (root < 0) return { sections, onPath };

  const frame = (row: number, start: number, end: number): Frame => {
    const clippedEnd = (r: number) => Math.min(end, rows[r]!.startNs + rows[r]!.durationNs);
    const children = childRows(tree, row)
      .filter((r) => clippedEnd(r) > start || (rows[r]!.durationNs === 0 && rows[r]!.startNs >= start && rows[r]!.startNs <= end))
      .sort((a, b) => clippedEnd(b) - clippedEnd(a) || rows[b]!.startNs - rows[a]!.startNs);
    return { row, children, next: 0, cursor: end, start, end };
  };
  const rootRow = rows[root]!;
  const stack: Frame[] = [frame(root, rootRow.startNs, rootRow.startNs + rootRow.durationNs)];
  const add = (row: number, startNs: number, endNs: number) => {
    if (endNs > startNs) sections.push({ row, startNs, endNs });
    onPath[row] = 1;
  };
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    // The last-finishing child that ends by the cursor.
    let child = -1;
    while (top.next < top.children.length) {
      const candidate = top.children[top.next++]!;
      if (Math.min(top.end, rows[candidate]!.startNs + rows[candidate]!.durationNs) <= top.cursor) {
        child = candidate;
        break;
      }
    }
    if (child < 0 || top.cursor <= top.start) {
      add(top.row, top.start, top.cursor);
      stack.pop();
      continue;
    }
    const c = rows[child]!;
    const childStart = Math.max(top.start, c.startNs);
    const childEnd = Math.min(top.end, c.startNs + c.durationNs);
    add(top.row, childEnd, top.cursor);
    top.cursor = childStart;
    stack.push(frame(child, childStart, childEnd));
  }
  return { sections, onPath };
}

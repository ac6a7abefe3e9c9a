import { describe, expect, it } from 'vitest';
import { buildSpanTree, derivePackedSpanTree, MISSING_PARENT_SPAN, NO_PARENT_SPAN, RowFlag, treeColumnsOf, type TreeSpanInput } from '../../../src/shared/trace/span-tree';
import { unpackSpanTree } from '../../../src/shared/trace/span-tree-packed';

const span = (spanId: string, parentSpanId: string, startNs: number | null, endNs: number | null): TreeSpanInput => ({ spanId, parentSpanId, startNs, endNs, name: `op ${spanId}` });

describe('a packed span tree', () => {
  // Every repair at once: an orphan under a placeholder, a duplicate id, a cycle, a missing time.
  const spans = [
    span('a', '', 0, 100),
    span('b', 'a', 10, 50),
    span('c', 'zz', 20, 30),
    span('b', 'a', 60, 70),
    span('d', 'e', 5, 6),
    span('e', 'd', 7, 8),
    span('f', 'a', null, null),
  ];
  const ids = spans.map((s) => s.spanId);
  // As it crosses to the page (IPC and the binary skeleton keep the typed arrays).
  const packed = structuredClone(derivePackedSpanTree(treeColumnsOf(spans)));
  const tree = unpackSpanTree(packed, ids);

  it('holds every row in pre-order with its depth, parent, extent and repairs', () => {
    const described = tree.rows.map((row) => [row.span < 0 ? `placeholder ${row.missingParentId}` : ids[row.span], row.depth, row.parent, row.subtreeEnd, row.childCount, row.flags]);
    expect(described).toEqual([
      ['a', 0, -1, 4, 3, 0],
      ['b', 1, 0, 2, 0, 0],
      ['b', 1, 0, 3, 0, RowFlag.DUPLICATE_ID],
      // No time: after its timed siblings, an instant at its parent's start.
      ['f', 1, 0, 4, 0, RowFlag.MISSING_TIME],
      ['placeholder zz', 0, -1, 6, 1, RowFlag.PLACEHOLDER],
      ['c', 1, 4, 6, 0, RowFlag.ORPHAN],
      // The cycle d <-> e is cut at its earliest span, d; e (7-8) ends after d (5-6).
      ['d', 0, -1, 8, 1, RowFlag.CYCLE],
      ['e', 1, 6, 8, 0, RowFlag.OUTSIDE_PARENT],
    ]);
    expect(tree.rows[4]).toMatchObject({ startNs: 20, durationNs: 10 });
    expect(tree.counts).toEqual({ PLACEHOLDER: 1, ORPHAN: 1, DUPLICATE_ID: 1, CYCLE: 1, MISSING_TIME: 1, OUTSIDE_PARENT: 1 });
    expect([...tree.rowOfSpan].every((row, i) => tree.rows[row]!.span === i)).toBe(true);
    // What each parent id names: a cycle's span names its parent all the same.
    expect([...packed.parentSpan]).toEqual([NO_PARENT_SPAN, 0, MISSING_PARENT_SPAN, 0, 5, 4, 0]);
  });

  it('unpacks to what buildSpanTree gives, and finds rows by span id, the first span owning a duplicated id', () => {
    expect(tree.rows).toEqual(buildSpanTree(spans).rows);
    expect(tree.rowOfSpanId.get('b')).toBe(1);
    for (const id of ['a', 'c', 'd', 'e', 'f']) expect(tree.rows[tree.rowOfSpanId.get(id)!]!.span).toBe(ids.indexOf(id));
    expect(tree.rowOfSpanId.get('zz')).toBeUndefined();
  });
});

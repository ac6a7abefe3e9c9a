import { describe, expect, it } from 'vitest';
import { buildSpanTree } from '../../src/shared/trace/span-tree';
import { parentsAtOrBelow, visibleRows } from '../../src/renderer/src/features/trace/visible-rows';
import { traceWellFormedOutOfOrder } from '../fixtures/span-trees';

describe('visible waterfall rows', () => {
  // a > b > (c1, c2), a > d
  const tree = buildSpanTree(traceWellFormedOutOfOrder);

  it('shows every row when nothing is collapsed', () => {
    expect([...visibleRows(tree, new Set())]).toEqual([0, 1, 2, 3, 4]);
  });

  it('hides the whole subtree of a collapsed row, and only that', () => {
    expect([...visibleRows(tree, new Set([1]))]).toEqual([0, 1, 4]);
    expect([...visibleRows(tree, new Set([0]))]).toEqual([0]);
  });

  it('collapses every parent from a depth down', () => {
    expect([...parentsAtOrBelow(tree, 1)]).toEqual([1]);
    expect([...visibleRows(tree, parentsAtOrBelow(tree, 0))]).toEqual([0]);
  });
});

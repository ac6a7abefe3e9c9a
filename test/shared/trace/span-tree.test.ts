import { describe, expect, it } from 'vitest';
import { buildSpanTree, RowFlag, type SpanTree } from '../../../src/shared/trace/span-tree';
import {
  traceDeepChain,
  traceWellFormedOutOfOrder,
  traceWithClockSkew,
  traceWithCycle,
  traceWithDuplicateSpanIds,
  traceWithMissingTimes,
  traceWithOrphans,
} from '../../fixtures/span-trees';
import type { TreeSpanInput } from '../../../src/shared/trace/span-tree';

/** Each row as "  name" indented by depth, placeholders as "[missing id]", with flag names. */
function outline(tree: SpanTree, spans: TreeSpanInput[]): string[] {
  return tree.rows.map((row) => {
    const label = row.span < 0 ? `[missing ${row.missingParentId}]` : spans[row.span]!.name;
    const flags = (Object.keys(RowFlag) as (keyof typeof RowFlag)[]).filter((f) => f !== 'PLACEHOLDER' && row.flags & RowFlag[f]);
    return `${'  '.repeat(row.depth)}${label}${flags.length ? ` (${flags.join(', ')})` : ''}`;
  });
}

describe('span tree', () => {
  it('orders siblings by start and lays out one pre-order array with subtree extents', () => {
    const tree = buildSpanTree(traceWellFormedOutOfOrder);
    expect(outline(tree, traceWellFormedOutOfOrder)).toEqual(['a', '  b', '    c1', '    c2', '  d']);
    expect(tree.rows.map((r) => [r.parent, r.subtreeEnd, r.childCount])).toEqual([
      [-1, 5, 2],
      [0, 4, 2],
      [1, 3, 0],
      [1, 4, 0],
      [0, 5, 0],
    ]);
    expect(tree.rows.map((r) => [r.startNs / 1e6, r.durationNs / 1e6])).toEqual([
      [0, 100],
      [10, 40],
      [15, 5],
      [30, 10],
      [60, 30],
    ]);
    expect(tree.durationNs).toBe(100e6);
    expect(tree.maxDepth).toBe(2);
    expect(tree.rowOfSpan[traceWellFormedOutOfOrder.findIndex((s) => s.spanId === 'c2')]).toBe(3);
    expect(tree.rowOfSpanId.get('d')).toBe(4);
    expect(Object.values(tree.counts).every((c) => c === 0)).toBe(true);
  });

  it('keeps orphans under a placeholder for each missing parent, never drops them', () => {
    const tree = buildSpanTree(traceWithOrphans);
    expect(outline(tree, traceWithOrphans)).toEqual(['root', '[missing missing1]', '  o1 (ORPHAN)', '    o1child', '  o2 (ORPHAN)', '[missing missing2]', '  lone (ORPHAN)']);
    const placeholder = tree.rows[1]!;
    expect([placeholder.startNs / 1e6, placeholder.durationNs / 1e6, placeholder.childCount, placeholder.subtreeEnd]).toEqual([20, 40, 2, 5]);
    expect(tree.counts).toMatchObject({ PLACEHOLDER: 2, ORPHAN: 3 });
  });

  it('gives a duplicated span id to its first span and still shows the second', () => {
    const tree = buildSpanTree(traceWithDuplicateSpanIds);
    expect(outline(tree, traceWithDuplicateSpanIds)).toEqual(['a', '  first x', '    y', '  second x (DUPLICATE_ID)']);
    expect(tree.rowOfSpanId.get('x')).toBe(1);
    expect(tree.counts.DUPLICATE_ID).toBe(1);
  });

  it('cuts cycles at their earliest span', () => {
    const tree = buildSpanTree(traceWithCycle);
    expect(outline(tree, traceWithCycle)).toEqual(['root', 'self (CYCLE)', 'q (CYCLE)', '  p']);
    expect(tree.rows).toHaveLength(4);
    expect(tree.counts.CYCLE).toBe(2);
  });

  it('draws spans without usable times as instants at their parent start', () => {
    const tree = buildSpanTree(traceWithMissingTimes);
    // Untimed siblings go after timed ones, by name.
    expect(outline(tree, traceWithMissingTimes)).toEqual(['a', '  backwards (MISSING_TIME)', '  noend (MISSING_TIME)', '  nostart (MISSING_TIME)']);
    expect(tree.rows.slice(1).map((r) => [r.startNs, r.durationNs])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(tree.durationNs).toBe(100e6);
  });

  it('marks children that start before or end after their parent', () => {
    const tree = buildSpanTree(traceWithClockSkew);
    expect(outline(tree, traceWithClockSkew)).toEqual(['client', '  server (OUTSIDE_PARENT)', '  inside', '  late (OUTSIDE_PARENT)']);
    expect(tree.rows[0]!.startNs).toBe(5e6); // the trace starts with the skewed child
    expect(tree.durationNs).toBe(65e6);
  });

  it('handles a 100,000-span chain without recursion', () => {
    const chain = traceDeepChain(100_000);
    const tree = buildSpanTree(chain);
    expect(tree.rows).toHaveLength(100_000);
    expect(tree.maxDepth).toBe(99_999);
    expect(tree.rows[0]!.subtreeEnd).toBe(100_000);
    expect(tree.rows[99_999]!.depth).toBe(99_999);
  });

  it('is empty for no spans', () => {
    const tree = buildSpanTree([]);
    expect(tree.rows).toEqual([]);
    expect(tree.durationNs).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSpanTree, type TreeSpanInput } from '../../../src/shared/trace/span-tree';
import { packSpanTree, transferables, unpackSpanTree } from '../../../src/shared/trace/span-tree-transfer';

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
  const tree = buildSpanTree(spans);
  const packed = packSpanTree(tree);
  const back = unpackSpanTree(structuredClone(packed, { transfer: transferables(packed) }), spans.map((s) => s.spanId));

  it('unpacks to the same rows, extent and repair counts', () => {
    expect(back.rows).toEqual(tree.rows);
    expect([...back.rowOfSpan]).toEqual([...tree.rowOfSpan]);
    expect({ startNs: back.startNs, durationNs: back.durationNs, maxDepth: back.maxDepth, counts: back.counts }).toEqual({
      startNs: tree.startNs,
      durationNs: tree.durationNs,
      maxDepth: tree.maxDepth,
      counts: tree.counts,
    });
  });

  it('finds rows by span id as the original does, the first span owning a duplicated id', () => {
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'zz', 'nope']) expect(back.rowOfSpanId.get(id)).toBe(tree.rowOfSpanId.get(id));
  });
});

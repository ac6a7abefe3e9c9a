// Critical paths computed by hand for small traces (times in ms).
import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../../src/shared/trace/critical-path';
import { buildSpanTree } from '../../../src/shared/trace/span-tree';
import { spans, traceDeepChain, type SpanSpec } from '../../fixtures/span-trees';

/** Sections as [span id, start ms, end ms], latest first. */
function path(specs: SpanSpec[]): [string, number, number][] {
  const input = spans(specs);
  const tree = buildSpanTree(input);
  const start = tree.startNs / 1e6;
  return criticalPath(tree).sections.map((s) => [input[tree.rows[s.row]!.span]!.spanId, start + s.startNs / 1e6, start + s.endNs / 1e6]);
}

describe('critical path', () => {
  it('runs through sequential children and the parent between them', () => {
    expect(path([['root', '', 0, 100], ['a', 'root', 10, 40], ['b', 'root', 50, 90]])).toEqual([
      ['root', 90, 100],
      ['b', 50, 90],
      ['root', 40, 50],
      ['a', 10, 40],
      ['root', 0, 10],
    ]);
  });

  it('takes the last-finishing of parallel children and skips the ones it hides', () => {
    expect(path([['root', '', 0, 100], ['a', 'root', 10, 80], ['b', 'root', 20, 60]])).toEqual([
      ['root', 80, 100],
      ['a', 10, 80],
      ['root', 0, 10],
    ]);
  });

  it('descends into grandchildren', () => {
    expect(path([['root', '', 0, 100], ['a', 'root', 10, 90], ['a1', 'a', 20, 50], ['a2', 'a', 60, 80]])).toEqual([
      ['root', 90, 100],
      ['a', 80, 90],
      ['a2', 60, 80],
      ['a', 50, 60],
      ['a1', 20, 50],
      ['a', 10, 20],
      ['root', 0, 10],
    ]);
  });

  it('clips a child that ends after its parent (clock skew) to the parent', () => {
    expect(path([['root', '', 0, 100], ['a', 'root', 50, 120]])).toEqual([
      ['a', 50, 100],
      ['root', 0, 50],
    ]);
  });

  it('continues before a child with the children that finished before it started', () => {
    // c overlaps the start of b: it ends after b starts, so the path goes b, then a.
    expect(path([['root', '', 0, 100], ['a', 'root', 5, 30], ['c', 'root', 20, 60], ['b', 'root', 50, 95]])).toEqual([
      ['root', 95, 100],
      ['b', 50, 95],
      ['root', 30, 50],
      ['a', 5, 30],
      ['root', 0, 5],
    ]);
  });

  it('marks the rows on the path', () => {
    const tree = buildSpanTree(spans([['root', '', 0, 100], ['a', 'root', 10, 80], ['b', 'root', 20, 60]]));
    expect([...criticalPath(tree).onPath]).toEqual([1, 1, 0]);
  });

  it('walks a 100,000-span chain without recursion', () => {
    const result = criticalPath(buildSpanTree(traceDeepChain(100_000)));
    expect(result.onPath.every((x) => x === 1)).toBe(true);
  });
});

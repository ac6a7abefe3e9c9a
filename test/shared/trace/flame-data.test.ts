import { describe, expect, it } from 'vitest';
import { flameData, type FlameFrame } from '../../../src/shared/trace/flame-data';
import { buildSpanTree } from '../../../src/shared/trace/span-tree';
import { spans, traceDeepChain, type SpanSpec } from '../../fixtures/span-trees';

function frames(specs: SpanSpec[]) {
  const input = spans(specs);
  const tree = buildSpanTree(input);
  return flameData(tree, (row) => input[tree.rows[row]!.span]?.spanId ?? 'placeholder');
}
/** The frames of a view, the zoomed row given by its span id. */
function framesOf(specs: SpanSpec[], zoomSpanId: string | null, minShare: number) {
  const input = spans(specs);
  const tree = buildSpanTree(input);
  const zoomRow = zoomSpanId === null ? -1 : tree.rows.findIndex((r) => r.span >= 0 && input[r.span]!.spanId === zoomSpanId);
  return flameData(tree, (row) => input[tree.rows[row]!.span]?.spanId ?? 'placeholder', { zoomRow, minShare });
}
/** [name, value ms, children] */
type Shape = [string, number, Shape[]];
function shape(frame: FlameFrame): Shape {
  return [frame.name, Math.round(frame.value / 1e3) / 1e3, frame.children.map(shape)];
}
function fitsEverywhere(frame: FlameFrame): boolean {
  const sum = frame.children.reduce((s, c) => s + c.value, 0);
  return sum <= frame.value * (1 + 1e-9) && frame.children.every(fitsEverywhere);
}

describe('flame data', () => {
  it('is the span tree with durations as widths', () => {
    expect(shape(frames([['root', '', 0, 100], ['a', 'root', 10, 40], ['b', 'root', 50, 90], ['a1', 'a', 15, 25]]))).toEqual([
      'root',
      100,
      [
        ['a', 30, [['a1', 10, []]]],
        ['b', 40, []],
      ],
    ]);
  });

  it('scales parallel children that add up past their parent, subtrees included, in proportion', () => {
    // Three concurrent 60 ms calls under a 100 ms parent: 180 ms scaled to 100.
    const root = frames([['root', '', 0, 100], ['a', 'root', 10, 70], ['b', 'root', 20, 80], ['c', 'root', 30, 90], ['a1', 'a', 10, 40]]);
    expect(shape(root)).toEqual([
      'root',
      100,
      [
        ['a', 33.333, [['a1', 16.667, []]]],
        ['b', 33.333, []],
        ['c', 33.333, []],
      ],
    ]);
    expect(root.children[0]!.durationNs).toBe(60e6); // the real duration is kept
    expect(fitsEverywhere(root)).toBe(true);
  });

  it('puts several top-level spans under one trace frame', () => {
    const root = frames([['r1', '', 0, 40], ['r2', '', 50, 100], ['o', 'gone', 10, 20]]);
    expect(root.name).toBe('trace');
    expect(root.row).toBe(-1);
    expect(root.children.map((c) => c.name)).toEqual(['r1', 'placeholder', 'r2']);
    expect(fitsEverywhere(root)).toBe(true);
  });

  // root 100 ms > a 40 (a1 0.5, a2 20) and b 0.05 ms; a2 > a21 0.02 ms
  const culled: SpanSpec[] = [
    ['root', '', 0, 100],
    ['a', 'root', 0, 40],
    ['a1', 'a', 1, 1.5],
    ['a2', 'a', 10, 30],
    ['a21', 'a2', 11, 11.02],
    ['b', 'root', 50, 50.05],
  ];

  it('leaves out the frames narrower than the share of the view it is asked for, with their subtrees', () => {
    expect(shape(framesOf(culled, null, 0.001))).toEqual(['root', 100, [['a', 40, [['a1', 0.5, []], ['a2', 20, []]]]]]);
    expect(shape(framesOf(culled, null, 0.01))).toEqual(['root', 100, [['a', 40, [['a2', 20, []]]]]]);
    expect(shape(framesOf(culled, null, 0))).toEqual(shape(frames(culled)));
  });

  it('zoomed into a span: its ancestors as a path down to it, its subtree culled against its own width', () => {
    // a2 is 20 ms: 0.02 ms is 0.1 % of it (kept at 0.001), 0.02 % of the whole trace (left out).
    expect(shape(framesOf(culled, 'a2', 0.001))).toEqual(['root', 100, [['a', 40, [['a2', 20, [['a21', 0.02, []]]]]]]]);
    expect(shape(framesOf(culled, 'root', 0.01))).toEqual(shape(framesOf(culled, null, 0.01)));
  });

  it('keeps the scale of parallel children when zoomed below them', () => {
    const parallel: SpanSpec[] = [['root', '', 0, 100], ['a', 'root', 10, 70], ['b', 'root', 20, 80], ['a1', 'a', 10, 40]];
    const zoomed = framesOf(parallel, 'a', 0);
    const whole = framesOf(parallel, null, 0);
    expect(shape(zoomed)).toEqual(['root', 100, [['a', 50, [['a1', 25, []]]]]]);
    expect(shape(whole.children[0]!)).toEqual(shape(zoomed.children[0]!));
  });

  it('builds 100,000 nested frames without recursion', () => {
    const input = traceDeepChain(100_000);
    const tree = buildSpanTree(input);
    let depth = 0;
    for (let f: FlameFrame | undefined = flameData(tree, () => 's'); f; f = f.children[0]) depth++;
    expect(depth).toBe(100_000);
  });
});

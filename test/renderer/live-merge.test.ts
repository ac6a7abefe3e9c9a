import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src/shared/api';
import { compareRows, mergeMatching } from '../../src/renderer/src/features/trace-list/live-merge';

function row(id: number, startMs: number, durationMs = 10): TraceSummary {
  return {
    traceId: id.toString(16).padStart(32, '0'),
    rootServiceName: 'web',
    rootName: 'GET /',
    hasRoot: true,
    startTimeUnixNano: (BigInt(startMs) * 1_000_000n).toString(),
    durationNanos: durationMs * 1_000_000,
    spanCount: 1,
    errorCount: 0,
    services: ['web'],
  };
}
const ids = (rows: TraceSummary[]) => rows.map((r) => parseInt(r.traceId, 16));

describe('merging live updates into the list', () => {
  const rows = [row(5, 500), row(4, 400), row(3, 300)];

  it('puts new matching traces at their place, newest first', () => {
    const merged = mergeMatching({ rows, updatedIds: new Set([row(6, 600).traceId, row(9, 350).traceId]), matching: [row(6, 600), row(9, 350)], sort: 'newest', complete: true, maxRows: 100 });
    expect(ids(merged.rows)).toEqual([6, 5, 4, 9, 3]);
    expect(merged.added).toBe(2);
  });

  it('leaves out new traces that belong to a page not loaded yet', () => {
    const merged = mergeMatching({ rows, updatedIds: new Set([row(7, 100).traceId]), matching: [row(7, 100)], sort: 'newest', complete: false, maxRows: 100 });
    expect(ids(merged.rows)).toEqual([5, 4, 3]);
    const complete = mergeMatching({ rows, updatedIds: new Set([row(7, 100).traceId]), matching: [row(7, 100)], sort: 'newest', complete: true, maxRows: 100 });
    expect(ids(complete.rows)).toEqual([5, 4, 3, 7]);
  });

  it('updates a trace in place and moves it when its sort key changed', () => {
    const grown = { ...row(4, 400, 99), spanCount: 7 };
    const merged = mergeMatching({ rows, updatedIds: new Set([grown.traceId]), matching: [grown], sort: 'newest', complete: true, maxRows: 100 });
    expect(merged.rows[1]).toEqual(grown);
    const slowest = [row(5, 500, 30), row(4, 400, 20), row(3, 300, 10)];
    const moved = mergeMatching({ rows: slowest, updatedIds: new Set([row(3, 300).traceId]), matching: [row(3, 300, 50)], sort: 'slowest', complete: true, maxRows: 100 });
    expect(ids(moved.rows)).toEqual([3, 5, 4]);
  });

  it('removes an updated trace that no longer matches', () => {
    const merged = mergeMatching({ rows, updatedIds: new Set([row(4, 0).traceId]), matching: [], sort: 'newest', complete: true, maxRows: 100 });
    expect(ids(merged.rows)).toEqual([5, 3]);
    expect(merged.added).toBe(0);
  });

  it('keeps at most maxRows and then says the list is incomplete', () => {
    const merged = mergeMatching({ rows, updatedIds: new Set([row(8, 800).traceId]), matching: [row(8, 800)], sort: 'newest', complete: true, maxRows: 3 });
    expect(ids(merged.rows)).toEqual([8, 5, 4]);
    expect(merged.complete).toBe(false);
  });

  it('compares 64-bit start times exactly', () => {
    const a = { ...row(1, 0), startTimeUnixNano: '1800000000000000001' };
    const b = { ...row(2, 0), startTimeUnixNano: '1800000000000000000' };
    expect(compareRows(a, b, 'newest')).toBeLessThan(0);
    expect(compareRows({ ...a, startTimeUnixNano: '999' }, b, 'newest')).toBeGreaterThan(0);
  });
});

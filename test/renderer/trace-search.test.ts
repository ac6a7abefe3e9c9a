import { describe, expect, it } from 'vitest';
import { withTree } from '../../src/shared/trace/skeleton-tree';
import { toTraceModel } from '../../src/renderer/src/features/trace/trace-model';
import { searchTrace, step } from '../../src/renderer/src/features/trace/trace-search';

// root (frontend, "GET /Checkout") > a (cart, "Load Cart") > b (cart, "save cart"); c's parent is
// not in the trace, so it sits under a placeholder row.
const skeleton = withTree({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  baseUnixNano: '1700000000000000000',
  services: ['frontend', 'Cart'],
  names: ['GET /Checkout', 'Load Cart', 'save cart', 'orphan work'],
  spanIds: ['00000000000000a0', '00000000000000a1', '00000000000000a2', '00000000000000a3'],
  parentSpanIds: ['', '00000000000000a0', '00000000000000a1', '00000000000000ff'],
  nameIndexes: [0, 1, 2, 3],
  serviceIndexes: [0, 1, 1, 0],
  startOffsets: [0, 10, 20, 30],
  endOffsets: [100, 90, 80, 40],
  kinds: [2, 1, 1, 1],
  statusCodes: [0, 0, 2, 0],
  events: [null, null, null, null],
});
const model = toTraceModel(skeleton);
const spanAt = (rows: number[]) => rows.map((r) => model.spans[model.tree.rows[r]!.span]!.spanId);

describe('search inside a trace', () => {
  it('matches names and services without regard to case, in tree order', () => {
    expect(spanAt(searchTrace(model, 'CART'))).toEqual(['00000000000000a1', '00000000000000a2']);
    expect(spanAt(searchTrace(model, 'checkout'))).toEqual(['00000000000000a0']);
    expect(spanAt(searchTrace(model, '  front '))).toEqual(['00000000000000a0', '00000000000000a3']);
  });

  it('matches a whole span id, and the spans the store found by their attributes', () => {
    expect(spanAt(searchTrace(model, '00000000000000A2'))).toEqual(['00000000000000a2']);
    expect(spanAt(searchTrace(model, 'user-42', new Set(['00000000000000a3'])))).toEqual(['00000000000000a3']);
  });

  it('finds nothing for an empty query and never matches the placeholder of a missing parent', () => {
    expect(searchTrace(model, '   ')).toEqual([]);
    expect(searchTrace(model, '00000000000000ff')).toEqual([]);
  });
});

describe('stepping through matches', () => {
  it('goes to the next or previous match from the selection, wrapping around', () => {
    expect(step([2, 5, 9], null, 1)).toBe(2);
    expect(step([2, 5, 9], null, -1)).toBe(9);
    expect(step([2, 5, 9], 5, 1)).toBe(9);
    expect(step([2, 5, 9], 9, 1)).toBe(2);
    expect(step([2, 5, 9], 2, -1)).toBe(9);
    expect(step([2, 5, 9], 6, -1)).toBe(5);
    expect(step([], 3, 1)).toBeNull();
  });
});

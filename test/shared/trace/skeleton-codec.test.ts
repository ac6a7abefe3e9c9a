import { describe, expect, it } from 'vitest';
import { decodeSkeleton, encodeSkeleton, SkeletonFormatError } from '../../../src/shared/trace/skeleton-codec';
import { withTree } from '../../../src/shared/trace/skeleton-tree';
import type { TraceSkeleton } from '../../../src/shared/api';

// A root with a child, an orphan (its parent is not in the trace: a placeholder row), a span
// without times, a span that is its own parent, a duplicated span id, events on two spans,
// names and services beyond ASCII.
const skeleton = withTree({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  baseUnixNano: '1700000000000000123',
  services: ['frontend', 'café-service'],
  names: ['GET /checkout', 'load — cart', 'orphan', 'no time'],
  spanIds: ['00000000000000a0', '00000000000000a1', '00000000000000a2', '00000000000000a3', '00000000000000a4', '00000000000000a1'],
  parentSpanIds: ['', '00000000000000a0', '00000000000000ff', '00000000000000a0', '00000000000000a4', '00000000000000a0'],
  nameIndexes: [0, 1, 2, 3, 0, 1],
  serviceIndexes: [0, 1, 1, 0, 0, 1],
  startOffsets: [0, 10.5, 30, NaN, 5, 11],
  endOffsets: [2 ** 52, 90, 40, NaN, 6, 12],
  kinds: [2, 3, 1, 0, 1, 1],
  statusCodes: [0, 2, 0, 1, 0, 0],
  events: [null, [[12, 1], [0, 0]], null, [[5, 0]], null, null],
});

/** The numeric columns as plain arrays (decoding gives typed arrays over the bytes). */
const plain = (k: TraceSkeleton) => ({ ...k, nameIndexes: Array.from(k.nameIndexes), serviceIndexes: Array.from(k.serviceIndexes), kinds: Array.from(k.kinds), statusCodes: Array.from(k.statusCodes), startOffsets: Array.from(k.startOffsets), endOffsets: Array.from(k.endOffsets) });

/** The bytes as a page receives them: an ArrayBuffer of their own. */
const received = (bytes: Uint8Array) => bytes.slice().buffer;

describe('the binary trace skeleton', () => {
  it('decodes to the skeleton and tree it was made from', () => {
    const decoded = decodeSkeleton(received(encodeSkeleton(skeleton)));
    expect(plain(decoded)).toEqual(plain(skeleton));
    // Each integer column in the narrowest type that holds it.
    expect(decoded.nameIndexes).toBeInstanceOf(Uint8Array);
    expect(decoded.tree.counts.PLACEHOLDER).toBe(1);
    expect(decoded.tree.counts.MISSING_TIME).toBe(1);
    expect(decoded.tree.counts.CYCLE).toBe(1);
    expect(decoded.tree.counts.DUPLICATE_ID).toBe(1);
  });

  it('keeps a trace of one span', () => {
    const one = withTree({ ...skeleton, spanIds: ['00000000000000a0'], parentSpanIds: [''], nameIndexes: [0], serviceIndexes: [0], startOffsets: [0], endOffsets: [1], kinds: [1], statusCodes: [0], events: [null] });
    expect(plain(decodeSkeleton(received(encodeSkeleton(one))))).toEqual(plain(one));
  });

  it('widens a column whose values need it, and keeps times past 2^32 ns exact', () => {
    const n = 300;
    const ids = Array.from({ length: n }, (_, i) => (i + 1).toString(16).padStart(16, '0'));
    const wide = withTree({
      ...skeleton,
      names: ids.map((id) => `op ${id}`),
      spanIds: ids,
      parentSpanIds: ids.map((_, i) => (i === 0 ? '' : ids[0]!)),
      nameIndexes: ids.map((_, i) => i),
      serviceIndexes: ids.map(() => 1),
      startOffsets: ids.map((_, i) => 3_600_000_000_123 + i),
      endOffsets: ids.map((_, i) => 3_600_000_000_123 + 2 * i + 7),
      kinds: ids.map((_, i) => (i === 5 ? 70_000 : 1)),
      statusCodes: ids.map(() => 0),
      events: ids.map(() => null),
    });
    const decoded = decodeSkeleton(received(encodeSkeleton(wide)));
    expect(plain(decoded)).toEqual(plain(wide));
    expect(decoded.nameIndexes).toBeInstanceOf(Uint16Array);
    expect(decoded.kinds).toBeInstanceOf(Uint32Array);
  });

  it('refuses bytes that are not a skeleton of this version, or end early', () => {
    const bytes = encodeSkeleton(skeleton);
    expect(() => decodeSkeleton(new ArrayBuffer(4))).toThrow(SkeletonFormatError);
    expect(() => decodeSkeleton(received(new TextEncoder().encode('{"resourceSpans":[]}')))).toThrow(/no TDSK mark/);
    const later = bytes.slice();
    new Uint32Array(later.buffer, 0, 3)[1] = 99;
    expect(() => decodeSkeleton(later.buffer)).toThrow(/version 99/);
    expect(() => decodeSkeleton(received(bytes.subarray(0, bytes.length - 16)))).toThrow(/ends inside its rowDuration column/);
  });
});

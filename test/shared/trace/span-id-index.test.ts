import { describe, expect, it } from 'vitest';
import { SpanIdIndex } from '../../../src/shared/trace/span-id-index';

const id = (n: number) => n.toString(16).padStart(16, '0');

describe('the span id index', () => {
  it('finds the first span with each id among many, and nothing for other ids', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => id(i * 7919 + 1));
    ids.push(id(1)); // a duplicate of span 0
    ids.push('ffffffffffffffff', '8000000000000000', '7fffffff00000001');
    const duplicates: number[] = [];
    const index = new SpanIdIndex(ids, (i) => duplicates.push(i));
    expect(duplicates).toEqual([5000]);
    ids.forEach((x, i) => expect(index.get(x)).toBe(ids.indexOf(x) === i ? i : ids.indexOf(x)));
    expect(index.get(id(1))).toBe(0);
    expect(index.get(id(2))).toBeUndefined();
    expect(index.get('FFFFFFFFFFFFFFFF')).toBeUndefined(); // ids are kept in lowercase
    expect(index.get('not an id')).toBeUndefined();
    expect(index.get('')).toBeUndefined();
  });

  it('works with ids of any other form, as a Map does', () => {
    const duplicates: number[] = [];
    const index = new SpanIdIndex(['a', 'b', 'a', '00000000000000a0', 'b'], (i) => duplicates.push(i));
    expect(duplicates).toEqual([2, 4]);
    expect([index.get('a'), index.get('b'), index.get('00000000000000a0'), index.get('c')]).toEqual([0, 1, 3, undefined]);
  });
});

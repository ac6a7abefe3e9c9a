import { describe, expect, it } from 'vitest';
import { step } from '../../src/renderer/src/features/trace/trace-search';

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

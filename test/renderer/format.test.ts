import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/renderer/src/format';

describe('formatCount', () => {
  it('groups digits by thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, 5_000_000_000, -1, -1234, 999.6]) {
      expect(formatCount(n)).toBe(Math.round(n).toLocaleString('en-US'));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams, filtersToQuery, hasFilters, NO_FILTERS } from '../../src/renderer/src/features/trace-list/filters';

describe('trace list filters in the URL', () => {
  it('round-trips every filter through the URL', () => {
    const filters = {
      ...NO_FILTERS,
      service: 'checkout',
      operation: 'GET /orders',
      minDurationMs: 12.5,
      maxDurationMs: 900,
      errorsOnly: true,
      attrs: ['user_id=42', 'query=a=b'],
      range: 'custom' as const,
      start: 1_700_000_000_000,
      end: 1_700_000_360_000,
      sort: 'slowest' as const,
    };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe(
      'service=checkout&operation=GET+%2Forders&minDurationMs=12.5&maxDurationMs=900&status=error&attr=user_id%3D42&attr=query%3Da%3Db&range=custom&start=1700000000000&end=1700000360000&sort=slowest',
    );
    expect(filtersFromParams(new URLSearchParams(params.toString()))).toEqual(filters);
  });

  it('writes nothing for the defaults', () => {
    expect(filtersToParams(NO_FILTERS).toString()).toBe('');
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, sort: 'slowest' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, errorsOnly: true })).toBe(true);
  });

  it('drops values a hand-edited URL got wrong instead of failing', () => {
    const filters = filtersFromParams(new URLSearchParams('minDurationMs=fast&maxDurationMs=-3&attr=novalue&attr==x&attr=ok=1&range=1y&sort=up&start=5'));
    expect(filters).toEqual({ ...NO_FILTERS, attrs: ['ok=1'] });
  });

  it('swaps duration bounds given the wrong way round', () => {
    const filters = filtersFromParams(new URLSearchParams('minDurationMs=500&maxDurationMs=100'));
    expect([filters.minDurationMs, filters.maxDurationMs]).toEqual([100, 500]);
  });

  it('turns relative time ranges into a start bound at query time', () => {
    const now = 1_800_000_000_000;
    expect(filtersToQuery({ ...NO_FILTERS, range: '15m' }, now)).toEqual({ sort: 'newest', status: 'any', start: now - 15 * 60_000 });
    expect(filtersToQuery({ ...NO_FILTERS, range: 'all', errorsOnly: true, attrs: ['a=1'] }, now)).toEqual({ sort: 'newest', status: 'error', attr: ['a=1'] });
    expect(filtersToQuery({ ...NO_FILTERS, range: 'custom', start: 10, end: 20 }, now)).toMatchObject({ start: 10, end: 20 });
  });
});

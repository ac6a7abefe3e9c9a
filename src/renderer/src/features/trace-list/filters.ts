// The trace list's filters, as they live in the URL (so a view can be reloaded and shared) and as
// the query they send. Parsing never fails: a hand-edited URL with a bad value drops that value.
import type { TraceQueryInput } from '../../../../shared/api';

export const TIME_RANGES = ['5m', '15m', '1h', 'all', 'custom'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<Exclude<TimeRange, 'all' | 'custom'>, number> = { '5m': 5 * 60_000, '15m': 15 * 60_000, '1h': 60 * 60_000 };

export interface TraceFilters {
  service: string | null;
  operation: string | null;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  errorsOnly: boolean;
  /** `key=value`, every one must match. */
  attrs: string[];
  range: TimeRange;
  /** Custom range bounds on the trace start, milliseconds since the epoch. */
  start: number | null;
  end: number | null;
  sort: 'newest' | 'slowest';
}

export const NO_FILTERS: TraceFilters = {
  service: null,
  operation: null,
  minDurationMs: null,
  maxDurationMs: null,
  errorsOnly: false,
  attrs: [],
  range: 'all',
  start: null,
  end: null,
  sort: 'newest',
};

function number(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function filtersFromParams(params: URLSearchParams): TraceFilters {
  const range = params.get('range');
  let minDurationMs = number(params.get('minDurationMs'));
  let maxDurationMs = number(params.get('maxDurationMs'));
  if (minDurationMs !== null && maxDurationMs !== null && minDurationMs > maxDurationMs) [minDurationMs, maxDurationMs] = [maxDurationMs, minDurationMs];
  const filters: TraceFilters = {
    service: params.get('service') || null,
    operation: params.get('operation') || null,
    minDurationMs,
    maxDurationMs,
    errorsOnly: params.get('status') === 'error',
    attrs: params.getAll('attr').filter(isAttributeFilter),
    range: (TIME_RANGES as readonly string[]).includes(range ?? '') ? (range as TimeRange) : 'all',
    start: number(params.get('start')),
    end: number(params.get('end')),
    sort: params.get('sort') === 'slowest' ? 'slowest' : 'newest',
  };
  if (filters.range !== 'custom') {
    filters.start = null;
    filters.end = null;
  }
  return filters;
}

/** Only what differs from the defaults, in a fixed order, so equal filters give equal URLs. */
export function filtersToParams(filters: TraceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.service) params.set('service', filters.service);
  if (filters.operation) params.set('operation', filters.operation);
  if (filters.minDurationMs !== null) params.set('minDurationMs', String(filters.minDurationMs));
  if (filters.maxDurationMs !== null) params.set('maxDurationMs', String(filters.maxDurationMs));
  if (filters.errorsOnly) params.set('status', 'error');
  for (const attr of filters.attrs) params.append('attr', attr);
  if (filters.range !== 'all') params.set('range', filters.range);
  if (filters.range === 'custom') {
    if (filters.start !== null) params.set('start', String(filters.start));
    if (filters.end !== null) params.set('end', String(filters.end));
  }
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  return params;
}

export function isAttributeFilter(text: string): boolean {
  const at = text.indexOf('=');
  return at > 0 && text.slice(0, at).trim() !== '';
}

export function hasFilters(filters: TraceFilters): boolean {
  return filtersToParams({ ...filters, sort: 'newest' }).size > 0;
}

/** The search these filters ask for, relative ranges taken back from `nowMs`. */
export function filtersToQuery(filters: TraceFilters, nowMs: number): TraceQueryInput {
  const query: TraceQueryInput = { sort: filters.sort, status: filters.errorsOnly ? 'error' : 'any' };
  if (filters.service) query.service = filters.service;
  if (filters.operation) query.operation = filters.operation;
  if (filters.minDurationMs !== null) query.minDurationMs = filters.minDurationMs;
  if (filters.maxDurationMs !== null) query.maxDurationMs = filters.maxDurationMs;
  if (filters.attrs.length > 0) query.attr = filters.attrs;
  if (filters.range === 'custom') {
    if (filters.start !== null) query.start = filters.start;
    if (filters.end !== null) query.end = filters.end;
  } else if (filters.range !== 'all') {
    query.start = Math.max(0, nowMs - RANGE_MS[filters.range]);
  }
  return query;
}

// Every trace search filter, alone and combined, against a store written through SpanWriter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { SpanWriter } from '../../../src/main/store/span-writer';
import { OPERATION_CANDIDATE_DOCS, TraceReader } from '../../../src/main/store/trace-reader';
import { traceQuerySchema, type TraceQueryInput } from '../../../src/shared/api';
import type { Span } from '../../../src/shared/model';
import { batch, intAttr, resource, sid, span, stringAttr, tid } from '../../support/domain-spans';
import { makeTempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: Db;
let reader: TraceReader;

const web = resource('web', [stringAttr('deployment.environment.name', 'staging')]);
const api = resource('api');
const db1 = resource('db');

// Trace n starts at n seconds. Durations, errors and attributes vary by n.
const TRACES = 40;
function traceSpans(n: number): [typeof web, Span[]][] {
  const t = tid(n + 1);
  const start = n * 1000;
  const duration = (n % 10) * 100 + 50; // 50..950 ms
  const root = span(t, sid(1), '', n % 2 === 0 ? 'GET /orders' : 'POST /cart', start, start + duration, {
    attributes: [stringAttr('http.route', n % 2 === 0 ? '/api/orders' : '/api/cart'), intAttr('user_id', n % 5)],
  });
  const child = span(t, sid(2), sid(1), 'handle', start + 1, start + 10, {
    attributes: [stringAttr('query', n % 3 === 0 ? 'a=b=c' : 'plain'), ...(n % 6 === 0 ? [stringAttr('note "quoted" ü\\', 'x')] : [])],
    statusCode: n % 7 === 0 ? 2 : 0,
  });
  const spans: [typeof web, Span[]][] = [[n < 20 ? web : api, [root]], [api, [child]]];
  if (n % 4 === 0) spans.push([db1, [span(t, sid(3), sid(2), 'SELECT', start + 2, start + 5, { attributes: [stringAttr('db.name', 'orders')] })]]);
  return spans;
}

beforeAll(() => {
  dir = makeTempDir();
  db = openDatabase({ path: `${dir.path}/s.db` });
  const writer = new SpanWriter(db);
  for (let n = 0; n < TRACES; n++) writer.write([batch(...traceSpans(n))]);
  reader = new TraceReader(db);
});
afterAll(() => {
  db.close();
  dir.remove();
});

/** Trace numbers (n) matching a query, in result order. */
function search(input: TraceQueryInput): number[] {
  return reader.search(traceQuerySchema.parse(input)).map((s) => parseInt(s.traceId, 16) - 1);
}

/** What a query must return, computed from the generator, newest first. */
function expected(match: (n: number) => boolean, limit = 50): number[] {
  const out: number[] = [];
  for (let n = TRACES - 1; n >= 0; n--) if (match(n)) out.push(n);
  return out.slice(0, limit);
}

const duration = (n: number) => (n % 10) * 100 + 50;

describe('trace search', () => {
  it('lists newest first with a limit', () => {
    expect(search({ limit: 5 })).toEqual([39, 38, 37, 36, 35]);
  });

  it('filters by service (any span of the trace)', () => {
    expect(search({ service: 'web' })).toEqual(expected((n) => n < 20));
    expect(search({ service: 'db' })).toEqual(expected((n) => n % 4 === 0));
    expect(search({ service: 'nope' })).toEqual([]);
  });

  it('filters by operation, with or without its service', () => {
    expect(search({ service: 'web', operation: 'GET /orders' })).toEqual(expected((n) => n < 20 && n % 2 === 0));
    expect(search({ operation: 'GET /orders' })).toEqual(expected((n) => n % 2 === 0));
    expect(search({ service: 'db', operation: 'GET /orders' })).toEqual([]);
  });

  it('filters by duration bounds, inclusive', () => {
    expect(search({ minDurationMs: 850 })).toEqual(expected((n) => duration(n) >= 850));
    expect(search({ minDurationMs: 250, maxDurationMs: 450 })).toEqual(expected((n) => duration(n) >= 250 && duration(n) <= 450));
    expect(search({ maxDurationMs: 50 })).toEqual(expected((n) => duration(n) <= 50));
  });

  it('finds traces with at least one error span', () => {
    expect(search({ status: 'error' })).toEqual(expected((n) => n % 7 === 0));
    expect(search({ status: 'error', service: 'web' })).toEqual(expected((n) => n % 7 === 0 && n < 20));
  });

  it('filters by span attribute, comparing ints and strings as text', () => {
    expect(search({ attr: ['user_id=3'] })).toEqual(expected((n) => n % 5 === 3));
    expect(search({ attr: ['http.route=/api/cart'] })).toEqual(expected((n) => n % 2 === 1));
    expect(search({ attr: ['query=a=b=c'] })).toEqual(expected((n) => n % 3 === 0));
    expect(search({ attr: ['user_id=99'] })).toEqual([]);
    // A key that JSON escapes, on the second span only.
    expect(search({ attr: ['note "quoted" ü\\=x'] })).toEqual(expected((n) => n % 6 === 0));
  });

  it('requires every attribute filter, each on any span of the trace', () => {
    expect(search({ attr: ['user_id=0', 'db.name=orders'] })).toEqual(expected((n) => n % 5 === 0 && n % 4 === 0));
    expect(search({ attr: ['user_id=0', 'query=a=b=c', 'http.route=/api/orders'] })).toEqual(
      expected((n) => n % 5 === 0 && n % 3 === 0 && n % 2 === 0),
    );
  });

  it('matches resource attributes too', () => {
    expect(search({ attr: ['deployment.environment.name=staging'] })).toEqual(expected((n) => n < 20));
    expect(search({ attr: ['service.name=db'] })).toEqual(expected((n) => n % 4 === 0));
  });

  it('combines attribute filters with every other filter', () => {
    expect(search({ attr: ['user_id=0'], service: 'web', status: 'error', minDurationMs: 0 })).toEqual(
      expected((n) => n % 5 === 0 && n < 20 && n % 7 === 0),
    );
    expect(search({ attr: ['user_id=1'], operation: 'POST /cart', maxDurationMs: 500 })).toEqual(
      expected((n) => n % 5 === 1 && n % 2 === 1 && duration(n) <= 500),
    );
  });

  it('filters by time range on the trace start, inclusive', () => {
    expect(search({ start: 10_000, end: 12_000 })).toEqual([12, 11, 10]);
    expect(search({ start: 38_000, service: 'api' })).toEqual([39, 38]);
  });

  it('sorts slowest first', () => {
    const slowest = search({ sort: 'slowest', limit: 4 });
    expect(slowest.map(duration)).toEqual([950, 950, 950, 950]);
    expect(slowest).toEqual([39, 29, 19, 9]);
    expect(search({ sort: 'slowest', service: 'web', limit: 2 })).toEqual([19, 9]);
    expect(search({ sort: 'slowest', attr: ['user_id=4'], limit: 2 })).toEqual([39, 29]);
  });

  it('pages through every query shape with `after`, in the same order as one large page', () => {
    const shapes: TraceQueryInput[] = [
      {},
      { sort: 'slowest' },
      { service: 'api' },
      { service: 'api', sort: 'slowest' },
      { operation: 'GET /orders' },
      { service: 'web', operation: 'GET /orders' },
      { operation: 'GET /orders', sort: 'slowest' },
      { status: 'error' },
      { minDurationMs: 450 },
      { attr: ['user_id=2'] },
      { attr: ['http.route=/api/orders'], sort: 'slowest' },
    ];
    for (const shape of shapes) {
      const all = reader.search(traceQuerySchema.parse({ ...shape, limit: 1000 })).map((s) => s.traceId);
      const paged: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = reader.search(traceQuerySchema.parse({ ...shape, limit: 3, ...(after ? { after } : {}) })).map((s) => s.traceId);
        paged.push(...page);
        if (page.length < 3) break;
        after = page[page.length - 1];
      }
      expect({ shape, ids: paged }).toEqual({ shape, ids: all });
    }
    expect(search({ after: tid(1000) })).toEqual([]);
  });

  it('answers which of the given traces match, for every filter', () => {
    const ids = [3, 4, 10, 15, 21, 28].map((n) => tid(n + 1));
    expect(search({ traceId: ids })).toEqual([28, 21, 15, 10, 4, 3]);
    expect(search({ traceId: ids, service: 'web' })).toEqual([15, 10, 4, 3]);
    expect(search({ traceId: ids, operation: 'GET /orders' })).toEqual([28, 10, 4]);
    expect(search({ traceId: ids, status: 'error' })).toEqual([28, 21]);
    expect(search({ traceId: ids, attr: ['user_id=0'] })).toEqual([15, 10]);
    expect(search({ traceId: ids, attr: ['user_id=0'], minDurationMs: 100 })).toEqual([15]);
    expect(search({ traceId: ids, sort: 'slowest', limit: 2 })).toEqual([28, 15]);
    expect(search({ traceId: [tid(999)] })).toEqual([]);
    expect(search({ traceId: [] })).toEqual([]);
  });

  it('lists services and operations from the pickers maintained at ingest', () => {
    expect(reader.listServices().map((s) => [s.name, s.spanCount])).toEqual([
      ['api', TRACES + 20],
      ['db', 10],
      ['web', 20],
    ]);
    expect(reader.listOperations('web').map((o) => [o.name, o.spanCount])).toEqual([
      ['GET /orders', 10],
      ['POST /cart', 10],
    ]);
    expect(reader.listOperations('nope')).toEqual([]);
  });
});

describe('trace search over many traces', () => {
  it('walks newest first when a duration bound matches too many traces to sort', () => {
    const local = openDatabase({ path: ':memory:' });
    const writer = new SpanWriter(local);
    const spans = [];
    for (let n = 0; n < 6000; n++) spans.push(span(tid(n + 1), sid(1), '', 'op', n, n + 1 + (n % 3)));
    writer.write([batch([api, spans])]);
    const r = new TraceReader(local);
    const ids = r.search(traceQuerySchema.parse({ minDurationMs: 2, limit: 3 })).map((s) => parseInt(s.traceId, 16) - 1);
    expect(ids).toEqual([5999, 5998, 5996]);
    local.close();
  });

  it('orders a rare operation by start even when its traces arrived out of order', () => {
    const local = openDatabase({ path: ':memory:' });
    const writer = new SpanWriter(local);
    // Written newest first (an imported file, say): arrival order is the reverse of start order.
    for (const n of [5, 4, 3, 2, 1]) writer.write([batch([api, [span(tid(n), sid(1), '', n % 2 ? 'odd' : 'even', n * 10, n * 10 + n)]])]);
    const r = new TraceReader(local);
    const ids = (input: TraceQueryInput) => r.search(traceQuerySchema.parse(input)).map((s) => parseInt(s.traceId, 16));
    expect(ids({ operation: 'odd' })).toEqual([5, 3, 1]);
    expect(ids({ operation: 'odd', limit: 2 })).toEqual([5, 3]);
    expect(ids({ service: 'api', operation: 'odd', sort: 'slowest' })).toEqual([5, 3, 1]);
    local.close();
  });

  it('walks traces in order for an operation too common to gather, with every other filter', () => {
    const local = openDatabase({ path: ':memory:' });
    const writer = new SpanWriter(local);
    const traces = OPERATION_CANDIDATE_DOCS + 500;
    const spans = [];
    // Trace n has 'common' (and 'rare' every 1000th); durations cycle through 1..7 ms.
    for (let n = 0; n < traces; n++) {
      const t = tid(n + 1);
      spans.push(span(t, sid(1), '', 'common', n * 1000, n * 1000 + (n % 7) + 1));
      if (n % 1000 === 0) spans.push(span(t, sid(2), sid(1), 'rare', n * 1000, n * 1000 + 1));
    }
    writer.write([batch([api, spans]), batch([web, [span(tid(traces + 1), sid(1), '', 'common', 0, 1)]])]);
    const r = new TraceReader(local);
    const ids = (input: TraceQueryInput) => r.search(traceQuerySchema.parse(input)).map((s) => parseInt(s.traceId, 16) - 1);
    const newest = Array.from({ length: 5 }, (_, i) => traces - 1 - i);
    expect(ids({ operation: 'common', limit: 5 })).toEqual(newest);
    expect(ids({ service: 'api', operation: 'common', limit: 5 })).toEqual(newest);
    expect(ids({ service: 'web', operation: 'common' })).toEqual([traces]);
    const slowNewest = Array.from({ length: traces }, (_, i) => traces - 1 - i).filter((n) => n % 7 === 6);
    expect(ids({ operation: 'common', minDurationMs: 7, limit: 3 })).toEqual(slowNewest.slice(0, 3));
    expect(ids({ operation: 'common', sort: 'slowest', limit: 3 })).toEqual(slowNewest.slice(0, 3));
    expect(ids({ operation: 'rare' })).toEqual([2000, 1000, 0]);
    // Paging through the walk gives what one large page gives.
    const all = ids({ service: 'api', operation: 'common', start: (traces - 40) * 1000, limit: 1000 });
    const paged: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = r.search(traceQuerySchema.parse({ service: 'api', operation: 'common', start: (traces - 40) * 1000, limit: 7, ...(after ? { after } : {}) }));
      paged.push(...page.map((s) => parseInt(s.traceId, 16) - 1));
      if (page.length < 7) break;
      after = page.at(-1)!.traceId;
    }
    expect(all).toHaveLength(40);
    expect(paged).toEqual(all);
    local.close();
  });
});


// SpanWriter.takeBack over several transactions: a trace whose spans fall on both sides of a
// transaction's boundary is rebuilt from what is left in between and gone at the end, spans
// stored before the tag stay, and a write that commits between two transactions is kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { prepareBatch } from '../../../src/main/store/prepared-batch';
import { SpanWriter } from '../../../src/main/store/span-writer';
import { TraceReader } from '../../../src/main/store/trace-reader';
import { traceQuerySchema, type TraceQueryInput } from '../../../src/shared/api';
import type { DecodedBatch } from '../../../src/shared/model';
import { batch, intAttr, resource, sid, span, tid } from '../../support/domain-spans';
import { makeTempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: Db;
let writer: SpanWriter;

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase({ path: `${dir.path}/t.db` });
  writer = new SpanWriter(db);
});
afterEach(() => {
  db.close();
  dir.remove();
});

const TAG = 7;
const tagged = (decoded: DecodedBatch) => ({ ...prepareBatch(decoded), tag: TAG });
const search = (query: TraceQueryInput = {}) => new TraceReader(db).search(traceQuerySchema.parse({ limit: 100, ...query })).map((t) => t.traceId);
const spanCount = () => Number(db.prepare('SELECT count(*) FROM spans').pluck().get());

/** Trace `t` with `n` spans of the web service: a root and its children, each with user_id = t. */
function trace(t: number, n: number) {
  return Array.from({ length: n }, (_, i) => span(tid(t), sid(i + 1), i === 0 ? '' : sid(1), i === 0 ? 'GET /' : `step ${i}`, 10 * t + i, 10 * t + i + 5, { attributes: [intAttr('user_id', t)] }));
}

describe('SpanWriter.takeBack', () => {
  it('takes back in transactions of a few rows, mending a trace split between them', () => {
    writer.write([batch([resource('worker'), [span(tid(9), sid(50), '', 'consume', 1, 2)]])]); // stored before: stays
    writer.writePrepared([tagged(batch([resource('web'), [...trace(1, 2), ...trace(2, 5)]]))]);
    writer.writePrepared([tagged(batch([resource('web'), trace(3, 1)]))]);
    expect(spanCount()).toBe(9);

    // Rows 2-3 are trace 1, 4-8 trace 2, 9 trace 3: the first transaction takes trace 1 and one span of trace 2.
    const first = writer.takeBack(TAG, 3);
    expect(first).toMatchObject({ removed: 3, done: false });
    expect(first.updates.map((u) => [u.traceId, u.removed === true])).toEqual([
      [tid(1), true],
      [tid(2), false],
    ]);
    expect(new TraceReader(db).summary(tid(2))).toMatchObject({ spanCount: 4, hasRoot: false, rootName: 'step 1' });
    expect(search({ attr: ['user_id=2'] })).toEqual([tid(2)]);

    // A live write between two transactions of the take-back is its own and stays.
    writer.write([batch([resource('web'), trace(4, 2)])]);

    const second = writer.takeBack(TAG, 3);
    expect(second).toMatchObject({ removed: 3, done: false });
    const last = writer.takeBack(TAG, 3);
    expect(last).toMatchObject({ removed: 2, done: true });
    expect(last.updates.map((u) => [u.traceId, u.removed === true])).toEqual([
      [tid(2), true],
      [tid(3), true],
    ]);
    expect(writer.takeBack(TAG, 3)).toEqual({ removed: 0, updates: [], done: true });

    expect(spanCount()).toBe(3);
    expect(search().sort()).toEqual([tid(4), tid(9)].sort());
    expect(search({ attr: ['user_id=2'] })).toEqual([]);
    expect(search({ attr: ['user_id=4'] })).toEqual([tid(4)]);
    expect(new TraceReader(db).listServices().map((s) => [s.name, s.spanCount])).toEqual([
      ['web', 2],
      ['worker', 1],
    ]);
  });

  it('keeps what a kept tag stored', () => {
    writer.writePrepared([tagged(batch([resource('web'), trace(1, 3)]))]);
    writer.keep(TAG);
    expect(writer.takeBack(TAG)).toEqual({ removed: 0, updates: [], done: true });
    expect(spanCount()).toBe(3);
  });
});

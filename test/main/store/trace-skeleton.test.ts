// The trace view's reads: the skeleton of a trace (every span, no attributes), some spans in full,
// and finding spans by attribute, event or resource text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { SpanWriter } from '../../../src/main/store/span-writer';
import { TraceReader } from '../../../src/main/store/trace-reader';
import { batch, intAttr, resource, sid, span, stringAttr, tid } from '../../support/domain-spans';
import { makeTempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: Db;
let reader: TraceReader;
let writer: SpanWriter;
const T = tid(7);

beforeAll(() => {
  dir = makeTempDir();
  db = openDatabase({ path: `${dir.path}/k.db` });
  writer = new SpanWriter(db);
  const web = resource('web', [stringAttr('deployment.environment.name', 'Staging-EU')]);
  const api = resource('api');
  writer.write([
    batch(
      [web, [span(T, sid(1), '', 'GET /checkout', 1000, 1100, { attributes: [intAttr('user_id', 4242)] })]],
      [
        api,
        [
          span(T, sid(2), sid(1), 'charge', 1010, 1060, {
            statusCode: 2,
            attributes: [stringAttr('note', 'say "hi"')],
            events: [{ timeUnixNano: 1_020_000_000n, name: 'exception', attributes: [stringAttr('exception.message', 'Card Declined')], droppedAttributesCount: 0 }],
          }),
          span(T, sid(3), sid(1), 'GET /stock', 1005, 1008, { kind: 3 }),
          span(T, sid(4), sid(9), 'no time', 0, 0),
        ],
      ],
    ),
  ]);
  reader = new TraceReader(db);
});
afterAll(() => {
  db.close();
  dir.remove();
});

describe('trace skeleton', () => {
  it('has every span, without attributes, times as offsets from the earliest start', () => {
    const k = reader.skeleton(T)!;
    expect(k.baseUnixNano).toBe(String(1000n * 1_000_000n));
    expect(k.spanIds).toEqual([sid(1), sid(2), sid(3), sid(4)]);
    expect(k.parentSpanIds).toEqual(['', sid(1), sid(1), sid(9)]);
    expect(Array.from(k.nameIndexes, (i) => k.names[i])).toEqual(['GET /checkout', 'charge', 'GET /stock', 'no time']);
    expect(Array.from(k.serviceIndexes, (i) => k.services[i])).toEqual(['web', 'api', 'api', 'api']);
    expect(Array.from(k.startOffsets)).toEqual([0, 10e6, 5e6, NaN]);
    expect(Array.from(k.endOffsets)).toEqual([100e6, 60e6, 8e6, NaN]);
    expect(k.kinds).toEqual([1, 1, 3, 1]);
    expect(k.statusCodes).toEqual([0, 2, 0, 0]);
    expect(k.events).toEqual([null, [[20e6, 1]], null, null]);
    expect(reader.skeleton(tid(99))).toBeNull();
  });

  it("reads a trace whose spans were stored among many others' as one whose spans were stored together", () => {
    // The reader scans the row range of a trace stored in one burst and walks the index for one
    // spread thin: both give the same columns.
    const spread = tid(8);
    for (let i = 0; i < 4; i++) {
      reader.skeleton(spread); // nothing yet, then a partial trace
      const noise = Array.from({ length: 20 }, (_, k) => span(tid(100 + i * 20 + k), sid(50), '', 'noise', 2000, 2001));
      writer.write([batch([resource('api'), [span(spread, sid(10 + i), i === 0 ? '' : sid(10), `step ${i}`, 1000 + i, 1001 + i), ...noise]])]);
    }
    const k = reader.skeleton(spread)!;
    expect(k.spanIds).toEqual([sid(10), sid(11), sid(12), sid(13)]);
    expect(Array.from(k.nameIndexes, (i) => k.names[i])).toEqual(['step 0', 'step 1', 'step 2', 'step 3']);
    expect(k.parentSpanIds).toEqual(['', sid(10), sid(10), sid(10)]);
    expect(Array.from(k.startOffsets)).toEqual([0, 1e6, 2e6, 3e6]);
  });

  it('gives chosen spans in full', () => {
    const groups = reader.spans(T, [sid(2), sid(8)]);
    expect(groups.flatMap((g) => g.spans.map((s) => s.name))).toEqual(['charge']);
    expect(groups[0]!.spans[0]!.events[0]!.attributes).toEqual([stringAttr('exception.message', 'Card Declined')]);
    expect(groups[0]!.resource.attributes).toEqual(resource('api').attributes);
  });

  it('finds spans by attribute, event and resource text, case-insensitively, never by JSON syntax', () => {
    expect(reader.find(T, '4242')).toEqual([sid(1)]);
    expect(reader.find(T, 'card declined')).toEqual([sid(2)]);
    expect(reader.find(T, 'exception')).toEqual([sid(2)]);
    expect(reader.find(T, 'say "hi"')).toEqual([sid(2)]);
    expect(reader.find(T, 'staging-eu')).toEqual([sid(1)]);
    expect(reader.find(T, '","')).toEqual([]);
    expect(reader.find(T, 'nothing like it')).toEqual([]);
  });
});

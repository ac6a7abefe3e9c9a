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
const T = tid(7);

beforeAll(() => {
  dir = makeTempDir();
  db = openDatabase({ path: `${dir.path}/k.db` });
  const writer = new SpanWriter(db);
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
  it('has every span, in span id order, without attributes, times as offsets from the earliest start', () => {
    const k = reader.skeleton(T)!;
    expect(k.baseUnixNano).toBe(String(1000n * 1_000_000n));
    expect(k.spanIds).toEqual([sid(1), sid(2), sid(3), sid(4)]);
    expect(k.parentSpanIds).toEqual(['', sid(1), sid(1), sid(9)]);
    expect(k.nameIndexes.map((i) => k.names[i])).toEqual(['GET /checkout', 'charge', 'GET /stock', 'no time']);
    expect(k.serviceIndexes.map((i) => k.services[i])).toEqual(['web', 'api', 'api', 'api']);
    expect(k.startOffsets).toEqual([0, 10e6, 5e6, null]);
    expect(k.endOffsets).toEqual([100e6, 60e6, 8e6, null]);
    expect(k.kinds).toEqual([1, 1, 3, 1]);
    expect(k.statusCodes).toEqual([0, 2, 0, 0]);
    expect(k.events).toEqual([null, [[20e6, 1]], null, null]);
    expect(reader.skeleton(tid(99))).toBeNull();
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

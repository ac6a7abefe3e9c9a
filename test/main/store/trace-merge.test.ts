// Spans of one trace arriving over several writes, out of order, children before parents, and
// twice: the summary must come out the same as if they had arrived together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { SpanWriter } from '../../../src/main/store/span-writer';
import { TraceReader } from '../../../src/main/store/trace-reader';
import { traceQuerySchema } from '../../../src/shared/api';
import { batch, resource, sid, span, tid } from '../../support/domain-spans';
import { makeTempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: Db;
let writer: SpanWriter;
let reader: TraceReader;

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase({ path: `${dir.path}/t.db` });
  writer = new SpanWriter(db);
  reader = new TraceReader(db);
});
afterEach(() => {
  db.close();
  dir.remove();
});

const frontend = resource('frontend');
const backend = resource('backend');
const T = tid(1);

describe('trace summaries merged at ingest', () => {
  it('names the root once it arrives after its children, across writes', () => {
    writer.write([batch([backend, [span(T, sid(3), sid(2), 'SELECT', 1020, 1030, { statusCode: 2 })]])]);
    expect(reader.summary(T)).toMatchObject({ hasRoot: false, rootServiceName: 'backend', rootName: 'SELECT', spanCount: 1 });
    writer.write([batch([backend, [span(T, sid(2), sid(1), 'GET /orders', 1010, 1040)]])]);
    expect(reader.summary(T)).toMatchObject({ hasRoot: false, rootName: 'GET /orders', spanCount: 2 });
    writer.write([batch([frontend, [span(T, sid(1), '', 'checkout', 1000, 1050)]])]);
    expect(reader.summary(T)).toEqual({
      traceId: T,
      rootServiceName: 'frontend',
      rootName: 'checkout',
      hasRoot: true,
      startTimeUnixNano: String(1000n * 1_000_000n),
      durationNanos: 50_000_000,
      spanCount: 3,
      errorCount: 1,
      services: ['backend', 'frontend'],
    });
  });

  it('gives the same summary whether spans come together or one by one, and after a restart of the writer', () => {
    const spans = [span(T, sid(1), '', 'root', 1000, 1100), span(T, sid(2), sid(1), 'a', 1010, 1200), span(T, sid(3), sid(2), 'b', 990, 1005)];
    writer.write([batch([frontend, spans])]);
    const together = reader.summary(T);
    db.exec('DELETE FROM traces; DELETE FROM spans; DELETE FROM trace_services; DELETE FROM span_terms;');
    writer.resetCaches();
    writer.write([batch([frontend, [spans[2]!]])]);
    writer = new SpanWriter(db); // a new process: nothing cached
    writer.write([batch([frontend, [spans[0]!]])]);
    writer.write([batch([frontend, [spans[1]!]])]);
    expect(reader.summary(T)).toEqual(together);
    expect(together).toMatchObject({ startTimeUnixNano: String(990n * 1_000_000n), durationNanos: 210_000_000, rootName: 'root' });
  });

  it('ignores exact re-deliveries (SDK retries) without counting them twice', () => {
    const b = batch([frontend, [span(T, sid(1), '', 'root', 1000, 1100), span(T, sid(2), sid(1), 'child', 1010, 1020)]]);
    expect(writer.write([b]).stored).toBe(2);
    const again = writer.write([b]);
    expect(again).toMatchObject({ stored: 0, duplicates: 2 });
    expect(reader.summary(T)?.spanCount).toBe(2);
    expect(reader.listServices()).toEqual([{ name: 'frontend', spanCount: 2, lastSeenUnixNano: String(1100n * 1_000_000n), arrival: 1 }]);
    expect(reader.trace(T)?.[0]?.spans).toHaveLength(2);
  });

  it('keeps traces that moved earlier findable by service and operation at their new start', () => {
    writer.write([batch([backend, [span(T, sid(2), sid(1), 'work', 5000, 5010)]])]);
    writer.write([batch([frontend, [span(T, sid(1), '', 'root', 1000, 6000)]])]);
    const q = (input: object) => reader.search(traceQuerySchema.parse(input)).map((s) => s.traceId);
    expect(q({ service: 'backend', end: 2000 })).toEqual([T]);
    expect(q({ service: 'backend', operation: 'work', end: 2000 })).toEqual([T]);
    expect(q({ service: 'backend', start: 3000 })).toEqual([]);
  });

  it('merges spans of several traces written in one batch, in any order', () => {
    const A = tid(10);
    const B = tid(11);
    writer.write([
      batch([backend, [span(B, sid(2), sid(1), 'b-child', 20, 30), span(A, sid(1), '', 'a-root', 0, 10)]]),
      batch([frontend, [span(B, sid(1), '', 'b-root', 15, 40)]]),
    ]);
    expect(reader.summary(A)).toMatchObject({ rootName: 'a-root', spanCount: 1 });
    expect(reader.summary(B)).toMatchObject({ rootName: 'b-root', rootServiceName: 'frontend', spanCount: 2, services: ['backend', 'frontend'] });
  });
});

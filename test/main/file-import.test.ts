// importTraceFile on real files and a real SQLite database: a small file is converted once and
// stored from memory, a big one (past the spans it may hold) is read a second time; either way a
// file that breaks anywhere imports nothing, and progress goes through checking, then importing.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importTraceFile, type ImportProgress } from '../../src/main/import/file-import';
import { IngestQueue } from '../../src/main/ingest/ingest-queue';
import { openDatabase, type Db } from '../../src/main/store/database';
import { TraceReader } from '../../src/main/store/trace-reader';
import { ThreadedWriter } from '../../src/main/store/writer-thread';
import { traceQuerySchema } from '../../src/shared/api';
import { groupsToOtlpJson } from '../../src/shared/otlp/json-encode';
import { batch, resource, sid, span, tid } from '../support/domain-spans';
import { makeTempDir } from '../support/temp-dir';

/** Traces 1..n as NDJSON, two spans each. */
function ndjson(n: number): string {
  const lines: string[] = [];
  for (let t = 1; t <= n; t++) lines.push(JSON.stringify(groupsToOtlpJson(batch([resource('web'), [span(tid(t), sid(1), '', 'GET /', t, t + 5), span(tid(t), sid(2), sid(1), 'db', t + 1, t + 2)]]).groups)));
  return `${lines.join('\n')}\n`;
}

let dir: ReturnType<typeof makeTempDir>;
let db: Db;
let writer: ThreadedWriter;
let queue: IngestQueue;
beforeEach(() => {
  dir = makeTempDir();
  const path = `${dir.path}/store.db`;
  db = openDatabase({ path });
  writer = new ThreadedWriter({ path, commit: {} });
  queue = new IngestQueue(writer);
});
afterEach(async () => {
  await queue.close();
  await writer.close();
  db.close();
  dir.remove();
});

const storedTraces = () => new TraceReader(db).search(traceQuerySchema.parse({ limit: 1000 })).length;

describe('importTraceFile', () => {
  for (const [name, held] of [
    ['read once (held in memory)', {}],
    ['read twice (more spans than it holds)', { maxHeldSpans: 50 }],
    ['read twice (too big to hold, checked without repairs)', { maxHeldFileBytes: 1000 }],
  ] as const) {
    it(`imports every span of a file ${name}, with progress through both phases`, async () => {
      const file = `${dir.path}/ok.jsonl`;
      writeFileSync(file, ndjson(120));
      const phases: ImportProgress[] = [];
      const summary = await importTraceFile(file, queue, { ...held, onProgress: (p) => phases.push(p) });
      expect(summary).toMatchObject({ format: 'otlp-ndjson', spans: 240, traces: 120, services: ['web'] });
      expect(storedTraces()).toBe(120);
      expect([...new Set(phases.map((p) => p.phase))]).toEqual(['checking', 'importing']);
      expect(phases.at(-1)).toMatchObject({ phase: 'importing', bytesRead: phases.at(-1)!.totalBytes, spansRead: 240 });
    });

    it(`imports nothing from a file ${name} that breaks on its last line`, async () => {
      const file = `${dir.path}/broken.jsonl`;
      const lines = ndjson(120).trimEnd().split('\n');
      lines[119] = lines[119]!.slice(0, 40);
      writeFileSync(file, lines.join('\n'));
      await expect(importTraceFile(file, queue, held)).rejects.toThrow(/^line 120: /);
      expect(storedTraces()).toBe(0);
    });
  }

  it('reports the repairs of the pass that stored, once, when it read the file twice', async () => {
    const file = `${dir.path}/upper.jsonl`;
    writeFileSync(file, ndjson(60).replace(/"traceId":"0+/g, (m) => m.toUpperCase()).replaceAll('"spanId":"0000000000000001"', '"spanId":"000000000000000A"'));
    const once = await importTraceFile(file, queue);
    const twice = await importTraceFile(file, queue, { maxHeldSpans: 10 });
    const big = await importTraceFile(file, queue, { maxHeldFileBytes: 1000 });
    expect(twice.report).toEqual(once.report);
    expect(big.report).toEqual(once.report);
    expect(once.report.repairs.map((r) => [r.kind, r.count])).toEqual([['uppercase hex span id lowercased', 60]]);
  });
});

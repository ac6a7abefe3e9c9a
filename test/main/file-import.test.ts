// importTraceFile on real files and a real SQLite database: a file is read once and stored as
// it converts; a file that breaks anywhere, or an import that is cancelled, imports nothing (the
// writer takes back what it had stored), and what the store held before stays as it was.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportCancelledError, importTraceFile, type ImportProgress } from '../../src/main/import/file-import';
import { IngestQueue } from '../../src/main/ingest/ingest-queue';
import { openDatabase, type Db } from '../../src/main/store/database';
import { TraceReader } from '../../src/main/store/trace-reader';
import { InlineWriter, ThreadedWriter } from '../../src/main/store/writer-thread';
import { traceQuerySchema, type TraceUpdate } from '../../src/shared/api';
import { groupsToOtlpJson } from '../../src/shared/otlp/json-encode';
import type { Span } from '../../src/shared/model';
import { batch, intAttr, resource, sid, span, tid } from '../support/domain-spans';
import { makeTempDir } from '../support/temp-dir';

/** Trace t: a web root with a db child, each carrying user_id = t. */
function traceSpans(t: number): Span[] {
  const user = { attributes: [intAttr('user_id', t)] };
  return [span(tid(t), sid(1), '', 'GET /', t, t + 5, user), span(tid(t), sid(2), sid(1), 'db', t + 1, t + 2, user)];
}

/** Traces from..to as NDJSON, one request per trace. */
function ndjson(to: number, from = 1): string {
  const lines: string[] = [];
  for (let t = from; t <= to; t++) lines.push(JSON.stringify(groupsToOtlpJson(batch([resource('web'), traceSpans(t)]).groups)));
  return `${lines.join('\n')}\n`;
}

/** The same, its last line cut short. */
function brokenNdjson(to: number, from = 1): string {
  const lines = ndjson(to, from).trimEnd().split('\n');
  lines[lines.length - 1] = lines.at(-1)!.slice(0, 40);
  return lines.join('\n');
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

// A new reader each time: a long-lived one caches ids.
const reader = () => new TraceReader(db);
const search = (query: Record<string, unknown> = {}) => reader().search(traceQuerySchema.parse({ limit: 1000, ...query }));
const spanRows = () => Number(db.prepare('SELECT count(*) FROM spans').pluck().get());
const searchDocuments = () => Number(db.prepare('SELECT count(*) FROM span_terms_docsize').pluck().get());
const file = (name: string, text: string) => {
  const path = `${dir.path}/${name}`;
  writeFileSync(path, text);
  return path;
};

describe('importTraceFile', () => {
  it('imports every span in one pass, with progress as it reads', async () => {
    const phases: ImportProgress[] = [];
    const summary = await importTraceFile(file('ok.jsonl', ndjson(120)), queue, { onProgress: (p) => phases.push(p) });
    expect(summary).toMatchObject({ format: 'otlp-ndjson', spans: 240, traces: 120, services: ['web'] });
    expect(search()).toHaveLength(120);
    expect(new Set(phases.map((p) => p.phase))).toEqual(new Set(['importing']));
    expect(phases.at(-1)).toMatchObject({ bytesRead: phases.at(-1)!.totalBytes, spansRead: 240 });
  });

  it('imports nothing from a file that breaks on its last line, and leaves no trace of it', async () => {
    const updates: TraceUpdate[] = [];
    queue.onCommit((u) => updates.push(...u));
    await expect(importTraceFile(file('broken.jsonl', brokenNdjson(120)), queue)).rejects.toThrow(/^line 120: /);
    expect(search()).toHaveLength(0);
    expect(spanRows()).toBe(0);
    expect(searchDocuments()).toBe(0);
    expect(search({ attr: ['user_id=7'] })).toHaveLength(0);
    expect(reader().listServices()).toEqual([]);
    expect(reader().listOperations('web')).toEqual([]);
    // Live views heard that each of the 119 stored traces went.
    const removed = new Set(updates.filter((u) => u.removed).map((u) => u.traceId));
    expect(removed.size).toBe(119);
    expect(removed.has(tid(7))).toBe(true);
  });

  it('keeps what the store held before when a file that repeats it breaks', async () => {
    await importTraceFile(file('first.jsonl', ndjson(60)), queue);
    const before = search();
    await expect(importTraceFile(file('more.jsonl', brokenNdjson(120)), queue)).rejects.toThrow(/^line 120: /);
    expect(search()).toEqual(before);
    expect(spanRows()).toBe(120);
    expect(search({ attr: ['user_id=7'] }).map((t) => t.traceId)).toEqual([tid(7)]);
    expect(search({ attr: ['user_id=61'] })).toHaveLength(0);
    expect(reader().listServices()).toMatchObject([{ name: 'web', spanCount: 120 }]);
  });

  it('rebuilds a trace that kept spans from elsewhere: summary, services, operations and attributes', async () => {
    // Trace 5 has a live span of another service before the import, which then adds its two.
    await queue.submit(batch([resource('worker'), [span(tid(5), sid(9), sid(2), 'consume', 6, 8, { attributes: [intAttr('job', 3)] })]]));
    const live = reader().summary(tid(5));
    await expect(importTraceFile(file('broken.jsonl', brokenNdjson(20)), queue)).rejects.toThrow(/^line 20: /);
    expect(reader().summary(tid(5))).toEqual(live);
    expect(search().map((t) => t.traceId)).toEqual([tid(5)]);
    expect(search({ service: 'worker' }).map((t) => t.traceId)).toEqual([tid(5)]);
    expect(search({ service: 'web' })).toHaveLength(0);
    expect(search({ operation: 'db' })).toHaveLength(0);
    expect(search({ service: 'worker', operation: 'consume' }).map((t) => t.traceId)).toEqual([tid(5)]);
    expect(search({ attr: ['job=3'] }).map((t) => t.traceId)).toEqual([tid(5)]);
    expect(search({ attr: ['user_id=5'] })).toHaveLength(0);
    expect(reader().listServices().map((s) => s.name)).toEqual(['worker']);
    // Spans sent again later are stored as new ones, and the trace grows from what it kept.
    await importTraceFile(file('ok.jsonl', ndjson(5, 5)), queue);
    expect(reader().summary(tid(5))).toMatchObject({ spanCount: 3, rootServiceName: 'web', rootName: 'GET /', services: ['worker', 'web'] });
    expect(search({ operation: 'db' }).map((t) => t.traceId)).toEqual([tid(5)]);
  });

  it('takes back a broken file in an in-memory store too (--db :memory: writes inline)', async () => {
    const memory = openDatabase({ path: ':memory:' });
    const inline = new InlineWriter(memory);
    const memoryQueue = new IngestQueue(inline);
    try {
      await importTraceFile(file('first.jsonl', ndjson(10)), memoryQueue);
      await expect(importTraceFile(file('broken.jsonl', brokenNdjson(30)), memoryQueue)).rejects.toThrow(/^line 30: /);
      expect(new TraceReader(memory).search(traceQuerySchema.parse({ limit: 100 }))).toHaveLength(10);
      expect(Number(memory.prepare('SELECT count(*) FROM spans').pluck().get())).toBe(20);
    } finally {
      await memoryQueue.close();
      await inline.close();
      memory.close();
    }
  });

  it('imports nothing when cancelled', async () => {
    const controller = new AbortController();
    const importing = importTraceFile(file('many.jsonl', ndjson(3000)), queue, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.spansRead > 0) controller.abort();
      },
    });
    await expect(importing).rejects.toBeInstanceOf(ImportCancelledError);
    await expect(importing).rejects.toThrow('the import was cancelled; nothing was imported');
    expect(spanRows()).toBe(0);
    expect(search()).toHaveLength(0);
  });

  it('reports repairs once per import', async () => {
    const path = file('upper.jsonl', ndjson(60).replaceAll('"spanId":"0000000000000001"', '"spanId":"000000000000000A"'));
    const once = await importTraceFile(path, queue);
    const again = await importTraceFile(path, queue);
    expect(again.report).toEqual(once.report);
    expect(once.report.repairs.map((r) => [r.kind, r.count])).toEqual([['uppercase hex span id lowercased', 60]]);
    expect(spanRows()).toBe(120);
  });
});

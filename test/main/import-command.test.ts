// `tracedeck import` and `tracedeck export` end to end: the built command, real files (gzip NDJSON, Jaeger, a broken
// one), a real SQLite database read back through the store's reader.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/database';
import { TraceReader } from '../../src/main/store/trace-reader';
import { groupsToOtlpJson } from '../../src/shared/otlp/json-encode';
import { traceQuerySchema } from '../../src/shared/api';
import { batch, intAttr, resource, sid, span, tid } from '../support/domain-spans';
import { BUILT, NOT_BUILT_REASON, runCli } from '../support/cli-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

let dir: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => dir.remove());

/** Trace n: a root and a child, as one NDJSON line each. */
function ndjson(traces: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= traces; n++) {
    const b = batch([resource(n % 2 ? 'web' : 'api'), [span(tid(n), sid(1), '', 'GET /a', n * 1000, n * 1000 + 50, { attributes: [intAttr('n', n)] }), span(tid(n), sid(2), sid(1), 'db', n * 1000 + 1, n * 1000 + 9)]]);
    lines.push(JSON.stringify(groupsToOtlpJson(b.groups)));
  }
  return `${lines.join('\n')}\n`;
}

/** Every stored trace as OTLP/JSON, in trace id order. */
function storedTraces(db: string): unknown[] {
  const store = openDatabase({ path: db, readonly: true });
  try {
    const reader = new TraceReader(store);
    const ids = reader.search(traceQuerySchema.parse({ limit: 1000 })).map((s) => s.traceId).sort();
    return ids.map((id) => groupsToOtlpJson(reader.trace(id)!));
  } finally {
    store.close();
  }
}

/** Span rows committed so far (0 while the database is not there yet or has no schema). */
function spanRows(db: string): number {
  try {
    const store = openDatabase({ path: db, readonly: true });
    try {
      return Number(store.prepare('SELECT count(*) FROM spans').pluck().get());
    } finally {
      store.close();
    }
  } catch {
    return 0;
  }
}

function storedSpans(db: string): { traces: number; spans: number } {
  const store = openDatabase({ path: db, readonly: true });
  try {
    const reader = new TraceReader(store);
    const summaries = reader.search(traceQuerySchema.parse({ limit: 1000 }));
    return { traces: summaries.length, spans: summaries.reduce((n, s) => n + s.spanCount, 0) };
  } finally {
    store.close();
  }
}

describe.skipIf(!BUILT)(`tracedeck import ${BUILT ? '' : NOT_BUILT_REASON}`, () => {
  it('imports a gzip NDJSON file, and importing it again adds no span twice', async () => {
    const file = `${dir.path}/export.jsonl.gz`;
    writeFileSync(file, gzipSync(ndjson(30)));
    const db = `${dir.path}/a.db`;
    for (let round = 0; round < 2; round++) {
      const run = runCli(['import', '--db', db, file]);
      expect(await run.exited).toEqual({ code: 0, signal: null });
      expect(run.output()).toContain('OTLP/JSON lines (NDJSON), gzip');
      expect(run.output()).toContain('30 traces, 60 spans, 2 services (api, web)');
    }
    expect(storedSpans(db)).toEqual({ traces: 30, spans: 60 });
  });

  it('imports nothing from a file that breaks half way, names the line, and exits non-zero; other files still import', async () => {
    const good = ndjson(10);
    const broken = `${dir.path}/broken.jsonl`;
    const lines = good.split('\n');
    writeFileSync(broken, [...lines.slice(0, 6), lines[6]!.slice(0, 40), ...lines.slice(7)].join('\n'));
    const jaeger = `${dir.path}/trace.json`;
    writeFileSync(
      jaeger,
      JSON.stringify({ data: [{ traceID: 'a1', spans: [{ traceID: 'a1', spanID: 'b1', operationName: 'op', startTime: 1, duration: 2, processID: 'p1' }], processes: { p1: { serviceName: 'jaeger-svc' } } }] }),
    );
    const db = `${dir.path}/b.db`;
    const run = runCli(['import', '--db', db, broken, jaeger, `${dir.path}/missing.json`]);
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(/broken\.jsonl: not imported: line 7: the line ends inside its JSON value/);
    expect(run.output()).toContain('trace.json: Jaeger JSON');
    expect(run.output()).toContain('missing.json: not imported: no such file');
    expect(storedSpans(db)).toEqual({ traces: 1, spans: 1 });
  });

  it('on Ctrl+C takes back what it had stored of the file, says so and exits non-zero', async () => {
    const file = `${dir.path}/big.jsonl`;
    writeFileSync(file, ndjson(60_000));
    const db = `${dir.path}/c.db`;
    const run = runCli(['import', '--db', db, file]);
    // Interrupted once its first spans are committed, while the rest is still being read.
    await waitFor(() => existsSync(db) && spanRows(db) > 0, 'the first spans to be stored', 30_000);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('big.jsonl: not imported: the import was cancelled; nothing was imported');
    expect(storedSpans(db)).toEqual({ traces: 0, spans: 0 });
  });
});

describe.skipIf(!BUILT)(`tracedeck export ${BUILT ? '' : NOT_BUILT_REASON}`, () => {
  let db: string;
  beforeAll(async () => {
    db = `${dir.path}/source.db`;
    const file = `${dir.path}/source.jsonl`;
    writeFileSync(file, ndjson(12));
    expect((await runCli(['import', '--db', db, file]).exited).code).toBe(0);
  });

  it('exports every trace as OTLP/JSON that imports into a fresh database as the same spans', async () => {
    const out = `${dir.path}/all.json.gz`;
    const run = runCli(['export', '--db', db, '-o', out]);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain(`Exported 12 traces (24 spans) as OTLP/JSON to ${out}`);
    expect(JSON.parse(gunzipSync(readFileSync(out)).toString()).resourceSpans).toHaveLength(12);
    const copy = `${dir.path}/copy.db`;
    expect((await runCli(['import', '--db', copy, out]).exited).code).toBe(0);
    expect(storedSpans(copy)).toEqual({ traces: 12, spans: 24 });
    expect(storedTraces(copy)).toEqual(storedTraces(db));
  });

  it('exports what the filters choose, in the chosen format, to stdout', async () => {
    const run = runCli(['export', '--db', db, '--service', 'api', '--attr', 'n=4', '-f', 'jaeger']);
    expect((await run.exited).code).toBe(0);
    const json = run.output().slice(0, run.output().lastIndexOf('}') + 1);
    const traces = (JSON.parse(json) as { data: { traceID: string; spans: unknown[] }[] }).data;
    expect(traces.map((t) => [t.traceID, t.spans.length])).toEqual([[tid(4), 2]]);
    expect(run.output()).toContain('Exported 1 traces (2 spans) as Jaeger JSON to stdout');
  });

  it('exports named traces, and exits non-zero naming any that is not stored', async () => {
    const out = `${dir.path}/two.jsonl`;
    const run = runCli(['export', '--db', db, '-f', 'ndjson', '-o', out, tid(3), tid(99)]);
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain(`no trace ${tid(99)} is stored`);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId)).toEqual([tid(3)]);
  });

  it('takes the format from the output file name when -f is not given', async () => {
    const out = `${dir.path}/one.jaeger.json.gz`;
    expect((await runCli(['export', '--db', db, '-o', out, tid(5)]).exited).code).toBe(0);
    const jaeger = JSON.parse(gunzipSync(readFileSync(out)).toString()) as { data: { traceID: string }[] };
    expect(jaeger.data.map((t) => t.traceID)).toEqual([tid(5)]);
  });

  it('refuses a database that is not there, and a bad filter, in one line each', async () => {
    const missing = runCli(['export', '--db', `${dir.path}/nope.db`]);
    expect((await missing.exited).code).toBe(1);
    expect(missing.output()).toMatch(/^tracedeck: no database at .*nope\.db \(give the one to read with --db\)\n$/);
    const bad = runCli(['export', '--db', db, '--min-duration', 'soon']);
    expect((await bad.exited).code).not.toBe(0);
    expect(bad.output()).toContain('expected a duration such as 250ms');
  });
});

// The file routes of the headless server (POST /api/import, GET /api/export, GET
// /api/traces/{id}?format=) against a real server and SQLite file: what goes in comes out,
// re-imports add nothing, progress streams, bad files and foreign pages are refused.
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ImportSummary } from '../../src/shared/import/import-summary';
import { groupsToOtlpJson } from '../../src/shared/otlp/json-encode';
import type { TraceSummary } from '../../src/shared/api';
import { batch, intAttr, resource, sid, span, stringAttr, tid } from '../support/domain-spans';
import { httpRequest } from '../support/http-request';
import { startTestServer, type TestServer } from '../support/test-server';
import { flatSpans, readTraceBytes } from '../support/read-trace-file';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

/** Trace n: a web root and an api child, one NDJSON line per trace. */
function ndjson(from: number, to: number): string {
  const lines: string[] = [];
  for (let n = from; n <= to; n++) {
    const b = batch(
      [resource('web'), [span(tid(n), sid(1), '', 'GET /a', n * 1000, n * 1000 + 50, { attributes: [intAttr('n', n)], kind: 2 })]],
      [resource('api', [stringAttr('host.name', 'h1')]), [span(tid(n), sid(2), sid(1), 'SELECT', n * 1000 + 1, n * 1000 + 9, { statusCode: n % 3 === 0 ? 2 : 0 })]],
    );
    lines.push(JSON.stringify(groupsToOtlpJson(b.groups)));
  }
  return `${lines.join('\n')}\n`;
}

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  [server, other] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});

async function importBody(target: TestServer, body: Buffer | string, headers: Record<string, string> = {}) {
  return httpRequest(`${target.apiUrl}/api/import`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', ...headers }, body });
}

describe('POST /api/import', () => {
  it('imports a gzip NDJSON body and answers the summary; the same body again adds no span', async () => {
    const body = gzipSync(ndjson(1, 20));
    for (let round = 0; round < 2; round++) {
      const response = await importBody(server, body);
      expect(response.status).toBe(200);
      const summary = JSON.parse(response.text) as ImportSummary;
      expect(summary).toMatchObject({ format: 'otlp-ndjson', compressed: true, spans: 40, traces: 20, services: ['api', 'web'] });
      expect(summary.traceIds).toHaveLength(20);
    }
    const traces = await server.getJson<TraceSummary[]>('/api/traces?limit=100');
    expect(traces).toHaveLength(20);
    expect(traces.every((t) => t.spanCount === 2)).toBe(true);
  });

  it('streams progress lines and then the summary to a client that asks for NDJSON', async () => {
    const response = await importBody(server, ndjson(21, 400), { Accept: 'application/x-ndjson' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const progress = lines.filter((l) => 'progress' in l).map((l) => l.progress as { phase: string; bytesRead: number; totalBytes: number });
    expect(progress.map((p) => p.phase)).toContain('importing');
    expect(progress.at(-1)!.bytesRead).toBe(progress.at(-1)!.totalBytes);
    expect(lines.at(-1)).toMatchObject({ summary: { traces: 380, spans: 760 } });
  });

  it('imports nothing from a broken file and says where it breaks', async () => {
    const lines = ndjson(500, 505).split('\n');
    lines[3] = lines[3]!.slice(0, 30);
    const response = await importBody(other, lines.join('\n'));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error: { message: expect.stringMatching(/^line 4: /) as unknown, issues: { where: 'line 4' } } });
    expect(await other.getJson<TraceSummary[]>('/api/traces')).toEqual([]);

    const streamed = await importBody(other, '{"not":"traces"}', { Accept: 'application/x-ndjson' });
    const last = JSON.parse(streamed.text.trim().split('\n').at(-1)!) as { error: { message: string } };
    expect(last.error.message).toMatch(/^not a known trace format: /);
  });

  it('imports nothing when the client goes away during the upload, and leaves no temporary file', async () => {
    // A folder of its own for the spooled upload, so imports elsewhere (other test files) do not count.
    const spoolDir = makeTempDir();
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = spoolDir.path;
    onTestFinished(() => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      spoolDir.remove();
    });
    expect(tmpdir()).toBe(spoolDir.path);
    const spools = () => readdirSync(spoolDir.path).filter((name) => name.startsWith('tracedeck-import-'));
    const before = spools();
    const req = request(`${other.apiUrl}/api/import`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '10000000' } });
    req.on('error', () => undefined);
    req.write(ndjson(900, 950));
    await waitFor(() => spools().length > before.length, 'the upload to be spooled');
    req.destroy();
    await waitFor(() => spools().length === before.length, 'the spooled upload to be removed');
    expect(await other.getJson<TraceSummary[]>('/api/traces')).toEqual([]);
  });

  it('takes no import from another origin, not even another localhost page, and only POST', async () => {
    const foreign = await importBody(other, ndjson(1, 1), { Origin: 'http://localhost:3000' });
    expect(foreign.status).toBe(403);
    const own = await importBody(other, ndjson(1, 1), { Origin: other.apiUrl });
    expect(own.status).toBe(200);
    expect((await httpRequest(`${other.apiUrl}/api/import`)).status).toBe(405);
  });
});

describe('exports', () => {
  it('GET /api/export streams every matching trace, which imports into another store as the same spans', async () => {
    const response = await httpRequest(`${server.apiUrl}/api/export?service=api&status=error`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="traces-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json"$/);
    const exported = readTraceBytes(response.body);
    const errorTraces = (await server.getJson<TraceSummary[]>('/api/traces?status=error&limit=1000')).map((t) => t.traceId).sort();
    expect([...new Set(flatSpans(exported.groups).map((s) => s.span.traceId))].sort()).toEqual(errorTraces);
    expect(errorTraces).toHaveLength(133);

    const fresh = await startTestServer();
    try {
      expect((await importBody(fresh, response.body)).status).toBe(200);
      const again = await httpRequest(`${fresh.apiUrl}/api/export?service=api&status=error`);
      expect(flatSpans(readTraceBytes(again.body).groups)).toEqual(flatSpans(exported.groups));
    } finally {
      await fresh.close();
    }
  });

  it('pages through more traces than one search returns, in the order asked', async () => {
    const response = await httpRequest(`${server.apiUrl}/api/export?format=ndjson&sort=newest`);
    const ids = response.text.trim().split('\n').map((line) => (JSON.parse(line) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId);
    expect(ids).toHaveLength(400);
    expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => tid(400 - i)));
    const limited = await httpRequest(`${server.apiUrl}/api/export?format=ndjson&limit=3&minDurationMs=1`);
    expect(limited.text.trim().split('\n')).toHaveLength(3);
  });

  it('GET /api/traces/{id}?format= answers one trace in each format, as a download when asked', async () => {
    for (const [format, check] of [
      ['otlp', (text: string) => expect(JSON.parse(text).resourceSpans).toHaveLength(2)],
      ['ndjson', (text: string) => expect(text.trim().split('\n')).toHaveLength(1)],
      ['jaeger', (text: string) => expect(JSON.parse(text).data[0].spans).toHaveLength(2)],
      ['chrome', (text: string) => expect(JSON.parse(text).traceEvents.filter((e: { ph: string }) => e.ph === 'X')).toHaveLength(2)],
    ] as const) {
      const response = await httpRequest(`${server.apiUrl}/api/traces/${tid(7)}?format=${format}&download=1`);
      expect(response.status).toBe(200);
      check(response.text);
      expect(response.headers['content-disposition']).toContain(`filename="trace-${tid(7)}.`);
    }
    const inline = await httpRequest(`${server.apiUrl}/api/traces/${tid(7)}?format=jaeger`);
    expect(inline.headers['content-disposition']).toBeUndefined();
    expect((await httpRequest(`${server.apiUrl}/api/traces/${tid(9999)}?format=otlp`)).status).toBe(404);
    const bad = await httpRequest(`${server.apiUrl}/api/traces/${tid(7)}?format=zipkin`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('invalid format');
  });
});

// The query API over HTTP: routes, validation, DNS-rebinding protection and the live event stream.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStatus, TraceSummary, TraceUpdate } from '../../src/shared/api';
import { decodeSkeleton, SKELETON_MEDIA_TYPE } from '../../src/shared/trace/skeleton-codec';
import { httpRequest } from '../support/http-request';
import { jsonBody } from '../support/otlp-bodies';
import { makeSdkSpans } from '../support/sdk-spans';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function send(service: string) {
  const spans = makeSdkSpans(service);
  const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: jsonBody(spans) });
  expect(response.status).toBe(200);
  return spans[0]!.spanContext().traceId;
}

/** Opens /api/events and collects `traces` events until `until` is satisfied. */
function collectEvents(until: (updates: TraceUpdate[]) => boolean): { ready: Promise<void>; done: Promise<TraceUpdate[]> } {
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const done = new Promise<TraceUpdate[]>((resolve, reject) => {
    const req = request(`${server.apiUrl}/api/events`, (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      const updates: TraceUpdate[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.startsWith(': connected')) onReady();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^event: traces\ndata: (.*)$/m.exec(message);
          if (data) updates.push(...(JSON.parse(data[1]!) as TraceUpdate[]));
        }
        if (until(updates)) {
          req.destroy();
          resolve(updates);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
  return { ready, done };
}

describe('query API', () => {
  // How soon (500 ms of the ack is the target) is measured by bench/trace-list-ui.ts, not here.
  it('announces new traces with their summary over server-sent events', async () => {
    const events = collectEvents((updates) => updates.some((u) => u.summary.rootServiceName === 'live'));
    await events.ready;
    const traceId = await send('live');
    const updates = await events.done;
    const update = updates.find((u) => u.traceId === traceId);
    expect(update).toMatchObject({ isNew: true, summary: { traceId, rootServiceName: 'live', spanCount: 3, errorCount: 1 } });
  });

  it('returns summaries, services, operations and status', async () => {
    const traceId = await send('shop');
    // makeSdkSpans also makes a second, later trace (a consumer with a remote parent): newest first.
    const summaries = await server.getJson<TraceSummary[]>('/api/traces?service=shop');
    expect(summaries.map((s) => [s.rootName, s.hasRoot])).toEqual([
      ['process payment', false],
      ['GET /api/orders/:id', true],
    ]);
    expect(summaries[1]?.traceId).toBe(traceId);
    expect(await server.getJson('/api/services/shop/operations')).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'GET /api/orders/:id', spanCount: 1 })]),
    );
    const status = await server.getJson<ServerStatus>('/api/status');
    expect(status.receivers.map((r) => r.protocol)).toEqual(['grpc', 'http']);
    expect(status.receivers.every((r) => r.error === null && r.address?.startsWith('127.0.0.1:'))).toBe(true);
    expect(status.store.spansReceived).toBeGreaterThanOrEqual(4);
    expect(status.store.databaseBytes).toBeGreaterThan(0);
  });

  it('accepts an uppercase trace id and answers 404 for an unknown one', async () => {
    const traceId = await send('case');
    const trace = await server.getJson<{ resourceSpans: unknown[] }>(`/api/traces/${traceId.toUpperCase()}`);
    expect(trace.resourceSpans).toHaveLength(1);
    const missing = await httpRequest(`${server.apiUrl}/api/traces/${'ab'.repeat(16)}`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.message).toMatch(/no trace/);
  });

  it('answers 400 naming the parameter for invalid input', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['minDurationMs=-1', 'minDurationMs'],
      ['minDurationMs=10&maxDurationMs=5', 'minDurationMs'],
      ['status=broken', 'status'],
      ['attr=novalue', 'attr'],
      ['colour=red', ''],
    ] as const) {
      const response = await httpRequest(`${server.apiUrl}/api/traces?${query}`);
      expect(response.status, query).toBe(400);
      expect(JSON.parse(response.text).error.message, query).toContain(field);
    }
    expect((await httpRequest(`${server.apiUrl}/api/traces/not-an-id`)).status).toBe(400);
    expect((await httpRequest(`${server.apiUrl}/api/nothing`)).status).toBe(404);
    expect((await httpRequest(`${server.apiUrl}/api/services`, { method: 'DELETE' })).status).toBe(405);
  });

  it('serves the trace view: the skeleton, chosen spans in full, and spans found by text', async () => {
    const spans = makeSdkSpans('viewer');
    await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: jsonBody(spans) });
    const root = spans.find((s) => s.name === 'GET /api/orders/:id')!;
    const traceId = root.spanContext().traceId;
    const answer = await fetch(`${server.apiUrl}/api/traces/${traceId}/skeleton`);
    expect(answer.headers.get('content-type')).toBe(SKELETON_MEDIA_TYPE);
    const skeleton = decodeSkeleton(await answer.arrayBuffer());
    expect(Array.from(skeleton.nameIndexes, (i) => skeleton.names[i]).sort()).toEqual(['GET /api/orders/:id', 'SELECT orders', 'charge card']);
    expect(skeleton.services).toEqual(['viewer']);
    // The tree comes derived: the root first, its two children under it.
    expect(Array.from(skeleton.tree.depth)).toEqual([0, 1, 1]);
    expect(skeleton.names[skeleton.nameIndexes[skeleton.tree.span[0]!]!]).toBe('GET /api/orders/:id');
    const payment = spans.find((s) => s.name === 'charge card')!.spanContext().spanId;
    const full = await server.getJson<{ resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] }>(`/api/traces/${traceId}/spans?spanId=${payment}`);
    expect(full.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.name)))).toEqual(['charge card']);
    expect(await server.getJson(`/api/traces/${traceId}/find?text=card%20declined`)).toEqual([payment]);
    expect((await fetch(`${server.apiUrl}/api/traces/${'0'.repeat(31)}1/skeleton`)).status).toBe(404);
    const bad = await fetch(`${server.apiUrl}/api/traces/${traceId}/spans?spanId=xyz`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('spanId');
    expect((await fetch(`${server.apiUrl}/api/traces/${traceId}/find?text=`)).status).toBe(400);
  });

  it('refuses requests whose Host or Origin is not local (DNS rebinding)', async () => {
    const rebound = await httpRequest(`${server.apiUrl}/api/services`, { headers: { Host: `attacker.example:${server.server.web.port}` } });
    expect(rebound.status).toBe(403);
    const crossSite = await httpRequest(`${server.apiUrl}/api/services`, { headers: { Origin: 'https://attacker.example' } });
    expect(crossSite.status).toBe(403);
    const events = await httpRequest(`${server.apiUrl}/api/events`, { headers: { Host: 'attacker.example' } });
    expect(events.status).toBe(403);
    for (const host of ['localhost', `localhost:${server.server.web.port}`, '127.0.0.1', '[::1]:80']) {
      expect((await httpRequest(`${server.apiUrl}/api/services`, { headers: { Host: host } })).status, host).toBe(200);
    }
    expect((await httpRequest(`${server.apiUrl}/api/services`, { headers: { Origin: 'http://localhost:5173' } })).status).toBe(200);
  });

  it('never answers OTLP on the API port', async () => {
    const response = await httpRequest(`${server.apiUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
  });
});

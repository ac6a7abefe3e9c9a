// OTLP/HTTP against malformed and hostile input: each answered with the code the OTLP
// specification gives, and nothing already stored lost or corrupted.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src/shared/api';
import { httpRequest } from '../support/http-request';
import { jsonBody, protobufBody, readExportResponse, readRpcStatus } from '../support/otlp-bodies';
import { makeSdkSpans } from '../support/sdk-spans';
import { startTestServer, type TestServer } from '../support/test-server';

const LIMIT = 64 * 1024;
let server: TestServer;
const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  server = await startTestServer({ maxMessageBytes: LIMIT });
});
afterAll(async () => {
  await server?.close();
});

async function storedSpanCount(): Promise<number> {
  const services = await server.getJson<{ spanCount: number }[]>('/api/services');
  return services.reduce((sum, s) => sum + s.spanCount, 0);
}

describe('OTLP/HTTP receiver', () => {
  it('acknowledges protobuf with an empty ExportTraceServiceResponse', async () => {
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: PROTOBUF, body: protobufBody(makeSdkSpans('good-proto')) });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-protobuf');
    expect(readExportResponse(response.body)).toBeNull();
  });

  it('acknowledges JSON with a JSON body', async () => {
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: JSON_TYPE, body: jsonBody(makeSdkSpans('good-json')) });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({});
  });

  it('rejects a truncated protobuf body with 400 and a google.rpc.Status', async () => {
    const body = protobufBody(makeSdkSpans('truncated'));
    const before = await storedSpanCount();
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: PROTOBUF, body: body.subarray(0, body.length - 7) });
    expect(response.status).toBe(400);
    const status = readRpcStatus(response.body);
    expect(status.code).toBe(3); // INVALID_ARGUMENT
    expect(status.message).toMatch(/undecodable ExportTraceServiceRequest: .* at byte \d+/);
    expect(await storedSpanCount()).toBe(before);
  });

  it('rejects invalid JSON with 400 naming the problem', async () => {
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: JSON_TYPE, body: '{"resourceSpans": [' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ code: 3, message: expect.stringMatching(/invalid OTLP\/JSON: invalid JSON/) });
  });

  it('rejects JSON of the wrong shape with the field path', async () => {
    const response = await httpRequest(server.otlpHttpUrl, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'aa', name: 7 }] }] }] }),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]/);
  });

  it('keeps the valid spans and reports invalid ids as partial success', async () => {
    const spans = makeSdkSpans('partial');
    const json = JSON.parse(jsonBody(spans).toString()) as { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string }[] }[] }[] };
    const wire = json.resourceSpans[0]!.scopeSpans[0]!.spans;
    wire[0]!.spanId = '0000000000000000';
    wire[1]!.traceId = 'abc';
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(json) });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text);
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toMatch(/invalid span id .*invalid trace id/);
    const services = await server.getJson<{ name: string; spanCount: number }[]>('/api/services');
    expect(services.find((s) => s.name === 'partial')?.spanCount).toBe(spans.length - 2);
  });

  it('reports partial success in protobuf for protobuf requests', async () => {
    const [first, ...rest] = makeSdkSpans('partial-proto');
    // A span whose context carries an all-zero span id, as a buggy SDK might send.
    const broken = Object.assign(Object.create(Object.getPrototypeOf(first)), first, {
      spanContext: () => ({ ...first!.spanContext(), spanId: '0000000000000000' }),
    });
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: PROTOBUF, body: protobufBody([broken, ...rest]) });
    expect(response.status).toBe(200);
    expect(readExportResponse(response.body)).toEqual({ rejectedSpans: 1, errorMessage: expect.stringMatching(/invalid span id/) });
  });

  it('answers 415 for other content types', async () => {
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text).message).toMatch(/application\/x-protobuf or application\/json/);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: PROTOBUF, body: Buffer.alloc(LIMIT + 1) });
    expect(response.status).toBe(413);
  });

  it('answers 413 for gzip that expands past the limit, without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)); // ~50 KB on the wire, 50 MB inflated
    expect(bomb.length).toBeLessThan(LIMIT);
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { ...PROTOBUF, 'Content-Encoding': 'gzip' }, body: bomb });
    expect(response.status).toBe(413);
    expect(readRpcStatus(response.body).message).toMatch(/decompressed request body is over the limit/);
  });

  it('answers 400 for a body that claims gzip but is not', async () => {
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: '{}' });
    expect(response.status).toBe(400);
  });

  it('treats an empty protobuf body as an empty request and an empty JSON body as invalid', async () => {
    expect((await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: PROTOBUF, body: '' })).status).toBe(200);
    expect((await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: JSON_TYPE, body: '' })).status).toBe(400);
  });

  it('answers 405 with Allow for other methods and 404 for other paths', async () => {
    const get = await httpRequest(server.otlpHttpUrl);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
    const other = await httpRequest(server.otlpHttpUrl.replace('/v1/traces', '/v1/metrics'), { method: 'POST', headers: PROTOBUF, body: '' });
    expect(other.status).toBe(404);
  });

  it('never serves the query API on the OTLP port', async () => {
    const response = await httpRequest(server.otlpHttpUrl.replace('/v1/traces', '/api/services'));
    expect(response.status).toBe(404);
  });

  it('answers CORS preflight for localhost pages and refuses other origins', async () => {
    const preflight = await httpRequest(server.otlpHttpUrl, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');

    const fromPage = await httpRequest(server.otlpHttpUrl, {
      method: 'POST',
      headers: { ...JSON_TYPE, Origin: 'http://127.0.0.1:3000' },
      body: jsonBody(makeSdkSpans('browser-app')),
    });
    expect(fromPage.status).toBe(200);
    expect(fromPage.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');

    const before = await storedSpanCount();
    const hostile = await httpRequest(server.otlpHttpUrl, {
      method: 'POST',
      headers: { ...JSON_TYPE, Origin: 'https://evil.example' },
      body: jsonBody(makeSdkSpans('evil')),
    });
    expect(hostile.status).toBe(403);
    expect(hostile.headers['access-control-allow-origin']).toBeUndefined();
    expect(await storedSpanCount()).toBe(before);
  });

  it('still holds every span acknowledged before the bad requests, intact', async () => {
    for (const service of ['good-proto', 'good-json', 'browser-app']) {
      const [summary] = await server.getJson<TraceSummary[]>(`/api/traces?service=${service}&operation=${encodeURIComponent('GET /api/orders/:id')}`);
      expect(summary).toMatchObject({ rootServiceName: service, spanCount: 3, errorCount: 1 });
    }
  });
});

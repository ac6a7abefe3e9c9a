// When more spans wait to be written than the queue allows, receivers refuse at once with a
// retryable answer instead of queueing without bound; what they accepted is still stored.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcExport } from '../support/grpc-client';
import { httpRequest } from '../support/http-request';
import { protobufBody } from '../support/otlp-bodies';
import { makeSdkSpans } from '../support/sdk-spans';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;

beforeAll(async () => {
  // One waiting batch fills the queue; it is written after 300 ms, so a second request sent
  // meanwhile finds the queue full.
  server = await startTestServer({ ingest: { maxPendingSpans: 5 }, commitDelayMs: 300 });
});
afterAll(async () => {
  await server?.close();
});

describe('overload', () => {
  it('answers UNAVAILABLE over gRPC and 429 with Retry-After over HTTP, then accepts again', async () => {
    const first = grpcExport(server.grpcAddress, protobufBody(makeSdkSpans('accepted')));
    // Wait until the first batch is in the queue (a condition, not a delay).
    while (server.server.core.queue.waitingSpans === 0) await new Promise((r) => setImmediate(r));
    const refusedGrpc = await grpcExport(server.grpcAddress, protobufBody(makeSdkSpans('refused-grpc')));
    expect(refusedGrpc.code).toBe(grpc.status.UNAVAILABLE);
    expect(refusedGrpc.details).toMatch(/retry/);
    const refusedHttp = await httpRequest(server.otlpHttpUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: protobufBody(makeSdkSpans('refused-http')),
    });
    expect(refusedHttp.status).toBe(429);
    expect(refusedHttp.headers['retry-after']).toBe('1');
    expect((await first).code).toBe(grpc.status.OK);

    const again = await grpcExport(server.grpcAddress, protobufBody(makeSdkSpans('after')));
    expect(again.code).toBe(grpc.status.OK);
    const names = (await server.getJson<{ name: string }[]>('/api/services')).map((s) => s.name);
    expect(names).toEqual(['accepted', 'after']);
  });
});

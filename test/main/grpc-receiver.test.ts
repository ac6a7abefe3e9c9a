// OTLP/gRPC against malformed input and limits: the status codes the OTLP specification gives.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcExport } from '../support/grpc-client';
import { protobufBody, readExportResponse } from '../support/otlp-bodies';
import { makeSdkSpans } from '../support/sdk-spans';
import { startTestServer, type TestServer } from '../support/test-server';

const LIMIT = 64 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ maxMessageBytes: LIMIT });
});
afterAll(async () => {
  await server?.close();
});

describe('OTLP/gRPC receiver', () => {
  it('acknowledges a valid request with an empty response', async () => {
    const result = await grpcExport(server.grpcAddress, protobufBody(makeSdkSpans('grpc-ok')));
    expect(result.code).toBe(grpc.status.OK);
    expect(result.response?.length).toBe(0);
  });

  it('answers INVALID_ARGUMENT for an undecodable request and stores nothing of it', async () => {
    const body = protobufBody(makeSdkSpans('grpc-truncated'));
    const result = await grpcExport(server.grpcAddress, body.subarray(0, body.length - 5));
    expect(result.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(result.details).toMatch(/undecodable ExportTraceServiceRequest/);
    const services = await server.getJson<{ name: string }[]>('/api/services');
    expect(services.map((s) => s.name)).not.toContain('grpc-truncated');
  });

  it('answers RESOURCE_EXHAUSTED for a message over the size limit', async () => {
    const result = await grpcExport(server.grpcAddress, Buffer.alloc(LIMIT + 1024, 0));
    expect(result.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('reports invalid spans as partial success and keeps the rest', async () => {
    const [first, ...rest] = makeSdkSpans('grpc-partial');
    const broken = Object.assign(Object.create(Object.getPrototypeOf(first)), first, {
      spanContext: () => ({ ...first!.spanContext(), traceId: '00000000000000000000000000000000' }),
    });
    const result = await grpcExport(server.grpcAddress, protobufBody([broken, ...rest]));
    expect(result.code).toBe(grpc.status.OK);
    expect(readExportResponse(result.response!)).toEqual({ rejectedSpans: 1, errorMessage: expect.stringMatching(/invalid trace id/) });
    const services = await server.getJson<{ name: string; spanCount: number }[]>('/api/services');
    expect(services.find((s) => s.name === 'grpc-partial')?.spanCount).toBe(rest.length);
  });
});

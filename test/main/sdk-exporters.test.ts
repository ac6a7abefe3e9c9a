// The official OpenTelemetry JS exporters, with their default settings, send to a real server
// on ephemeral ports; what the query API returns must equal what the SDK recorded, field by field.
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtlpJsonTraces } from '../../src/shared/otlp/json-encode';
import type { TraceSummary } from '../../src/shared/api';
import { expectedOtlpJsonSpan, expectedResource, expectedScope, makeSdkSpans } from '../support/sdk-spans';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

const exporters: [string, () => SpanExporter][] = [
  ['OTLP/gRPC', () => new GrpcExporter({ url: server.otlpGrpcUrl })],
  ['OTLP/gRPC with gzip', () => new GrpcExporter({ url: server.otlpGrpcUrl, compression: 'gzip' as never })],
  ['OTLP/HTTP protobuf', () => new ProtoExporter({ url: server.otlpHttpUrl })],
  ['OTLP/HTTP protobuf with gzip', () => new ProtoExporter({ url: server.otlpHttpUrl, compression: 'gzip' as never })],
  ['OTLP/HTTP JSON', () => new JsonExporter({ url: server.otlpHttpUrl })],
  ['OTLP/HTTP JSON with gzip', () => new JsonExporter({ url: server.otlpHttpUrl, compression: 'gzip' as never })],
];

describe.each(exporters)('%s exporter', (name, makeExporter) => {
  it('stores every field of every span, acknowledged only once stored', async () => {
    const service = `orders-${name.replace(/\W+/g, '-').toLowerCase()}`;
    const spans = makeSdkSpans(service);
    const exporter = makeExporter();
    const result = await exportWith(exporter, spans);
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(ExportResultCode.SUCCESS);

    // Acknowledged means committed: no waiting needed before reading.
    for (const traceId of new Set(spans.map((s) => s.spanContext().traceId))) {
      const trace = await server.getJson<OtlpJsonTraces>(`/api/traces/${traceId}`);
      const sent = spans.filter((s) => s.spanContext().traceId === traceId);
      expect(trace.resourceSpans).toHaveLength(1);
      const [resourceSpans] = trace.resourceSpans;
      expect(resourceSpans!.resource).toEqual(expectedResource(sent[0]!));
      expect(resourceSpans!.scopeSpans).toHaveLength(1);
      const [scopeSpans] = resourceSpans!.scopeSpans;
      const { schemaUrl, ...scope } = expectedScope(sent[0]!);
      expect(scopeSpans!.scope).toEqual(scope);
      expect(scopeSpans!.schemaUrl).toBe(schemaUrl);
      const byId = (a: { spanId: string }, b: { spanId: string }) => a.spanId.localeCompare(b.spanId);
      expect([...scopeSpans!.spans].sort(byId)).toEqual(sent.map(expectedOtlpJsonSpan).sort(byId));
    }

    const services = await server.getJson<{ name: string; spanCount: number }[]>('/api/services');
    expect(services.find((s) => s.name === service)?.spanCount).toBe(spans.length);
    const [summary] = await server.getJson<TraceSummary[]>(`/api/traces?service=${service}&status=error`);
    expect(summary).toMatchObject({
      rootServiceName: service,
      rootName: 'GET /api/orders/:id',
      hasRoot: true,
      spanCount: 3,
      errorCount: 1,
      durationNanos: 50_000_000 - 123,
      services: [service],
    });
  });
});

// Traces with chosen shapes (service, duration, errors, attributes), made by the official OTel
// JS SDK and sent with its OTLP/HTTP protobuf exporter, as an instrumented app would send them.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface TraceShape {
  service: string;
  name: string;
  durationMs: number;
  /** Start, ms since the epoch (default: now). */
  startMs?: number;
  error?: boolean;
  attributes?: Attributes;
  /** Links of the root span. */
  links?: { traceId: string; spanId: string }[];
  /** One child span per entry, in another service; by default child i runs from 1 + i ms to half the root. */
  children?: { service: string; name: string; attributes?: Attributes; startOffsetMs?: number; durationMs?: number }[];
}

const hr = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1_000_000)];

const providers = new Map<string, { provider: BasicTracerProvider; memory: InMemorySpanExporter }>();

function tracerFor(service: string) {
  let entry = providers.get(service);
  if (!entry) {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(memory)] });
    entry = { provider, memory };
    providers.set(service, entry);
  }
  return { tracer: entry.provider.getTracer('tracedeck-e2e', '1.0.0'), memory: entry.memory };
}

/** Makes the spans of each trace; returns them with each trace's id (in the order given). */
export function makeTraces(shapes: TraceShape[]): { spans: ReadableSpan[]; traceIds: string[] } {
  const traceIds: string[] = [];
  for (const shape of shapes) {
    const start = shape.startMs ?? Date.now();
    const { tracer } = tracerFor(shape.service);
    const links = (shape.links ?? []).map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: 1 } }));
    const root = tracer.startSpan(shape.name, { kind: SpanKind.SERVER, startTime: hr(start), attributes: shape.attributes ?? {}, links });
    traceIds.push(root.spanContext().traceId);
    const parent = { traceId: root.spanContext().traceId, spanId: root.spanContext().spanId, traceFlags: 1 };
    (shape.children ?? []).forEach((child, i) => {
      const { tracer: childTracer } = tracerFor(child.service);
      const span = childTracer.startSpan(
        child.name,
        { kind: SpanKind.CLIENT, startTime: hr(start + (child.startOffsetMs ?? 1 + i)), attributes: child.attributes ?? {} },
        withParent(parent),
      );
      span.end(hr(child.durationMs === undefined ? start + Math.max(2 + i, shape.durationMs / 2) : start + (child.startOffsetMs ?? 1 + i) + child.durationMs));
    });
    if (shape.error) root.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    root.end(hr(start + shape.durationMs));
  }
  const spans: ReadableSpan[] = [];
  for (const { memory } of providers.values()) {
    spans.push(...memory.getFinishedSpans());
    memory.reset();
  }
  return { spans, traceIds };
}

function withParent(parent: { traceId: string; spanId: string; traceFlags: number }) {
  return trace.setSpanContext(context.active(), parent);
}

/** Sends spans over OTLP/HTTP protobuf and resolves once Tracedeck acknowledged them. */
export async function sendSpans(otlpHttpUrl: string, spans: ReadableSpan[]): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: otlpHttpUrl });
  try {
    for (let i = 0; i < spans.length; i += 512) {
      const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans.slice(i, i + 512), resolve));
      if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('export failed');
    }
  } finally {
    await exporter.shutdown();
  }
}

export async function sendTraces(otlpHttpUrl: string, shapes: TraceShape[]): Promise<string[]> {
  const { spans, traceIds } = makeTraces(shapes);
  await sendSpans(otlpHttpUrl, spans);
  return traceIds;
}

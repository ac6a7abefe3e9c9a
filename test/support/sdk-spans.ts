// Spans made by the official OpenTelemetry JS SDK, and what OTLP says they must look like once
// stored: an oracle written from the SDK's own objects and the OTLP specification, independent
// of Tracedeck's decoders.
import { context, createTraceState, SpanKind, SpanStatusCode, trace, TraceFlags, type AttributeValue, type HrTime } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0';

/** A realistic resource: ~10 attributes as the Node SDK detectors produce. */
export function sdkResourceAttributes(serviceName: string) {
  return {
    'service.name': serviceName,
    'service.version': '2.3.1',
    'service.instance.id': 'b1946ac9-2f5a-4e1b-9f8c-7a1f2b3c4d5e',
    'deployment.environment.name': 'local',
    'host.name': 'dev-laptop',
    'host.arch': 'amd64',
    'os.type': 'linux',
    'process.pid': 4242,
    'process.runtime.name': 'nodejs',
    'telemetry.sdk.language': 'nodejs',
  };
}

function hr(ms: number, extraNs = 0): HrTime {
  return [Math.floor(ms / 1000), (ms % 1000) * 1_000_000 + extraNs];
}

/** One trace of three spans plus a span with a remote parent and trace state, covering every SDK attribute type. */
export function makeSdkSpans(serviceName: string, baseMs = Date.UTC(2026, 10, 24, 12, 0, 0)): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(sdkResourceAttributes(serviceName)),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('@acme/orders-instrumentation', '1.4.2', { schemaUrl: SCHEMA_URL });
  const root = tracer.startSpan(
    'GET /api/orders/:id',
    {
      kind: SpanKind.SERVER,
      startTime: hr(baseMs, 123),
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/api/orders/:id',
        'http.response.status_code': 500,
        user_id: 42,
        'cart.total': 129.95,
        'feature.enabled': true,
        'feature.flags': ['new-checkout', 'dark-mode'],
        'retry.delays_ms': [10, 20, 40],
        'weights': [0.25, 0.75],
        'checks': [true, false, true],
        'empty.text': '',
        'unicode.text': 'Grüße, 世界 🚀',
      },
    },
    context.active(),
  );
  const rootContext = trace.setSpan(context.active(), root);
  const query = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      startTime: hr(baseMs + 5),
      attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM orders WHERE id = $1', 'db.rows': 1 },
    },
    rootContext,
  );
  query.addEvent('cache.miss', { 'cache.key': 'order:42', 'cache.size': 1024 }, hr(baseMs + 6));
  query.end(hr(baseMs + 25, 999));
  const payment = tracer.startSpan(
    'charge card',
    {
      kind: SpanKind.PRODUCER,
      startTime: hr(baseMs + 30),
      links: [
        {
          context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true },
          attributes: { 'link.reason': 'batch', 'link.index': 3 },
        },
      ],
    },
    rootContext,
  );
  payment.recordException(Object.assign(new Error('card declined'), { name: 'PaymentError' }), hr(baseMs + 40));
  payment.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  payment.end(hr(baseMs + 45));
  root.setStatus({ code: SpanStatusCode.OK });
  root.end(hr(baseMs + 50));

  // A span whose parent lives in another process: remote parent, vendor trace state.
  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: randomBytes(16).toString('hex'), // a fresh trace per call: tests share one store
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'),
  });
  const consumer = tracer.startSpan('process payment', { kind: SpanKind.CONSUMER, startTime: hr(baseMs + 60) }, remoteParent);
  consumer.setAttribute('messaging.system', 'kafka');
  consumer.end(hr(baseMs + 70));
  return memory.getFinishedSpans() as ReadableSpan[];
}

function hrToNs(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

function anyValue(value: AttributeValue | undefined): unknown {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => anyValue(v as AttributeValue)) } };
  return {};
}

function attributes(attrs: Record<string, AttributeValue | undefined>) {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

// OTLP Span.flags: W3C trace flags in the low byte, bit 8 "is-remote known", bit 9 "parent is remote".
function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** What GET /api/traces/{id} must return for this SDK span (OTLP/JSON, as Tracedeck writes it). */
export function expectedOtlpJsonSpan(span: ReadableSpan) {
  const ctx = span.spanContext();
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    traceState: ctx.traceState?.serialize() ?? '',
    flags: spanFlags(ctx.traceFlags, span.parentSpanContext?.isRemote),
    name: span.name,
    kind: span.kind + 1, // the API's SpanKind starts at INTERNAL = 0, OTLP's at UNSPECIFIED = 0
    startTimeUnixNano: hrToNs(span.startTime),
    endTimeUnixNano: hrToNs(span.endTime),
    attributes: attributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: hrToNs(event.time),
      name: event.name,
      attributes: attributes(event.attributes ?? {}),
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      traceState: link.context.traceState?.serialize() ?? '',
      attributes: attributes(link.attributes ?? {}),
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
      flags: spanFlags(link.context.traceFlags, link.context.isRemote),
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.status.code, message: span.status.message ?? '' },
  };
}

export function expectedResource(span: ReadableSpan) {
  return { attributes: attributes(span.resource.attributes as Record<string, AttributeValue>), droppedAttributesCount: 0 };
}

export function expectedScope(span: ReadableSpan) {
  const scope = span.instrumentationScope;
  return { name: scope.name, version: scope.version ?? '', attributes: [], droppedAttributesCount: 0, schemaUrl: scope.schemaUrl ?? '' };
}

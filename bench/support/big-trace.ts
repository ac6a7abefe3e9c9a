// One large trace as OTLP protobuf requests (512 spans each, as an SDK batch processor sends
// them): about 10 services, 6-11 attributes per span, 10 % with an event, 2 % errors; the tree
// is wide (fan-outs of up to 40 children) and deep (chains of up to 60 levels), and spans end
// within their parent. Deterministic for a given size and seed.
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { random } from './workload';

const SERVICES = Array.from({ length: 10 }, (_, i) => `svc-${['gateway', 'orders', 'payments', 'inventory', 'users', 'search', 'cart', 'shipping', 'email', 'db'][i]}`);

function resource(service: string) {
  const attributes = { 'service.name': service, 'service.version': '1.0.0', 'host.name': 'dev-laptop', 'telemetry.sdk.language': 'nodejs' };
  return { attributes, merge: () => null, getRawAttributes: () => Object.entries(attributes) };
}

function hex(rand: () => number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += Math.floor(rand() * 256).toString(16).padStart(2, '0');
  return out;
}

export interface BigTrace {
  traceId: string;
  requests: Buffer[];
  spans: number;
}

export function buildBigTrace(spanCount: number, seed = 5): BigTrace {
  const rand = random(seed);
  const traceId = hex(rand, 16);
  const resources = SERVICES.map(resource);
  const scope = { name: 'bench-instrumentation', version: '1.0.0' };
  const startMs = Date.now() - 60_000;
  // Each span: [id, parent index, start ms, duration ms, depth]
  const spans: { id: string; parent: number; start: number; duration: number; depth: number; service: number }[] = [];
  spans.push({ id: hex(rand, 8), parent: -1, start: startMs, duration: 5000, depth: 0, service: 0 });
  const open: number[] = [0];
  while (spans.length < spanCount) {
    // Deep: continue a chain from the newest span; wide: fan out from an earlier one.
    const parentIndex = rand() < 0.5 ? open[open.length - 1]! : open[Math.floor(rand() * open.length)]!;
    const parent = spans[parentIndex]!;
    const fanout = parent.depth > 60 ? 1 : 1 + Math.floor(rand() * rand() * 40);
    for (let k = 0; k < fanout && spans.length < spanCount; k++) {
      const start = parent.start + rand() * parent.duration * 0.6;
      const duration = Math.max(0.01, (parent.start + parent.duration - start) * rand() * 0.9);
      spans.push({ id: hex(rand, 8), parent: parentIndex, start, duration, depth: parent.depth + 1, service: Math.floor(rand() * SERVICES.length) });
      if (parent.depth < 60) open.push(spans.length - 1);
    }
    if (open.length > 2000) open.splice(0, 1000);
  }
  const requests: Buffer[] = [];
  for (let at = 0; at < spans.length; at += 512) {
    const batch = spans.slice(at, at + 512).map((s) => {
      const attributes: Record<string, unknown> = {
        'http.request.method': rand() < 0.8 ? 'GET' : 'POST',
        'http.route': `/api/v1/items/${Math.floor(rand() * 50)}`,
        'http.response.status_code': rand() < 0.98 ? 200 : 500,
        user_id: Math.floor(rand() * 5000),
        'server.address': 'localhost',
        'network.protocol.version': '1.1',
      };
      const extra = Math.floor(rand() * 6);
      for (let k = 0; k < extra; k++) attributes[`app.attribute_${k}`] = `value-${Math.floor(rand() * 100)}`;
      const startNs = Math.round(s.start * 1e6);
      const endNs = Math.round((s.start + s.duration) * 1e6);
      const spanId = s.id;
      const parent = s.parent >= 0 ? spans[s.parent]!.id : undefined;
      return {
        name: `${SERVICES[s.service]} operation ${Math.floor(rand() * 12)}`,
        kind: 1 + Math.floor(rand() * 3),
        spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
        parentSpanContext: parent === undefined ? undefined : { traceId, spanId: parent, traceFlags: 1 },
        startTime: [Math.floor(startNs / 1e9), startNs % 1e9],
        endTime: [Math.floor(endNs / 1e9), endNs % 1e9],
        status: rand() < 0.02 ? { code: 2, message: 'failed' } : { code: 0 },
        attributes,
        links: [],
        events: rand() < 0.1 ? [{ name: 'log', time: [Math.floor(startNs / 1e9), startNs % 1e9], attributes: { 'log.message': 'cache miss' } }] : [],
        duration: [0, 0],
        ended: true,
        resource: resources[s.service],
        instrumentationScope: scope,
        droppedAttributesCount: 0,
        droppedEventsCount: 0,
        droppedLinksCount: 0,
      };
    });
    requests.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(batch as never)!));
  }
  return { traceId, requests, spans: spans.length };
}

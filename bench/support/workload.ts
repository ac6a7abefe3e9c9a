// The benchmark workload: OTLP requests as the OpenTelemetry JS SDK's batch processor sends them,
// encoded by the official serializer. Traces of mixed sizes (1 to 60 spans, ~15 on average) over
// 10 services, each trace crossing 1 to 4 of them as a request path does; each service names its
// spans from a handful of operations; resources with 10 attributes; spans with 8-15 attributes
// (a `user_id` among them), 20 % with an event, 2 % errors. Trace and span ids are rewritten per send so every
// request stores new traces.
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

export const SERVICES = Array.from({ length: 10 }, (_, i) => `service-${i}`);
export const USER_IDS = 5000;

// A small deterministic PRNG: the same workload on every run.
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s = Math.imul(s ^ (s >>> 12), 0x297a2d39) >>> 0;
    return ((s ^ (s >>> 15)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += Math.floor(rand() * 256).toString(16).padStart(2, '0');
  return out;
}

const resources = SERVICES.map((service, i) => {
  const attributes = {
    'service.name': service,
    'service.version': `1.${i}.0`,
    'service.instance.id': `instance-${i}`,
    'deployment.environment.name': 'local',
    'host.name': 'dev-laptop',
    'host.arch': 'amd64',
    'os.type': 'linux',
    'process.pid': 1000 + i,
    'process.runtime.name': 'nodejs',
    'telemetry.sdk.language': 'nodejs',
  };
  return { attributes, merge: () => null, getRawAttributes: () => Object.entries(attributes) };
});
const scopes = SERVICES.map(() => ({ name: '@opentelemetry/instrumentation-http', version: '0.57.0' }));

export interface EncodedRequest {
  body: Buffer;
  spanCount: number;
  /** Byte offsets of every trace id (16 bytes) and span id (8 bytes, parents included). */
  traceIdOffsets: number[];
  spanIdOffsets: number[];
}

/** Builds `count` requests of `spansPerRequest` spans each (traces never straddle requests). */
export function buildRequests(count: number, spansPerRequest: number, seed = 1): EncodedRequest[] {
  const rand = random(seed);
  const requests: EncodedRequest[] = [];
  let clockMs = Date.now() - 3_600_000;
  for (let r = 0; r < count; r++) {
    const spans: object[] = [];
    const traceIds: string[] = [];
    const spanIds: string[] = [];
    while (spans.length < spansPerRequest) {
      const size = Math.min(spansPerRequest - spans.length, 1 + Math.floor(rand() * rand() * 60));
      const traceId = hex(rand, 16);
      traceIds.push(traceId);
      const ids = Array.from({ length: size }, () => hex(rand, 8));
      spanIds.push(...ids);
      const user = Math.floor(rand() * USER_IDS);
      const route = `/api/v1/resource-${Math.floor(rand() * 40)}`;
      const traceDurationMs = 1 + rand() * rand() * 2000;
      const traceStart = clockMs;
      clockMs += 5;
      const path = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.floor(rand() * SERVICES.length));
      for (let i = 0; i < size; i++) {
        const service = i === 0 ? path[0]! : path[Math.floor(rand() * path.length)]!;
        const startMs = traceStart + (i === 0 ? 0 : rand() * traceDurationMs * 0.5);
        const durationMs = i === 0 ? traceDurationMs : rand() * traceDurationMs * 0.5;
        const attributes: Record<string, unknown> = {
          'http.request.method': rand() < 0.8 ? 'GET' : 'POST',
          'http.route': route,
          'http.response.status_code': rand() < 0.97 ? 200 : 500,
          user_id: user,
          'server.address': 'localhost',
          'url.path': `${route}/${Math.floor(rand() * 10000)}`,
          'network.protocol.version': '1.1',
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)',
        };
        const extra = Math.floor(rand() * 8);
        for (let k = 0; k < extra; k++) attributes[`app.attribute_${k}`] = rand() < 0.5 ? `value-${Math.floor(rand() * 100)}` : rand() * 100;
        const startNs = Math.round(startMs * 1e6);
        const endNs = Math.round((startMs + durationMs) * 1e6);
        const traceIdForSpan = traceId;
        const spanId = ids[i]!;
        const parent = i === 0 ? undefined : ids[Math.floor(rand() * i)]!;
        spans.push({
          name: i === 0 ? `GET ${route}` : `${SERVICES[service]} operation ${Math.floor(rand() * 6)}`,
          kind: i === 0 ? 1 : Math.floor(rand() * 5),
          spanContext: () => ({ traceId: traceIdForSpan, spanId, traceFlags: 1 }),
          parentSpanContext: parent === undefined ? undefined : { traceId: traceIdForSpan, spanId: parent, traceFlags: 1 },
          startTime: [Math.floor(startNs / 1e9), startNs % 1e9],
          endTime: [Math.floor(endNs / 1e9), endNs % 1e9],
          status: rand() < 0.02 ? { code: 2, message: 'upstream failed' } : { code: 0 },
          attributes,
          links: [],
          events: rand() < 0.2 ? [{ name: 'log', time: [Math.floor(startNs / 1e9), startNs % 1e9], attributes: { 'log.message': 'cache miss, loading from the database' } }] : [],
          duration: [0, 0],
          ended: true,
          resource: resources[service],
          instrumentationScope: scopes[service],
          droppedAttributesCount: 0,
          droppedEventsCount: 0,
          droppedLinksCount: 0,
        });
      }
    }
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans as never)!);
    requests.push({ body, spanCount: spans.length, traceIdOffsets: offsetsOf(body, traceIds, 16), spanIdOffsets: offsetsOf(body, spanIds, 8) });
  }
  return requests;
}

function offsetsOf(body: Buffer, ids: string[], length: number): number[] {
  const offsets: number[] = [];
  for (const id of new Set(ids)) {
    const bytes = Buffer.from(id, 'hex');
    for (let at = body.indexOf(bytes); at >= 0; at = body.indexOf(bytes, at + length)) offsets.push(at);
  }
  return offsets;
}

/**
 * Makes a request's ids unique for send number `sequence` (the first 4 bytes of every trace id
 * and span id), without re-encoding: ids stay consistent within the request.
 */
export function stampRequest(request: EncodedRequest, sequence: number): Buffer {
  const body = Buffer.from(request.body);
  for (const at of request.traceIdOffsets) body.writeUInt32BE(sequence, at);
  for (const at of request.spanIdOffsets) body.writeUInt32BE(sequence, at);
  return body;
}

// Zipkin v2 JSON (`[{traceId, id, parentId, kind, name, timestamp, duration, localEndpoint,
// remoteEndpoint, annotations, tags, shared}]`, or one such span alone) in the model, mapped as the
// OpenTelemetry Collector's Zipkin receiver does:
// - localEndpoint.serviceName is the resource's service.name; endpoints' addresses and ports are
//   network.local.* / network.peer.* attributes and remoteEndpoint.serviceName is peer.service;
// - kind CLIENT / SERVER / PRODUCER / CONSUMER, none is INTERNAL; annotations are events; tags
//   are string attributes, with `error` (any value) or `otel.status_code` giving the status;
// - a span id shared by a CLIENT and a SERVER half (`shared: true`) is one RPC seen from both
//   sides. The model needs one id per span, so the client half gets an id of its own and the
//   server half, which keeps the id its children name, becomes the client half's child.
// Zipkin v1 (spans with `binaryAnnotations` and endpoint-bearing `cs`/`sr` annotations) is told
// apart and refused with what to do instead.
import type { DecodedBatch, KeyValue, Resource, Span, SpanGroup } from '../model';
import { SpanKind, StatusCode } from '../model';
import { derivedSpanId } from './ids';
import { ImportError, type ImportNotes, type ImportOptions } from './import-report';
import { keepSpansWithIds } from './span-ids';
import { microsToNs } from './time-text';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const looksLikeZipkinSpan = (value: unknown): value is Json =>
  isObject(value) && typeof value.traceId === 'string' && typeof value.id === 'string' && !('operationName' in value) && !('spanID' in value);

function firstSpan(root: unknown): Json | null {
  const first = Array.isArray(root) ? root[0] : root;
  return looksLikeZipkinSpan(first) ? first : null;
}

/** Zipkin v1: endpoints inside annotations, binaryAnnotations, no localEndpoint. */
export function isZipkinV1Json(root: unknown): boolean {
  const span = firstSpan(root);
  if (!span || 'localEndpoint' in span || 'kind' in span) return false;
  const annotations = Array.isArray(span.annotations) ? span.annotations : [];
  return 'binaryAnnotations' in span || annotations.some((a) => isObject(a) && 'endpoint' in a);
}

export function isZipkinJson(root: unknown): boolean {
  return firstSpan(root) !== null && !isZipkinV1Json(root);
}

const KINDS: Record<string, number> = { CLIENT: SpanKind.CLIENT, SERVER: SpanKind.SERVER, PRODUCER: SpanKind.PRODUCER, CONSUMER: SpanKind.CONSUMER };

/** The spans of a Zipkin v2 document; `where` prefixes every path in notes and errors. */
export function importFromZipkinJson(root: unknown, notes: ImportNotes, { where = '', firstIndex = 0 }: ImportOptions = {}): DecodedBatch {
  const at = (path: string) => [where, path].filter(Boolean).join(' ');
  if (isZipkinV1Json(root)) {
    throw new ImportError(
      where,
      'this is Zipkin v1 JSON (spans with binaryAnnotations and cs/sr annotations), which Tracedeck does not read; ' +
        'export the trace as Zipkin v2 (/api/v2/trace/{id}) or send it through a Collector with the zipkin receiver',
    );
  }
  if (!isZipkinJson(root)) throw new ImportError(where, 'not Zipkin v2 JSON (expected spans with "traceId" and "id")');
  const values = Array.isArray(root) ? root : [root];
  const groups = new Map<string, SpanGroup & { paths: string[] }>();
  let spanCount = 0;
  const spans: [Span, Json, string][] = [];
  values.forEach((value, i) => {
    const path = at(Array.isArray(root) ? `[${firstIndex + i}]` : '');
    if (!looksLikeZipkinSpan(value)) throw new ImportError(path, 'expected a Zipkin span with "traceId" and "id"');
    const local = isObject(value.localEndpoint) ? value.localEndpoint : {};
    const service = typeof local.serviceName === 'string' ? local.serviceName : '';
    let group = groups.get(service);
    if (!group) {
      const resource: Resource = { attributes: service ? [{ key: 'service.name', value: { stringValue: service } }] : [], droppedAttributesCount: 0, schemaUrl: '' };
      group = { resource, scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' }, spans: [], paths: [] };
      groups.set(service, group);
    }
    const span = toSpan(value, local, path || '[0]', notes);
    group.spans.push(span);
    group.paths.push(path || 'span');
    spans.push([span, value, path]);
    spanCount++;
  });
  splitSharedSpans(spans, notes);
  const list = [...groups.values()];
  const batch: DecodedBatch = { groups: list.map(({ resource, scope, spans: s }) => ({ resource, scope, spans: s })), spanCount };
  return keepSpansWithIds(batch, notes, (g, s) => list[g]!.paths[s]!);
}

function toSpan(value: Json, local: Json, path: string, notes: ImportNotes): Span {
  const attributes: KeyValue[] = [];
  let statusCode: number = StatusCode.UNSET;
  let statusMessage = '';
  const tags = isObject(value.tags) ? value.tags : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const otelStatus = tags['otel.status_code'];
  for (const [key, tagValue] of Object.entries(tags)) {
    if (key === 'otel.status_code' || key === 'otel.status_description') continue;
    if (key === 'error' && otelStatus === undefined) {
      statusCode = StatusCode.ERROR;
      const message = text(tagValue);
      statusMessage = message === 'true' ? '' : message;
      continue;
    }
    attributes.push({ key, value: { stringValue: text(tagValue) } });
  }
  if (otelStatus !== undefined) {
    statusCode = otelStatus === 'ERROR' ? StatusCode.ERROR : otelStatus === 'OK' ? StatusCode.OK : StatusCode.UNSET;
    statusMessage = typeof tags['otel.status_description'] === 'string' ? tags['otel.status_description'] : '';
  }
  endpointAttributes(local, 'network.local', attributes);
  if (isObject(value.remoteEndpoint)) {
    const remote = value.remoteEndpoint;
    if (typeof remote.serviceName === 'string' && remote.serviceName !== '') attributes.push({ key: 'peer.service', value: { stringValue: remote.serviceName } });
    endpointAttributes(remote, 'network.peer', attributes);
  }
  const start = microsToNs(value.timestamp, `${path}.timestamp`);
  if (value.timestamp === undefined) notes.repair('span without a timestamp kept, its time unknown', path);
  let duration = microsToNs(value.duration, `${path}.duration`);
  if (value.duration === undefined && start !== 0n) {
    notes.repair('span without a duration: it ends where it starts', path);
    duration = 0n;
  }
  const kind = typeof value.kind === 'string' ? KINDS[value.kind] : undefined;
  if (value.kind !== undefined && kind === undefined) throw new ImportError(`${path}.kind`, `expected CLIENT, SERVER, PRODUCER or CONSUMER, got ${JSON.stringify(value.kind)}`);
  return {
    traceId: value.traceId as string,
    spanId: value.id as string,
    parentSpanId: typeof value.parentId === 'string' ? value.parentId : '',
    traceState: '',
    flags: 0,
    name: typeof value.name === 'string' ? value.name : '',
    kind: kind ?? SpanKind.INTERNAL,
    startTimeUnixNano: start,
    endTimeUnixNano: start === 0n ? 0n : start + duration,
    attributes,
    droppedAttributesCount: 0,
    events: (Array.isArray(value.annotations) ? value.annotations : []).map((a, i) => {
      if (!isObject(a)) throw new ImportError(`${path}.annotations[${i}]`, 'expected an annotation object');
      return { timeUnixNano: microsToNs(a.timestamp, `${path}.annotations[${i}].timestamp`), name: text(a.value ?? ''), attributes: [], droppedAttributesCount: 0 };
    }),
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode,
    statusMessage,
  };
}

function endpointAttributes(endpoint: Json, prefix: string, out: KeyValue[]): void {
  const address = typeof endpoint.ipv4 === 'string' ? endpoint.ipv4 : typeof endpoint.ipv6 === 'string' ? endpoint.ipv6 : '';
  if (address !== '') out.push({ key: `${prefix}.address`, value: { stringValue: address } });
  if (typeof endpoint.port === 'number' && endpoint.port > 0) out.push({ key: `${prefix}.port`, value: { intValue: String(endpoint.port) } });
}


/** Gives the client half of each shared id its own id, with the server half as its child. */
function splitSharedSpans(spans: [Span, Json, string][], notes: ImportNotes): void {
  const clients = new Map<string, Span>();
  for (const [span] of spans) if (span.kind === SpanKind.CLIENT) clients.set(`${span.traceId}/${span.spanId}`, span);
  for (const [span, value, path] of spans) {
    if (span.kind !== SpanKind.SERVER || value.shared !== true) continue;
    const client = clients.get(`${span.traceId}/${span.spanId}`);
    if (!client) continue;
    clients.delete(`${span.traceId}/${span.spanId}`);
    client.spanId = derivedSpanId(`${client.traceId}/${client.spanId}/client`);
    span.parentSpanId = client.spanId;
    notes.repair('span id shared by a client and a server half: the client half got its own id, the server half is its child', path || 'span');
  }
}

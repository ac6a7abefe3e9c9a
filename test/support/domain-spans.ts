// Domain-model spans built directly, for store tests that need exact control of ids and times.
import type { DecodedBatch, KeyValue, Resource, Span, SpanGroup } from '../../src/shared/model';

export function resource(service: string, extra: KeyValue[] = []): Resource {
  return { attributes: [{ key: 'service.name', value: { stringValue: service } }, ...extra], droppedAttributesCount: 0, schemaUrl: '' };
}

const scope = { name: 'test', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

export function span(traceId: string, spanId: string, parentSpanId: string, name: string, startMs: number, endMs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState: '',
    flags: 1,
    name,
    kind: 1,
    startTimeUnixNano: BigInt(startMs) * 1_000_000n,
    endTimeUnixNano: BigInt(endMs) * 1_000_000n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
    ...extra,
  };
}

export function batch(...groups: [Resource, Span[]][]): DecodedBatch {
  const out: SpanGroup[] = groups.map(([r, spans]) => ({ resource: r, scope, spans }));
  return { groups: out, spanCount: out.reduce((n, g) => n + g.spans.length, 0) };
}

export function stringAttr(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

export function intAttr(key: string, value: number): KeyValue {
  return { key, value: { intValue: String(value) } };
}

/** A trace id from a small number, readable in failures. */
export function tid(n: number): string {
  return n.toString(16).padStart(32, '0');
}

export function sid(n: number): string {
  return n.toString(16).padStart(16, '0');
}

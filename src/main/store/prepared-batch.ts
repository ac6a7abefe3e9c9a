// The part of writing spans that needs no database: stored JSON (./stored-json.ts), search terms, resource and
// scope fingerprints. It runs on the receiving thread, so the writer thread spends its time in
// SQLite only, and the result is a flat, cheaply cloned message (~1 us per span to post to the
// writer thread, measured here with 8,192-span flushes).
import type { InstrumentationScope, KeyValue, Resource, DecodedBatch } from '../../shared/model';
import { serviceNameOf } from '../../shared/model';
import { MAX_INDEXED_VALUE_LENGTH, attributeTerm, scalarText } from '../../shared/search/attribute-terms';
import { storeAttributes, storeEvents, storeLinks } from './stored-json';

export interface PreparedGroup {
  resourceKey: string;
  resource: Resource;
  serviceName: string;
  scopeKey: string;
  scope: InstrumentationScope;
}

export interface PreparedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  statusCode: number;
  statusMessage: string;
  /** Index into PreparedBatch.groups. */
  group: number;
  attributes: string;
  events: string;
  links: string;
  droppedAttributes: number;
  droppedEvents: number;
  droppedLinks: number;
  /** Attribute terms, space separated; the writer adds the resource term. */
  terms: string;
}

export interface PreparedBatch {
  groups: PreparedGroup[];
  spans: PreparedSpan[];
  /** Set by an import: the writer remembers the rows the batch stored, to take them back if it fails. */
  tag?: number;
}

export function prepareBatch(batch: DecodedBatch): PreparedBatch {
  const groups: PreparedGroup[] = [];
  const spans: PreparedSpan[] = [];
  const groupIndex = new Map<object, number>();
  for (const group of batch.groups) {
    // Groups sharing a resource and scope object (one ResourceSpans) share one entry.
    const { resource, scope } = group;
    let byScope = groupIndex.get(resource) as Map<object, number> | undefined;
    if (!byScope) {
      byScope = new Map();
      groupIndex.set(resource, byScope as never);
    }
    let index = byScope.get(scope);
    if (index === undefined) {
      index = groups.length;
      byScope.set(scope, index);
      groups.push({
        resourceKey: JSON.stringify([resource.attributes, resource.droppedAttributesCount, resource.schemaUrl]),
        resource,
        serviceName: serviceNameOf(resource),
        scopeKey: JSON.stringify([scope.name, scope.version, scope.attributes, scope.droppedAttributesCount, scope.schemaUrl]),
        scope,
      });
    }
    for (const span of group.spans) {
      spans.push({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        traceState: span.traceState,
        flags: span.flags,
        name: span.name,
        kind: span.kind,
        start: span.startTimeUnixNano,
        end: span.endTimeUnixNano,
        statusCode: span.statusCode,
        statusMessage: span.statusMessage,
        group: index,
        attributes: storeAttributes(span.attributes),
        events: storeEvents(span.events),
        links: storeLinks(span.links),
        droppedAttributes: span.droppedAttributesCount,
        droppedEvents: span.droppedEventsCount,
        droppedLinks: span.droppedLinksCount,
        terms: attributeTerms(span.attributes),
      });
    }
  }
  return { groups, spans };
}

/** The search terms of a span's attributes, space separated. */
export function attributeTerms(attributes: readonly KeyValue[]): string {
  let terms = '';
  for (const { key, value } of attributes) {
    const text = scalarText(value);
    if (text !== null && text.length <= MAX_INDEXED_VALUE_LENGTH) terms += terms === '' ? attributeTerm(key, text) : ` ${attributeTerm(key, text)}`;
  }
  return terms;
}

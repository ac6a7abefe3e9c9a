// The domain model back out as OTLP/JSON (ExportTraceServiceRequest / TracesData shape):
// hex ids, 64-bit integers as decimal strings, enums as integers. Spans that share a resource
// and scope object are grouped under one ResourceSpans / ScopeSpans, as the wire format does.
import type { InstrumentationScope, Resource, Span, SpanGroup } from '../model';

export interface OtlpJsonTraces {
  resourceSpans: OtlpJsonResourceSpans[];
}

export interface OtlpJsonResourceSpans {
  resource: { attributes: Resource['attributes']; droppedAttributesCount: number };
  scopeSpans: OtlpJsonScopeSpans[];
  schemaUrl: string;
}

export interface OtlpJsonScopeSpans {
  scope: { name: string; version: string; attributes: InstrumentationScope['attributes']; droppedAttributesCount: number };
  spans: OtlpJsonSpan[];
  schemaUrl: string;
}

export type OtlpJsonSpan = ReturnType<typeof spanToOtlpJson>;

export function spanToOtlpJson(span: Span) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    traceState: span.traceState,
    flags: span.flags,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: span.endTimeUnixNano.toString(),
    attributes: span.attributes,
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: event.timeUnixNano.toString(),
      name: event.name,
      attributes: event.attributes,
      droppedAttributesCount: event.droppedAttributesCount,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((link) => ({
      traceId: link.traceId,
      spanId: link.spanId,
      traceState: link.traceState,
      attributes: link.attributes,
      droppedAttributesCount: link.droppedAttributesCount,
      flags: link.flags,
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.statusCode, message: span.statusMessage },
  };
}

/** Groups are merged by resource and scope object identity, so callers that share objects get one entry each. */
export function groupsToOtlpJson(groups: readonly SpanGroup[]): OtlpJsonTraces {
  const byResource = new Map<Resource, { out: OtlpJsonResourceSpans; scopes: Map<InstrumentationScope, OtlpJsonScopeSpans> }>();
  const resourceSpans: OtlpJsonResourceSpans[] = [];
  for (const group of groups) {
    let entry = byResource.get(group.resource);
    if (!entry) {
      const out: OtlpJsonResourceSpans = {
        resource: { attributes: group.resource.attributes, droppedAttributesCount: group.resource.droppedAttributesCount },
        scopeSpans: [],
        schemaUrl: group.resource.schemaUrl,
      };
      entry = { out, scopes: new Map() };
      byResource.set(group.resource, entry);
      resourceSpans.push(out);
    }
    let scopeSpans = entry.scopes.get(group.scope);
    if (!scopeSpans) {
      const { name, version, attributes, droppedAttributesCount, schemaUrl } = group.scope;
      scopeSpans = { scope: { name, version, attributes, droppedAttributesCount }, spans: [], schemaUrl };
      entry.scopes.set(group.scope, scopeSpans);
      entry.out.scopeSpans.push(scopeSpans);
    }
    for (const span of group.spans) scopeSpans.spans.push(spanToOtlpJson(span));
  }
  return { resourceSpans };
}

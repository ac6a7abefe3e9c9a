// A trace as the trace view reads it: its spans with their service, resource and scope, and the
// span tree derived once (src/shared/trace/span-tree.ts).
import type { AnyValue, KeyValue } from '../../../../shared/model';
import type { OtlpJsonResourceSpans, OtlpJsonScopeSpans, OtlpJsonSpan, OtlpJsonTraces } from '../../../../shared/otlp/json-encode';
import { buildSpanTree, type SpanTree, type TreeSpanInput } from '../../../../shared/trace/span-tree';

export interface TraceSpan extends TreeSpanInput {
  service: string;
  json: OtlpJsonSpan;
  resource: OtlpJsonResourceSpans['resource'] & { schemaUrl: string };
  scope: OtlpJsonScopeSpans['scope'] & { schemaUrl: string };
}

export interface TraceModel {
  spans: TraceSpan[];
  tree: SpanTree;
  services: string[];
  errorCount: number;
}

export function stringValue(value: AnyValue | undefined): string | null {
  return value && 'stringValue' in value ? value.stringValue : null;
}

export function attribute(attributes: readonly KeyValue[], key: string): AnyValue | undefined {
  for (const kv of attributes) if (kv.key === key) return kv.value;
  return undefined;
}

export function toTraceModel(trace: OtlpJsonTraces): TraceModel {
  const spans: TraceSpan[] = [];
  const services = new Set<string>();
  let errorCount = 0;
  for (const rs of trace.resourceSpans) {
    const service = stringValue(attribute(rs.resource.attributes, 'service.name')) ?? 'unknown_service';
    services.add(service);
    const resource = { ...rs.resource, schemaUrl: rs.schemaUrl };
    for (const ss of rs.scopeSpans) {
      const scope = { ...ss.scope, schemaUrl: ss.schemaUrl };
      for (const json of ss.spans) {
        if (json.status.code === 2) errorCount++;
        spans.push({
          spanId: json.spanId,
          parentSpanId: json.parentSpanId,
          startTimeUnixNano: BigInt(json.startTimeUnixNano),
          endTimeUnixNano: BigInt(json.endTimeUnixNano),
          name: json.name,
          service,
          json,
          resource,
          scope,
        });
      }
    }
  }
  return { spans, tree: buildSpanTree(spans), services: [...services], errorCount };
}

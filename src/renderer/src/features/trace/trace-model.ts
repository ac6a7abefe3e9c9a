// A trace as the trace view reads it: the skeleton of every span (no attributes: the detail of
// one span is fetched when it is selected) and the span tree derived once from it
// (src/shared/trace/span-tree.ts).
import type { TraceSkeleton } from '../../../../shared/api';
import type { AnyValue, KeyValue } from '../../../../shared/model';
import { buildSpanTree, type SpanTree, type TreeSpanInput } from '../../../../shared/trace/span-tree';

export interface TraceSpan extends TreeSpanInput {
  service: string;
  kind: number;
  statusCode: number;
  /** [ns after the skeleton's base, 1 for an exception], or null when the span has no events. */
  events: [number, 0 | 1][] | null;
}

export interface TraceModel {
  traceId: string;
  spans: TraceSpan[];
  tree: SpanTree;
  /** The skeleton's base: span and event offsets are from it. */
  baseUnixNano: bigint;
  /** Where the tree's rows start (its earliest usable span), as a time. */
  traceStartUnixNano: bigint;
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

export function toTraceModel(skeleton: TraceSkeleton): TraceModel {
  const base = BigInt(skeleton.baseUnixNano);
  const n = skeleton.spanIds.length;
  const spans: TraceSpan[] = new Array(n);
  let errorCount = 0;
  for (let i = 0; i < n; i++) {
    const start = skeleton.startOffsets[i];
    const end = skeleton.endOffsets[i];
    const statusCode = skeleton.statusCodes[i]!;
    if (statusCode === 2) errorCount++;
    spans[i] = {
      spanId: skeleton.spanIds[i]!,
      parentSpanId: skeleton.parentSpanIds[i]!,
      startNs: start ?? null,
      endNs: end ?? null,
      name: skeleton.names[skeleton.nameIndexes[i]!]!,
      service: skeleton.services[skeleton.serviceIndexes[i]!]!,
      kind: skeleton.kinds[i]!,
      statusCode,
      events: skeleton.events[i] ?? null,
    };
  }
  const tree = buildSpanTree(spans);
  return { traceId: skeleton.traceId, spans, tree, baseUnixNano: base, traceStartUnixNano: base + BigInt(Math.round(tree.startNs)), services: skeleton.services, errorCount };
}

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

/** What deriving the tree needs of a skeleton (what a worker is sent). */
export type TreeColumns = Pick<TraceSkeleton, 'spanIds' | 'parentSpanIds' | 'startOffsets' | 'endOffsets' | 'names' | 'nameIndexes'>;

export function treeColumns(skeleton: TraceSkeleton): TreeColumns {
  const { spanIds, parentSpanIds, startOffsets, endOffsets, names, nameIndexes } = skeleton;
  return { spanIds, parentSpanIds, startOffsets, endOffsets, names, nameIndexes };
}

export function treeInputs(columns: TreeColumns): TreeSpanInput[] {
  const n = columns.spanIds.length;
  const out: TreeSpanInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      spanId: columns.spanIds[i]!,
      parentSpanId: columns.parentSpanIds[i]!,
      startNs: columns.startOffsets[i] ?? null,
      endNs: columns.endOffsets[i] ?? null,
      name: columns.names[columns.nameIndexes[i]!]!,
    };
  }
  return out;
}

// The same first five fields as treeInputs, written out: spreading a tree input into each span
// made this 3-4x slower at 100,000 spans (145-250 ms -> 650-1,020 ms for the whole model).
function traceSpans(skeleton: TraceSkeleton): TraceSpan[] {
  const n = skeleton.spanIds.length;
  const spans: TraceSpan[] = new Array(n);
  for (let i = 0; i < n; i++) {
    spans[i] = {
      spanId: skeleton.spanIds[i]!,
      parentSpanId: skeleton.parentSpanIds[i]!,
      startNs: skeleton.startOffsets[i] ?? null,
      endNs: skeleton.endOffsets[i] ?? null,
      name: skeleton.names[skeleton.nameIndexes[i]!]!,
      service: skeleton.services[skeleton.serviceIndexes[i]!]!,
      kind: skeleton.kinds[i]!,
      statusCode: skeleton.statusCodes[i]!,
      events: skeleton.events[i] ?? null,
    };
  }
  return spans;
}

function assemble(skeleton: TraceSkeleton, spans: TraceSpan[], tree: SpanTree): TraceModel {
  const base = BigInt(skeleton.baseUnixNano);
  let errorCount = 0;
  for (const code of skeleton.statusCodes) if (code === 2) errorCount++;
  return { traceId: skeleton.traceId, spans, tree, baseUnixNano: base, traceStartUnixNano: base + BigInt(Math.round(tree.startNs)), services: skeleton.services, errorCount };
}

/** The model, derived here (small traces, tests). */
export function toTraceModel(skeleton: TraceSkeleton): TraceModel {
  const spans = traceSpans(skeleton);
  return assemble(skeleton, spans, buildSpanTree(spans));
}

/**
 * The model with the tree derived by `deriveTree` (a worker, for large traces: ~150-250 ms of
 * work at 100,000 spans that would otherwise hold the window), or here when it cannot.
 */
export async function loadTraceModel(skeleton: TraceSkeleton, deriveTree: ((columns: TreeColumns) => Promise<SpanTree>) | null): Promise<TraceModel> {
  if (!deriveTree) return toTraceModel(skeleton);
  const pending = deriveTree(treeColumns(skeleton));
  const spans = traceSpans(skeleton); // meanwhile
  let tree: SpanTree;
  try {
    tree = await pending;
  } catch {
    tree = buildSpanTree(spans);
  }
  return assemble(skeleton, spans, tree);
}

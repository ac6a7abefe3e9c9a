// A trace as the trace view reads it: the skeleton of every span (no attributes: the detail of
// one span is fetched when it is selected) and the span tree that came with it
// (src/shared/trace/span-tree.ts, derived where the store is).
import type { TraceSkeleton } from '../../../../shared/api';
import type { AnyValue, KeyValue } from '../../../../shared/model';
import type { SpanTree } from '../../../../shared/trace/span-tree';
import { unpackSpanTree } from '../../../../shared/trace/span-tree-packed';

// No times here: a span's start and end are its row's (the model's startOffsets hold them as
// stored). A number field past 2^31 is a heap-allocated box per object, two per span.
export interface TraceSpan {
  spanId: string;
  /** '' for a root. */
  parentSpanId: string;
  name: string;
  service: string;
  kind: number;
  statusCode: number;
  /** [ns after the skeleton's base, 1 for an exception], or null when the span has no events. */
  events: [number, 0 | 1][] | null;
}

export interface TraceModel {
  traceId: string;
  spans: TraceSpan[];
  /** Each span's start as stored, ns after baseUnixNano; NaN when it has none. */
  startOffsets: ArrayLike<number>;
  /** The skeleton's dictionaries and each span's entries in them (search reads these). */
  names: string[];
  nameIndexes: ArrayLike<number>;
  serviceIndexes: ArrayLike<number>;
  statusCodes: ArrayLike<number>;
  /** Each row's span (-1 for a placeholder), as tree.rows[r].span. */
  rowSpan: Int32Array;
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

// Each field written out: spreading an object into each span made this 3-4x slower at 100,000
// spans (145-250 ms -> 650-1,020 ms for the whole model).
function traceSpans(skeleton: TraceSkeleton): TraceSpan[] {
  const n = skeleton.spanIds.length;
  const spans: TraceSpan[] = new Array(n);
  for (let i = 0; i < n; i++) {
    spans[i] = {
      spanId: skeleton.spanIds[i]!,
      parentSpanId: skeleton.parentSpanIds[i]!,
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
  const codes = skeleton.statusCodes;
  for (let i = 0; i < codes.length; i++) if (codes[i] === 2) errorCount++;
  const { names, nameIndexes, serviceIndexes, statusCodes } = skeleton;
  return { traceId: skeleton.traceId, spans, startOffsets: skeleton.startOffsets, names, nameIndexes, serviceIndexes, statusCodes, rowSpan: skeleton.tree.span, tree, baseUnixNano: base, traceStartUnixNano: base + BigInt(Math.round(tree.startNs)), services: skeleton.services, errorCount };
}

/** The model, with the tree that came with the skeleton (derived by the store's side). */
export function toTraceModel(skeleton: TraceSkeleton): TraceModel {
  return assemble(skeleton, traceSpans(skeleton), unpackSpanTree(skeleton.tree, skeleton.spanIds));
}

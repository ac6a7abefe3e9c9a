// A trace as the trace view reads it: the skeleton of every span (no attributes: the detail of
// one span is fetched when it is selected) and the span tree that came with it
// (src/shared/trace/span-tree.ts, derived where the store is).
import type { TraceSkeleton } from '../../../../shared/api';
import type { AnyValue, KeyValue } from '../../../../shared/model';
import type { SpanTree } from '../../../../shared/trace/span-tree';
import { unpackSpanTree } from '../../../../shared/trace/span-tree-packed';

// No times here: a span's start and end are its row's (the skeleton's startOffsets hold them as
// stored). A number field past 2^31 is a heap-allocated box per object, two per span.
export interface TraceSpan {
  readonly spanId: string;
  /** '' for a root. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly service: string;
  readonly kind: number;
  readonly statusCode: number;
  /** [ns after the skeleton's base, 1 for an exception], or null when the span has no events. */
  readonly events: [number, 0 | 1][] | null;
}

export interface TraceModel {
  traceId: string;
  spans: TraceSpan[];
  /** The columns the spans and rows read: search and errors scan them directly. */
  skeleton: TraceSkeleton;
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

// A span read from the skeleton's columns: two fields instead of seven (100,000 spans: each
// field copied took ~30 ms plus its share of the collections while a large trace opened).
class SkeletonSpan implements TraceSpan {
  constructor(
    private readonly k: TraceSkeleton,
    private readonly i: number,
  ) {}
  get spanId(): string {
    return this.k.spanIds[this.i]!;
  }
  get parentSpanId(): string {
    return this.k.parentSpanIds[this.i]!;
  }
  get name(): string {
    return this.k.names[this.k.nameIndexes[this.i]!]!;
  }
  get service(): string {
    return this.k.services[this.k.serviceIndexes[this.i]!]!;
  }
  get kind(): number {
    return this.k.kinds[this.i]!;
  }
  get statusCode(): number {
    return this.k.statusCodes[this.i]!;
  }
  get events(): [number, 0 | 1][] | null {
    return this.k.events[this.i] ?? null;
  }
}

function traceSpans(skeleton: TraceSkeleton): TraceSpan[] {
  const spans: TraceSpan[] = new Array(skeleton.spanIds.length);
  for (let i = 0; i < spans.length; i++) spans[i] = new SkeletonSpan(skeleton, i);
  return spans;
}

function assemble(skeleton: TraceSkeleton, spans: TraceSpan[], tree: SpanTree): TraceModel {
  const base = BigInt(skeleton.baseUnixNano);
  let errorCount = 0;
  const codes = skeleton.statusCodes;
  for (let i = 0; i < codes.length; i++) if (codes[i] === 2) errorCount++;
  return { traceId: skeleton.traceId, spans, skeleton, tree, baseUnixNano: base, traceStartUnixNano: base + BigInt(Math.round(tree.startNs)), services: skeleton.services, errorCount };
}

/** The model, with the tree that came with the skeleton (derived by the store's side). */
export function toTraceModel(skeleton: TraceSkeleton): TraceModel {
  return assemble(skeleton, traceSpans(skeleton), unpackSpanTree(skeleton.tree, skeleton.spanIds));
}

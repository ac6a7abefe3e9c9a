// What the writer knows about one stored trace while merging new spans into its summary.
import type { TraceSummary } from '../../shared/api';
import { StatusCode } from '../../shared/model';
import type { PreparedSpan } from './prepared-batch';

export interface TraceState {
  tk: number;
  traceId: string;
  startNs: bigint;
  endNs: bigint;
  spanCount: number;
  errorCount: number;
  rootSpanId: string | null;
  /** Start of the chosen root when known in this process; null after a reload from the database. */
  rootStartNs: bigint | null;
  rootService: string;
  rootName: string;
  services: string[];
  serviceIds: Set<number>;
  operationIds: Set<number>;
  /** Search documents written for this trace so far: the next one's sequence number. */
  documents: number;
}

export function summaryFromState(state: TraceState): TraceSummary {
  return {
    traceId: state.traceId,
    rootServiceName: state.rootService,
    rootName: state.rootName,
    hasRoot: state.rootSpanId !== null,
    startTimeUnixNano: state.startNs.toString(),
    durationNanos: Number(state.endNs - state.startNs),
    spanCount: state.spanCount,
    errorCount: state.errorCount,
    services: [...state.services],
  };
}

export function newTraceState(traceId: string, start: bigint, end: bigint): TraceState {
  return {
    tk: 0,
    traceId,
    startNs: start,
    endNs: end,
    spanCount: 0,
    errorCount: 0,
    rootSpanId: null,
    rootStartNs: null,
    rootService: '',
    rootName: '',
    services: [],
    serviceIds: new Set(),
    operationIds: new Set(),
    documents: 0,
  };
}

/** What merging needs of a span. */
export type MergedSpan = Pick<PreparedSpan, 'spanId' | 'parentSpanId' | 'name' | 'start' | 'end' | 'statusCode'>;

/** Adds a span to its trace's summary. */
export function mergeSpan(state: TraceState, span: MergedSpan, serviceName: string): void {
  const wasEmpty = state.spanCount === 0;
  state.spanCount++;
  if (span.statusCode === StatusCode.ERROR) state.errorCount++;
  if (wasEmpty || span.start < state.startNs) state.startNs = span.start;
  const end = span.end > span.start ? span.end : span.start;
  if (wasEmpty || end > state.endNs) state.endNs = end;
  if (!state.services.includes(serviceName)) state.services.push(serviceName);
  const isRoot = span.parentSpanId === '';
  if (isRoot) {
    // Several roots (a trace stitched from parts): the earliest one names the trace.
    if (state.rootSpanId === null || (state.rootStartNs !== null && span.start < state.rootStartNs)) {
      state.rootSpanId = span.spanId;
      state.rootStartNs = span.start;
      state.rootService = serviceName;
      state.rootName = span.name;
    }
  } else if (state.rootSpanId === null && (wasEmpty || span.start <= state.startNs)) {
    // No root yet: the earliest span stands in for it.
    state.rootService = serviceName;
    state.rootName = span.name;
  }
}

// What the writer knows about one stored trace while merging new spans into its summary.
import type { TraceSummary } from '../../shared/api';

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

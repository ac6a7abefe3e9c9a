// The query API contract: one interface, implemented once in main (TraceService) and reached
// over HTTP + server-sent events (headless / browser) or IPC (desktop). Inputs are validated
// with these schemas on both transports.
import { z } from 'zod';
import { EXPORT_FORMATS } from './export/trace-writer';
import type { OtlpJsonTraces } from './otlp/json-encode';
import type { PackedSpanTree } from './trace/span-tree-packed';

export interface TraceSummary {
  traceId: string;
  rootServiceName: string;
  rootName: string;
  /** False while the span without a parent has not arrived; root* then name the earliest span. */
  hasRoot: boolean;
  startTimeUnixNano: string;
  /** Duration in nanoseconds (exact below 104 days). */
  durationNanos: number;
  spanCount: number;
  errorCount: number;
  /** Services in the trace, in order of first arrival. */
  services: string[];
}

export interface ServiceInfo {
  name: string;
  spanCount: number;
  lastSeenUnixNano: string;
  /** Grows with the order in which the store first received each service (colors follow it). */
  arrival: number;
}

export interface OperationInfo {
  name: string;
  spanCount: number;
  lastSeenUnixNano: string;
}

export interface AttributeFilter {
  key: string;
  value: string;
}

export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'expected a trace id of 32 hex digits')
  .transform((id) => id.toLowerCase());

const optionalNumber = z.coerce.number().finite().nonnegative().optional();

/** `key=value`: the first `=` splits, so values may contain `=`. */
export const attributeFilterSchema = z
  .string()
  .regex(/^[^=]+=/, 'expected key=value')
  .transform((text): AttributeFilter => {
    const at = text.indexOf('=');
    return { key: text.slice(0, at).trim(), value: text.slice(at + 1) };
  });

/** The filters of a trace search, shared by the list's query and an export's. */
const traceFilterShape = {
  service: z.string().min(1).optional(),
  operation: z.string().min(1).optional(),
  minDurationMs: optionalNumber,
  maxDurationMs: optionalNumber,
  status: z.enum(['error', 'any']).default('any'),
  attr: z.array(attributeFilterSchema).default([]),
  /** Trace start bounds, milliseconds since the epoch, inclusive. */
  start: optionalNumber,
  end: optionalNumber,
  sort: z.enum(['newest', 'slowest']).default('newest'),
  /**
   * Only these traces (repeatable, at most 1000): which of them match the other filters. The
   * live list asks this of the traces an update names, so filters the summary cannot answer
   * (operation, attributes) are decided by the store too; an export of a selection names them.
   */
  traceId: z.array(traceIdSchema).max(1000).optional(),
};

const durationRangeInOrder = {
  check: (q: { minDurationMs?: number | undefined; maxDurationMs?: number | undefined }) =>
    q.minDurationMs === undefined || q.maxDurationMs === undefined || q.minDurationMs <= q.maxDurationMs,
  issue: { message: 'minDurationMs must not exceed maxDurationMs', path: ['minDurationMs'] },
};

export const traceQuerySchema = z
  .object({
    ...traceFilterShape,
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    /** The next page: traces after this one in the sort order (the last trace of the previous page). */
    after: traceIdSchema.optional(),
  })
  .strict()
  .refine(durationRangeInOrder.check, durationRangeInOrder.issue);

export type TraceQuery = z.output<typeof traceQuerySchema>;
export type TraceQueryInput = z.input<typeof traceQuerySchema>;

export const exportFormatSchema = z.enum(EXPORT_FORMATS);

/** An export: every trace matching the filters (or the named traces), in one file format. */
export const exportQuerySchema = z
  .object({
    ...traceFilterShape,
    format: exportFormatSchema.default('otlp'),
    /** At most this many traces (all that match when absent). */
    limit: z.coerce.number().int().min(1).optional(),
  })
  .strict()
  .refine(durationRangeInOrder.check, durationRangeInOrder.issue);

export type ExportQuery = z.output<typeof exportQuerySchema>;
export type ExportQueryInput = z.input<typeof exportQuerySchema>;

/** The first problem of a failed validation, in one line: "minDurationMs: must not exceed ...". */
export function firstIssueText(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

export const serviceNameSchema = z.string().min(1).max(1024);

/** A trace was stored for the first time, or got more spans. */
export interface TraceUpdate {
  traceId: string;
  isNew: boolean;
  /** The summary after the change; for a removed trace, the last one it had. */
  summary: TraceSummary;
  /** The trace is gone (a failed or cancelled import took back its spans). */
  removed?: true;
}

export interface ReceiverStatus {
  protocol: 'grpc' | 'http';
  /** e.g. "127.0.0.1:4317", or null when it could not bind. */
  address: string | null;
  error: string | null;
}

export interface StoreStatus {
  spansReceived: number;
  spansRejected: number;
  traceCount: number;
  databasePath: string;
  databaseBytes: number;
}

export interface ServerStatus {
  receivers: ReceiverStatus[];
  store: StoreStatus;
}

/**
 * What the trace view needs to draw every span of a trace, without attributes (fetched per span
 * on demand): at 100,000 spans ~4.0 MB (src/shared/trace/skeleton-codec.ts) where the whole trace
 * as OTLP/JSON is ~93 MB and took 7 s to serve (bench/trace-view-ui.ts). Columnar: entry i of
 * every array belongs to span i, in no particular order (the tree orders them).
 */
export interface SkeletonColumns {
  traceId: string;
  /** The earliest start of any span (ns since the epoch); starts and ends are offsets from it. */
  baseUnixNano: string;
  services: string[];
  names: string[];
  spanIds: string[];
  /** '' for a root. */
  parentSpanIds: string[];
  /** Typed arrays where the skeleton was decoded from bytes (./trace/skeleton-codec.ts). */
  nameIndexes: ArrayLike<number>;
  serviceIndexes: ArrayLike<number>;
  /** ns after baseUnixNano; NaN when the span has no start time (0): numbers, not nulls, so an array of them holds no boxed values. */
  startOffsets: ArrayLike<number>;
  /** ns after baseUnixNano; NaN when the span has no end time (0). */
  endOffsets: ArrayLike<number>;
  kinds: ArrayLike<number>;
  statusCodes: ArrayLike<number>;
  /** Per span, its events as [ns after baseUnixNano, 1 for an exception else 0]; null for none. */
  events: ([number, 0 | 1][] | null)[];
}

/** What the trace view opens a trace with: every span's columns and the tree derived from them. */
export interface TraceSkeleton extends SkeletonColumns {
  /**
   * The span tree (src/shared/trace/span-tree.ts) derived by the store's side: at 100,000 spans
   * a worker in the page took 0.4-0.46 s from the columns posted to the tree back.
   */
  tree: PackedSpanTree;
}

export const spanIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{16}$/, 'expected a span id of 16 hex digits')
  .transform((id) => id.toLowerCase());

export const spanIdsSchema = z.array(spanIdSchema).min(1).max(200);

export const findTextSchema = z.string().trim().min(1).max(256);

export interface TracedeckApi {
  listServices(): Promise<ServiceInfo[]>;
  listOperations(service: string): Promise<OperationInfo[]>;
  searchTraces(query: TraceQuery): Promise<TraceSummary[]>;
  /** The whole trace as OTLP/JSON, or null when no span of it is stored. */
  getTrace(traceId: string): Promise<OtlpJsonTraces | null>;
  /** The trace's spans without their attributes, or null when no span of it is stored. */
  getTraceSkeleton(traceId: string): Promise<TraceSkeleton | null>;
  /** These spans of the trace in full, as OTLP/JSON (a span id shared by several spans gives them all). */
  getSpans(traceId: string, spanIds: string[]): Promise<OtlpJsonTraces>;
  /** Ids of the trace's spans with an attribute key or value, or an event, containing the text (case-insensitive). */
  findInTrace(traceId: string, text: string): Promise<string[]>;
  getStatus(): Promise<ServerStatus>;
  /** Calls the listener with batches of updates after they are committed; returns the unsubscribe. */
  onTraceUpdates(listener: (updates: TraceUpdate[]) => void): () => void;
}

/**
 * The API as the renderer calls it, whatever the transport: inputs as the user gave them (the
 * receiving side validates them with the schemas above). The desktop preload exposes exactly
 * this as `window.tracedeck`; the browser client implements it over HTTP and server-sent events.
 */
export interface TracedeckClientApi extends Omit<TracedeckApi, 'searchTraces'> {
  searchTraces(query: TraceQueryInput): Promise<TraceSummary[]>;
}

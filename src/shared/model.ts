// The one domain model of a span. Every decoder (OTLP protobuf, OTLP/JSON, later the file
// importers) maps into it, and the store and the API read out of it. See docs/adr/0002.
//
// Conventions:
// - ids are lowercase hex strings (32 chars for trace ids, 16 for span ids, '' when absent);
// - times are bigint nanoseconds since the Unix epoch (0n when absent);
// - attribute values keep the OTLP/JSON shape, with int64 as a decimal string and bytes as
//   base64, so they are lossless, JSON-serializable as they are, and need no second model.

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | 'NaN' | 'Infinity' | '-Infinity' }
  | { bytesValue: string }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  | Record<string, never>; // an empty AnyValue (the proto oneof unset)

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  schemaUrl: string;
}

export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = number;

export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = number;

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  statusCode: StatusCode;
  statusMessage: string;
}

/** Spans grouped as OTLP groups them: one resource, one scope, many spans. */
export interface SpanGroup {
  resource: Resource;
  scope: InstrumentationScope;
  spans: Span[];
}

/** What one export request (or one file chunk) carries, after decoding. */
export interface DecodedBatch {
  groups: SpanGroup[];
  spanCount: number;
}

export const SERVICE_NAME_KEY = 'service.name';
/** The OpenTelemetry SDK default for a resource without service.name. */
export const UNKNOWN_SERVICE = 'unknown_service';

export function serviceNameOf(resource: Resource): string {
  for (const attribute of resource.attributes) {
    if (attribute.key === SERVICE_NAME_KEY && 'stringValue' in attribute.value) {
      return attribute.value.stringValue || UNKNOWN_SERVICE;
    }
  }
  return UNKNOWN_SERVICE;
}

// Jaeger JSON out, the shape of Jaeger UI's "Download trace JSON" and of its query API
// (`{"data":[{traceID, spans, processes, warnings}]}`), mapped as the OpenTelemetry Collector's
// translator maps OTLP to Jaeger, so that Jaeger UI, Jaeger's own tools and our importer read it:
// - a resource becomes a process (service.name -> serviceName, its other attributes -> tags);
// - kind, status, scope and trace state become the tags `span.kind`, `otel.status_code` (and
//   `error` = true), `otel.status_description`, `otel.scope.name` / `.version`, `w3c.tracestate`;
// - the parent is a CHILD_OF reference, each link a FOLLOWS_FROM one (CHILD_OF when the link
//   says `opentracing.ref_type` = child_of, as links made by our importer do);
// - events become logs whose `event` field is the name; `jaeger.warnings` becomes warnings.
// Jaeger cannot hold all of OTLP: times are whole microseconds, arrays and maps become their JSON
// text, link attributes, dropped counts and schema URLs are not written. OTLP/JSON is lossless.
import type { KeyValue, Resource, SpanGroup } from '../model';
import { SERVICE_NAME_KEY, SpanKind, StatusCode, serviceNameOf } from '../model';
import { plainText } from './plain-value';
import type { TraceTextWriter } from './trace-writer';

export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean | bigint;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  flags: number;
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: null;
}

const KIND_TAG: Record<number, string> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** One trace (the groups of its spans) as a Jaeger trace object. */
export function traceToJaeger(groups: readonly SpanGroup[]): JaegerTrace {
  const processes: JaegerTrace['processes'] = {};
  const processIds = new Map<Resource, string>();
  const processKeys = new Map<string, string>();
  const spans: JaegerSpan[] = [];
  for (const group of groups) {
    let processId = processIds.get(group.resource);
    if (processId === undefined) {
      const process = {
        serviceName: serviceNameOf(group.resource),
        tags: group.resource.attributes.filter((a) => a.key !== SERVICE_NAME_KEY).map(toTag),
      };
      // Equal resources held as different objects share one process, as in Jaeger's own files.
      const key = JSON.stringify(process, bigintAsText);
      processId = processKeys.get(key);
      if (processId === undefined) {
        processId = `p${processKeys.size + 1}`;
        processKeys.set(key, processId);
        processes[processId] = process;
      }
      processIds.set(group.resource, processId);
    }
    for (const span of group.spans) {
      const tags = span.attributes.filter((a) => a.key !== 'jaeger.warnings').map(toTag);
      if (group.scope.name !== '') tags.push({ key: 'otel.scope.name', type: 'string', value: group.scope.name });
      if (group.scope.version !== '') tags.push({ key: 'otel.scope.version', type: 'string', value: group.scope.version });
      const kind = KIND_TAG[span.kind];
      if (kind !== undefined) tags.push({ key: 'span.kind', type: 'string', value: kind });
      if (span.statusCode === StatusCode.ERROR) {
        tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' }, { key: 'error', type: 'bool', value: true });
      } else if (span.statusCode === StatusCode.OK) tags.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
      if (span.statusMessage !== '') tags.push({ key: 'otel.status_description', type: 'string', value: span.statusMessage });
      if (span.traceState !== '') tags.push({ key: 'w3c.tracestate', type: 'string', value: span.traceState });

      const references: JaegerSpan['references'] = [];
      if (span.parentSpanId !== '') references.push({ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId });
      for (const link of span.links) {
        const refType = link.attributes.some((a) => a.key === 'opentracing.ref_type' && 'stringValue' in a.value && a.value.stringValue === 'child_of')
          ? 'CHILD_OF'
          : 'FOLLOWS_FROM';
        references.push({ refType, traceID: link.traceId, spanID: link.spanId });
      }
      const warnings = span.attributes.find((a) => a.key === 'jaeger.warnings');
      const start = micros(span.startTimeUnixNano);
      spans.push({
        traceID: span.traceId,
        spanID: span.spanId,
        operationName: span.name,
        references,
        flags: span.flags & 0xff,
        startTime: start,
        duration: span.endTimeUnixNano > span.startTimeUnixNano ? micros(span.endTimeUnixNano - span.startTimeUnixNano) : 0,
        tags,
        logs: span.events.map((event) => ({
          timestamp: micros(event.timeUnixNano),
          fields: [{ key: 'event', type: 'string', value: event.name }, ...event.attributes.map(toTag)],
        })),
        processID: processId,
        warnings: warnings && 'arrayValue' in warnings.value ? warnings.value.arrayValue.values.map(plainText) : null,
      });
    }
  }
  return { traceID: spans[0]?.traceID ?? '', spans, processes, warnings: null };
}

export class JaegerJsonWriter implements TraceTextWriter {
  private written = 0;

  start(): string {
    return '{"data":[';
  }

  trace(groups: readonly SpanGroup[]): string {
    const trace = traceToJaeger(groups);
    if (trace.spans.length === 0) return '';
    return (this.written++ === 0 ? '\n' : ',\n') + jaegerJsonText(trace);
  }

  end(): string {
    return `${this.written === 0 ? '' : '\n'}],"total":0,"limit":0,"offset":0,"errors":null}\n`;
  }
}

/** JSON text in which an int64 tag beyond 2^53 keeps all its digits (JSON.stringify cannot write a bigint). */
export function jaegerJsonText(value: unknown): string {
  return JSON.stringify(value, bigintAsMarker).replace(/"\\u0000int64:(-?\d+)"/g, '$1');
}

function bigintAsMarker(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `\u0000int64:${value}` : value;
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function micros(ns: bigint): number {
  return Number(ns / 1000n);
}

function toTag({ key, value }: KeyValue): JaegerTag {
  if ('stringValue' in value) return { key, type: 'string', value: value.stringValue };
  if ('boolValue' in value) return { key, type: 'bool', value: value.boolValue };
  if ('intValue' in value) {
    const n = BigInt(value.intValue);
    return { key, type: 'int64', value: Number.isSafeInteger(Number(n)) ? Number(n) : n };
  }
  if ('doubleValue' in value) {
    // JSON has no NaN or infinities: such a value is written as its name.
    return typeof value.doubleValue === 'number' && Number.isFinite(value.doubleValue)
      ? { key, type: 'float64', value: value.doubleValue }
      : { key, type: 'string', value: String(value.doubleValue) };
  }
  if ('bytesValue' in value) return { key, type: 'binary', value: value.bytesValue };
  return { key, type: 'string', value: plainText(value) };
}

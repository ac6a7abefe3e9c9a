// Chrome trace-event JSON out (the "JSON Array/Object Format" that Perfetto and chrome://tracing
// open): each service is a process, and a span a complete ("X") event on one of the service's
// threads. Events on one thread must nest, and a service's spans overlap (concurrent requests,
// parallel children), so each span goes on the service's first lane where it nests inside the
// innermost open span or starts after every span there has ended, else on a new lane.
// Span events are instant events on the span's lane; a parent -> child call across services is
// a flow arrow. Times are absolute microseconds (a double keeps ~0.25 us at today's epoch).
import type { KeyValue, Span, SpanGroup } from '../model';
import { SpanKind, StatusCode, serviceNameOf } from '../model';
import { plainJson } from './plain-value';
import type { TraceTextWriter } from './trace-writer';

interface Lane {
  tid: number;
  /** End times of the open spans, outermost first. */
  open: bigint[];
  /** The latest start placed here: a span starting earlier (traces out of order) cannot go here. */
  lastStart: bigint;
}

interface Service {
  pid: number;
  name: string;
  lanes: Lane[];
}

interface Placed {
  span: Span;
  service: Service;
  tid: number;
}

const KIND_NAME = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export class ChromeTraceWriter implements TraceTextWriter {
  private readonly services = new Map<string, Service>();
  private written = 0;
  private nextFlowId = 1;
  private spansWithoutTime = 0;

  start(): string {
    return '{"displayTimeUnit":"ms","traceEvents":[';
  }

  trace(groups: readonly SpanGroup[]): string {
    const events: unknown[] = [];
    const timed: { span: Span; service: Service }[] = [];
    for (const group of groups) {
      const service = this.service(serviceNameOf(group.resource), events);
      for (const span of group.spans) {
        if (span.startTimeUnixNano === 0n) this.spansWithoutTime++;
        else timed.push({ span, service });
      }
    }
    // Parents before children: by start, then the longer first.
    timed.sort((a, b) => compare(a.span.startTimeUnixNano, b.span.startTimeUnixNano) || compare(end(b.span), end(a.span)));
    const placed = new Map<string, Placed>();
    for (const { span, service } of timed) {
      const tid = this.lane(service, span, events);
      placed.set(span.spanId, { span, service, tid });
      events.push({
        ph: 'X',
        pid: service.pid,
        tid,
        ts: micros(span.startTimeUnixNano),
        dur: micros(end(span) - span.startTimeUnixNano),
        name: span.name,
        cat: KIND_NAME[span.kind] ?? 'unspecified',
        args: spanArgs(span),
      });
      for (const event of span.events) {
        events.push({ ph: 'i', s: 't', pid: service.pid, tid, ts: micros(event.timeUnixNano || span.startTimeUnixNano), name: event.name, args: attributeArgs(event.attributes) });
      }
    }
    for (const child of placed.values()) {
      const parent = placed.get(child.span.parentSpanId);
      if (!parent || parent.service === child.service) continue;
      const id = this.nextFlowId++;
      const ts = micros(child.span.startTimeUnixNano);
      events.push({ ph: 's', id, pid: parent.service.pid, tid: parent.tid, ts, name: 'call', cat: 'call' });
      events.push({ ph: 'f', bp: 'e', id, pid: child.service.pid, tid: child.tid, ts, name: 'call', cat: 'call' });
    }
    if (events.length === 0) return '';
    const text = events.map((event) => JSON.stringify(event)).join(',\n');
    return (this.written++ === 0 ? '\n' : ',\n') + text;
  }

  end(): string {
    const other = JSON.stringify({ source: 'Tracedeck', spansWithoutTime: this.spansWithoutTime });
    return `${this.written === 0 ? '' : '\n'}],"otherData":${other}}\n`;
  }

  private service(name: string, events: unknown[]): Service {
    let service = this.services.get(name);
    if (service === undefined) {
      service = { pid: this.services.size + 1, name, lanes: [] };
      this.services.set(name, service);
      events.push({ ph: 'M', pid: service.pid, name: 'process_name', args: { name } });
      events.push({ ph: 'M', pid: service.pid, name: 'process_sort_index', args: { sort_index: service.pid } });
    }
    return service;
  }

  private lane(service: Service, span: Span, events: unknown[]): number {
    const start = span.startTimeUnixNano;
    const stop = end(span);
    for (const lane of service.lanes) {
      if (start < lane.lastStart) continue;
      while (lane.open.length > 0 && lane.open[lane.open.length - 1]! <= start) lane.open.pop();
      const innermost = lane.open[lane.open.length - 1];
      if (innermost === undefined || stop <= innermost) {
        lane.open.push(stop);
        lane.lastStart = start;
        return lane.tid;
      }
    }
    const lane: Lane = { tid: service.lanes.length + 1, open: [stop], lastStart: start };
    service.lanes.push(lane);
    const name = lane.tid === 1 ? service.name : `${service.name} (${lane.tid})`;
    events.push({ ph: 'M', pid: service.pid, tid: lane.tid, name: 'thread_name', args: { name } });
    return lane.tid;
  }
}

function end(span: Span): bigint {
  return span.endTimeUnixNano > span.startTimeUnixNano ? span.endTimeUnixNano : span.startTimeUnixNano;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nanoseconds as microseconds: whole part exact, then the fraction. */
function micros(ns: bigint): number {
  return Number(ns / 1000n) + Number(ns % 1000n) / 1000;
}

function spanArgs(span: Span): Record<string, unknown> {
  const args: Record<string, unknown> = {
    'trace.id': span.traceId,
    'span.id': span.spanId,
  };
  if (span.parentSpanId !== '') args['parent.id'] = span.parentSpanId;
  if (span.kind !== SpanKind.UNSPECIFIED) args['span.kind'] = KIND_NAME[span.kind] ?? span.kind;
  if (span.statusCode !== StatusCode.UNSET) args.status = span.statusCode === StatusCode.ERROR ? 'error' : 'ok';
  if (span.statusMessage !== '') args['status.message'] = span.statusMessage;
  return Object.assign(args, attributeArgs(span.attributes));
}

function attributeArgs(attributes: readonly KeyValue[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const { key, value } of attributes) {
    args[key] = plainJson(value);
  }
  return args;
}

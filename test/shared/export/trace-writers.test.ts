// The export writers on hand-made traces: what Jaeger JSON and Chrome trace-event JSON say for
// every part of a span, and that an empty export is still a file its format's readers open.
// (Every real fixture is also round-tripped through each writer in import/real-files.test.ts.)
import { describe, expect, it } from 'vitest';
import type { SpanGroup } from '../../../src/shared/model';
import { traceToJaeger } from '../../../src/shared/export/jaeger-json-writer';
import { writeTraces } from '../../../src/shared/export/trace-writers';
import { EXPORT_FORMATS, exportFileName, formatForFileName } from '../../../src/shared/export/trace-writer';
import { batch, intAttr, resource, sid, span, stringAttr, tid } from '../../support/domain-spans';
import { byTrace, flatSpans, readTraceBytes } from '../../support/read-trace-file';

const rich: SpanGroup[] = batch([
  resource('checkout', [stringAttr('host.name', 'box-1')]),
  [
    span(tid(1), sid(1), '', 'GET /cart', 1000, 1050, { kind: 2, traceState: 'vendor=1' }),
    span(tid(1), sid(2), sid(1), 'SELECT', 1010, 1020, {
      kind: 3,
      statusCode: 2,
      statusMessage: 'deadlock',
      startTimeUnixNano: 1_010_000_123_456n,
      endTimeUnixNano: 1_020_000_999_999n,
      attributes: [
        intAttr('rows', 3),
        { key: 'big', value: { intValue: '9223372036854775807' } },
        { key: 'ratio', value: { doubleValue: 0.5 } },
        { key: 'nan', value: { doubleValue: 'NaN' } },
        { key: 'ok', value: { boolValue: true } },
        { key: 'raw', value: { bytesValue: 'AQID' } },
        { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
        { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: false } }] } } },
      ],
      events: [{ timeUnixNano: 1_015_000_000_000n, name: 'exception', attributes: [stringAttr('exception.message', 'x')], droppedAttributesCount: 0 }],
      links: [
        { traceId: tid(9), spanId: sid(9), traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 },
        { traceId: tid(8), spanId: sid(8), traceState: '', attributes: [stringAttr('opentracing.ref_type', 'child_of')], droppedAttributesCount: 0, flags: 0 },
      ],
    }),
  ],
]).groups;

describe('Jaeger JSON', () => {
  it('writes kind, status, scope, trace state, typed tags, references and logs as the Collector does', () => {
    const trace = traceToJaeger(rich);
    expect(trace.processes).toEqual({ p1: { serviceName: 'checkout', tags: [{ key: 'host.name', type: 'string', value: 'box-1' }] } });
    const [root, child] = trace.spans;
    expect(root!.tags).toEqual([
      { key: 'otel.scope.name', type: 'string', value: 'test' },
      { key: 'otel.scope.version', type: 'string', value: '1' },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'w3c.tracestate', type: 'string', value: 'vendor=1' },
    ]);
    expect(child).toMatchObject({
      traceID: tid(1),
      spanID: sid(2),
      operationName: 'SELECT',
      flags: 1,
      startTime: 1_010_000_123,
      duration: 10_000_876,
      processID: 'p1',
      references: [
        { refType: 'CHILD_OF', traceID: tid(1), spanID: sid(1) },
        { refType: 'FOLLOWS_FROM', traceID: tid(9), spanID: sid(9) },
        { refType: 'CHILD_OF', traceID: tid(8), spanID: sid(8) },
      ],
      logs: [{ timestamp: 1_015_000_000, fields: [{ key: 'event', type: 'string', value: 'exception' }, { key: 'exception.message', type: 'string', value: 'x' }] }],
    });
    expect(child!.tags).toEqual([
      { key: 'rows', type: 'int64', value: 3 },
      { key: 'big', type: 'int64', value: 9223372036854775807n },
      { key: 'ratio', type: 'float64', value: 0.5 },
      { key: 'nan', type: 'string', value: 'NaN' },
      { key: 'ok', type: 'bool', value: true },
      { key: 'raw', type: 'binary', value: 'AQID' },
      { key: 'tags', type: 'string', value: '["a",2]' },
      { key: 'map', type: 'string', value: '{"k":false}' },
      { key: 'otel.scope.name', type: 'string', value: 'test' },
      { key: 'otel.scope.version', type: 'string', value: '1' },
      { key: 'span.kind', type: 'string', value: 'client' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'deadlock' },
    ]);
  });

  it('reads back as the same spans, but for what Jaeger cannot hold', () => {
    const text = writeTraces('jaeger', byTrace(rich));
    expect(text).toContain('"value":9223372036854775807}');
    const back = flatSpans(readTraceBytes(text).groups);
    expect(back.map(({ span: s }) => [s.spanId, s.parentSpanId, s.kind, s.statusCode, s.statusMessage, s.traceState])).toEqual([
      [sid(1), '', 2, 0, '', 'vendor=1'],
      [sid(2), sid(1), 3, 2, 'deadlock', ''],
    ]);
    const child = back[1]!;
    expect(child.scope).toMatchObject({ name: 'test', version: '1' });
    expect(child.resource.attributes).toEqual([stringAttr('service.name', 'checkout'), stringAttr('host.name', 'box-1')]);
    // Whole microseconds; the error tag became the status and is not an attribute twice.
    expect([child.span.startTimeUnixNano, child.span.endTimeUnixNano]).toEqual([1_010_000_123_000n, 1_020_000_999_000n]);
    expect(child.span.attributes.map((a) => a.key)).not.toContain('error');
    expect(child.span.attributes.find((a) => a.key === 'big')!.value).toEqual({ intValue: '9223372036854775807' });
    expect(child.span.events).toEqual([{ timeUnixNano: 1_015_000_000_000n, name: 'exception', attributes: [stringAttr('exception.message', 'x')], droppedAttributesCount: 0 }]);
    expect(child.span.links.map((l) => [l.spanId, l.attributes])).toEqual([
      [sid(9), [stringAttr('opentracing.ref_type', 'follows_from')]],
      [sid(8), [stringAttr('opentracing.ref_type', 'child_of')]],
    ]);
  });

  it('shares one process between equal resources held as different objects', () => {
    const [a, b] = [resource('api'), resource('api')];
    const trace = traceToJaeger(batch([a, [span(tid(1), sid(1), '', 'x', 0, 1)]], [b, [span(tid(1), sid(2), sid(1), 'y', 0, 1)]]).groups);
    expect(Object.keys(trace.processes)).toEqual(['p1']);
    expect(trace.spans.map((s) => s.processID)).toEqual(['p1', 'p1']);
  });
});

interface ChromeEvent {
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  name: string;
  id?: number;
  args?: Record<string, unknown>;
}

function chromeEvents(groups: SpanGroup[][]): { traceEvents: ChromeEvent[]; otherData: Record<string, unknown> } {
  return JSON.parse(writeTraces('chrome', groups)) as { traceEvents: ChromeEvent[]; otherData: Record<string, unknown> };
}

describe('Chrome trace-event JSON', () => {
  // web: a root with two overlapping children (parallel calls); db: the children's server side.
  const trace = batch(
    [
      resource('web'),
      [
        span(tid(1), sid(1), '', 'GET /', 1000, 1100),
        span(tid(1), sid(2), sid(1), 'call a', 1010, 1060),
        span(tid(1), sid(3), sid(1), 'call b', 1020, 1080),
        span(tid(1), sid(6), sid(1), 'no time', 0, 0, { startTimeUnixNano: 0n, endTimeUnixNano: 0n }),
      ],
    ],
    [
      resource('db'),
      [
        span(tid(1), sid(4), sid(2), 'query a', 1011, 1059, { events: [{ timeUnixNano: 1_030_000_000n, name: 'retry', attributes: [intAttr('n', 2)], droppedAttributesCount: 0 }] }),
        span(tid(1), sid(5), sid(3), 'query b', 1021, 1079),
      ],
    ],
  ).groups;

  it('makes a process per service and puts overlapping spans on lanes where every event nests', () => {
    const { traceEvents, otherData } = chromeEvents([trace]);
    const names = traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args!.name]);
    expect(names).toEqual([
      [1, 'web'],
      [2, 'db'],
    ]);
    // In order of start.
    const slices = traceEvents.filter((e) => e.ph === 'X');
    expect(slices.map((e) => [e.name, e.pid, e.tid])).toEqual([
      ['GET /', 1, 1],
      ['call a', 1, 1],
      ['query a', 2, 1],
      ['call b', 1, 2],
      ['query b', 2, 2],
    ]);
    expect(slices[0]).toMatchObject({ ts: 1_000_000, dur: 100_000, cat: 'internal', args: { 'trace.id': tid(1), 'span.id': sid(1) } });
    expect(otherData).toEqual({ source: 'Tracedeck', spansWithoutTime: 1 });
    // On every thread, any two slices are disjoint or one contains the other.
    for (const a of slices) {
      for (const b of slices) {
        if (a === b || a.pid !== b.pid || a.tid !== b.tid) continue;
        const [aEnd, bEnd] = [a.ts! + a.dur!, b.ts! + b.dur!];
        expect(aEnd <= b.ts! || bEnd <= a.ts! || (a.ts! <= b.ts! && bEnd <= aEnd) || (b.ts! <= a.ts! && aEnd <= bEnd)).toBe(true);
      }
    }
    const threads = traceEvents.filter((e) => e.name === 'thread_name').map((e) => [e.pid, e.tid, e.args!.name]);
    expect(threads).toEqual([
      [1, 1, 'web'],
      [2, 1, 'db'],
      [1, 2, 'web (2)'],
      [2, 2, 'db (2)'],
    ]);
  });

  it('marks span events as instants on their lane and calls between services as flows', () => {
    const { traceEvents } = chromeEvents([trace]);
    expect(traceEvents.filter((e) => e.ph === 'i')).toEqual([{ ph: 'i', s: 't', pid: 2, tid: 1, ts: 1_030_000, name: 'retry', args: { n: 2 } }]);
    const flows = traceEvents.filter((e) => e.ph === 's' || e.ph === 'f').map((e) => [e.ph, e.id, e.pid, e.tid, e.ts]);
    expect(flows).toEqual([
      ['s', 1, 1, 1, 1_011_000],
      ['f', 1, 2, 1, 1_011_000],
      ['s', 2, 1, 2, 1_021_000],
      ['f', 2, 2, 2, 1_021_000],
    ]);
  });

  it('keeps nanoseconds as fractions of a microsecond', () => {
    const one = batch([resource('x'), [span(tid(1), sid(1), '', 'a', 0, 0, { startTimeUnixNano: 1_700_000_000_000_001_500n, endTimeUnixNano: 1_700_000_000_000_003_000n })]]).groups;
    const slice = chromeEvents([one]).traceEvents.find((e) => e.ph === 'X')!;
    expect(slice.ts).toBeCloseTo(1_700_000_000_000_001.5, 0);
    expect(slice.dur).toBe(1.5);
  });
});

describe('an export of no traces', () => {
  for (const format of EXPORT_FORMATS) {
    it(`is a valid ${format} file`, () => {
      const text = writeTraces(format, []);
      if (format === 'ndjson') expect(text).toBe('');
      else expect(() => JSON.parse(text) as unknown).not.toThrow();
    });
  }
});

describe('export file names', () => {
  it('name each format apart, and a name tells its format back', () => {
    for (const format of EXPORT_FORMATS) {
      expect(formatForFileName(exportFileName(format, tid(1)))).toBe(format);
      expect(formatForFileName(`${exportFileName(format)}.gz`)).toBe(format);
    }
    expect(exportFileName('jaeger', tid(1))).toBe(`trace-${tid(1)}.jaeger.json`);
    expect(formatForFileName('EXPORT.NDJSON')).toBe('ndjson');
  });
});

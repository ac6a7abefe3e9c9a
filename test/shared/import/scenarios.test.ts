// Named scenario files, written here, for every quirk and every malformed input the importers
// promise to handle: what is repaired (and reported), what is dropped, and what makes the whole
// file refused with an error that says where.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/shared/model';
import { serviceNameOf, SpanKind, StatusCode } from '../../../src/shared/model';
import { batch, resource, sid, span, tid } from '../../support/domain-spans';
import { batchToProtobuf } from '../../support/otlp-protobuf';
import { CLOCK_SKEW_NOTE } from '../../../src/shared/import/span-ids';
import { asOtlpJson, flatSpans, readTraceBytes } from '../../support/read-trace-file';

const spansOf = (text: string | Uint8Array, chunk?: number): Span[] => flatSpans(readTraceBytes(text, chunk).groups).map((s) => s.span);
const repairsOf = (text: string) => readTraceBytes(text).report.repairs.map((r) => r.kind);

const otlpSpan = (over: Record<string, unknown> = {}) => ({
  traceId: '5B8EFFF798038103D269B633813FC60C',
  spanId: 'EEE19B7EC3C1B174',
  name: 'GET /orders',
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
  ...over,
});
const otlpFile = (...spans: object[]) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] }, scopeSpans: [{ scope: { name: 's' }, spans }] }] });

describe('OTLP/JSON scenarios', () => {
  it('lowercases uppercase ids, pads 64-bit trace ids, and says so', () => {
    const [s] = spansOf(otlpFile(otlpSpan({ traceId: 'D269B633813FC60C', parentSpanId: '0000000000000000' })));
    expect(s!.traceId).toBe('0000000000000000d269b633813fc60c');
    expect(s!.spanId).toBe('eee19b7ec3c1b174');
    expect(s!.parentSpanId).toBe('');
    expect(repairsOf(otlpFile(otlpSpan({ traceId: 'D269B633813FC60C' })))).toEqual(['uppercase hex trace id lowercased', '64-bit trace id padded to 128 bits', 'uppercase hex span id lowercased']);
  });

  it('keeps 64-bit integers beyond 2^53 exact, as strings or as bare numbers', () => {
    const text = otlpFile(otlpSpan({ startTimeUnixNano: 1544712660123456789, attributes: [{ key: 'big', value: { intValue: 9007199254740993 } }] }))
      .replace('1544712660123456800', '1544712660123456789')
      .replace('9007199254740992', '9007199254740993');
    const [s] = spansOf(text);
    expect(s!.startTimeUnixNano).toBe(1544712660123456789n);
    expect(s!.attributes).toEqual([{ key: 'big', value: { intValue: '9007199254740993' } }]);
  });

  it('reads NDJSON line by line, with blank lines and CRLF, and names the line of a bad one', () => {
    const line = (n: number) => otlpFile(otlpSpan({ spanId: sid(n) }));
    const result = readTraceBytes(`${line(1)}\r\n\r\n${line(2)}\n${line(3)}`);
    expect(result.format).toBe('otlp-ndjson');
    expect(result.spanCount).toBe(3);
    const bad = `${line(1)}\n${otlpFile(otlpSpan({ spanId: sid(2), kind: 'SIDEWAYS' }))}\n`;
    expect(() => readTraceBytes(bad)).toThrow(/^line 2 resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind: expected one of SPAN_KIND_UNSPECIFIED/);
  });

  it('takes NDJSON lines whole from the third on, however the bytes are cut', () => {
    const line = (n: number) => otlpFile(otlpSpan({ spanId: sid(n) }));
    const text = `${line(1)}\n${line(2)}\r\n\n${line(3)}\n  \n${line(4)}\n${line(5)}`; // no newline at the end
    for (const chunk of [1, 7, 100, 1 << 20]) {
      const result = readTraceBytes(text, chunk);
      expect(result.format).toBe('otlp-ndjson');
      expect(flatSpans(result.groups).map((s) => s.span.spanId)).toEqual([1, 2, 3, 4, 5].map(sid));
    }
    const truncated = `${line(1)}\n${line(2)}\n${line(3)}\n\n${line(4).slice(0, 50)}\n${line(5)}\n`;
    expect(() => readTraceBytes(truncated, 64)).toThrow(/^line 5: the line ends inside its JSON value/);
    expect(() => readTraceBytes(`${line(1)}\n${line(2)}\n{"data":[]}\n`)).toThrow(/^line 3: not OTLP\/JSON like the lines before it/);
    expect(() => readTraceBytes(`${line(1)}\n${line(2)}\n${line(3)} x\n`)).toThrow(/^line 3: invalid JSON/);
  });

  it('drops spans without ids, reporting each with its place in the file, and keeps the rest', () => {
    const result = readTraceBytes(otlpFile(otlpSpan({ spanId: sid(1) }), otlpSpan({ traceId: '', spanId: sid(2), name: 'lost' }), otlpSpan({ spanId: '0000000000000000' })));
    expect(result.spanCount).toBe(1);
    expect(result.report.dropped).toEqual([
      { where: 'resourceSpans[0].scopeSpans[0].spans[1]', reason: 'span "lost": no trace id' },
      { where: 'resourceSpans[0].scopeSpans[0].spans[2]', reason: 'span "GET /orders": all-zero span id' },
    ]);
  });

  it('gives a different span under a used id its own id, and keeps a repeated span once', () => {
    const same = otlpSpan({ spanId: sid(1) });
    const other = otlpSpan({ spanId: sid(1), name: 'other' });
    const spans = spansOf(otlpFile(same, same, other));
    expect(spans.map((s) => s.name).sort()).toEqual(['GET /orders', 'other']);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(2);
    // Deterministic: importing the same file again gives the same ids, so the store keeps one copy.
    expect(spansOf(otlpFile(same, same, other))).toEqual(spans);
  });
});

describe('malformed files: nothing is imported and the error says where', () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['an empty file', '', /^the file is empty$/],
    ['only whitespace', ' \n\t ', /^the file is empty \(only whitespace\)$/],
    ['truncated JSON', otlpFile(otlpSpan()).slice(0, 120), /^line 1: the file ends inside a JSON value \(truncated\?\)$/],
    ['a bad token', '{\n  "resourceSpans": [\n    {"resource": tru}\n  ]\n}', /^line 3: invalid JSON/],
    ['an object of no known format', '{"hello": "world", "n": 1}', /^not a known trace format: a JSON object with the keys "hello", "n"$/],
    ['an empty object', '{}', /holds no traces/],
    ['an array of numbers', '[1, 2, 3]', /^line 1: not a known trace format: a top-level array of 1$/],
    ['a JSON scalar', '"text"', /^not a trace file: text that is not a JSON object or array \(it starts "\\"text\\""\)$/],
    ['a text file', 'hello,world\n1,2\n', /^not a trace file: text that is not a JSON object or array/],
    ['a wrong type', otlpFile(otlpSpan({ name: 42 })), /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: expected a string, got 42$/],
    ['two JSON documents of Jaeger', '{"data":[]}\n{"data":[]}', /^line 2: a second JSON value after the first: only OTLP\/JSON/],
    ['protobuf garbage', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), /^offset \d+: not an OTLP protobuf trace message/],
    ['Zipkin v1', '[{"traceId":"a","id":"b","name":"x","binaryAnnotations":[]}]', /Zipkin v1 JSON/],
  ];
  for (const [name, input, error] of cases) {
    it(name, () => {
      expect(() => readTraceBytes(input)).toThrow(error);
      expect(() => readTraceBytes(input, 3)).toThrow(error);
    });
  }
});

describe('OTLP protobuf files', () => {
  const one = batch([resource('api'), [span(tid(1), sid(1), '', 'a', 1000, 2000), span(tid(1), sid(2), sid(1), 'b', 1100, 1900)]]);
  const two = batch([resource('db'), [span(tid(1), sid(3), sid(2), 'c', 1200, 1300)]]);

  it('reads one message, and the file exporter stream of length-prefixed messages', () => {
    expect(spansOf(batchToProtobuf(one)).map((s) => s.name)).toEqual(['a', 'b']);
    const frame = (bytes: Uint8Array) => {
      const out = new Uint8Array(4 + bytes.length);
      new DataView(out.buffer).setUint32(0, bytes.length);
      out.set(bytes, 4);
      return out;
    };
    const stream = new Uint8Array([...frame(batchToProtobuf(one)), ...frame(batchToProtobuf(two))]);
    expect(spansOf(stream, 5).map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect(() => readTraceBytes(stream.subarray(0, stream.length - 3))).toThrow(/the file ends inside a length-prefixed message/);
  });
});

describe('Jaeger scenarios', () => {
  const jaegerTrace = (spans: object[], processes: object = { p1: { serviceName: 'api', tags: [{ key: 'host.name', type: 'string', value: 'h1' }] } }) =>
    JSON.stringify({ data: [{ traceID: 'abc0000000000001', spans, processes, warnings: ['clock skew adjusted'] }], total: 0, errors: null });
  const jspan = (id: number, over: Record<string, unknown> = {}) => ({
    traceID: 'abc0000000000001',
    spanID: sid(id),
    operationName: `op${id}`,
    references: [],
    startTime: 1_600_000_000_000_000 + id,
    duration: 10,
    tags: [],
    logs: [],
    processID: 'p1',
    ...over,
  });

  it('maps process, kind, status, scope, tags of each type, logs and warnings', () => {
    const text = jaegerTrace([
      jspan(1, {
        tags: [
          { key: 'span.kind', type: 'string', value: 'server' },
          { key: 'error', type: 'bool', value: true },
          { key: 'otel.scope.name', type: 'string', value: 'lib' },
          { key: 'n', type: 'int64', value: '9223372036854775807' },
          { key: 'f', type: 'float64', value: 1.5 },
          { key: 'b', type: 'binary', value: 'AAE=' },
        ],
        logs: [{ timestamp: 1_600_000_000_000_005, fields: [{ key: 'event', type: 'string', value: 'retry' }, { key: 'attempt', type: 'int64', value: 2 }] }],
        warnings: ['late span'],
      }),
    ]);
    const result = readTraceBytes(text);
    const { resource: r, scope, span: s } = flatSpans(result.groups)[0]!;
    expect(serviceNameOf(r)).toBe('api');
    expect(r.attributes).toContainEqual({ key: 'host.name', value: { stringValue: 'h1' } });
    expect(scope.name).toBe('lib');
    expect(s.kind).toBe(SpanKind.SERVER);
    expect(s.statusCode).toBe(StatusCode.ERROR);
    expect(s.startTimeUnixNano).toBe(1_600_000_000_000_001_000n);
    expect(s.endTimeUnixNano).toBe(1_600_000_000_000_011_000n);
    expect(s.attributes).toEqual([
      { key: 'n', value: { intValue: '9223372036854775807' } },
      { key: 'f', value: { doubleValue: 1.5 } },
      { key: 'b', value: { bytesValue: 'AAE=' } },
      { key: 'jaeger.warnings', value: { arrayValue: { values: [{ stringValue: 'late span' }] } } },
    ]);
    expect(s.events).toEqual([{ timeUnixNano: 1_600_000_000_000_005_000n, name: 'retry', attributes: [{ key: 'attempt', value: { intValue: '2' } }], droppedAttributesCount: 0 }]);
    expect(result.report.warnings).toEqual(['trace abc0000000000001: clock skew adjusted']);
  });

  it('takes the parent from CHILD_OF (else FOLLOWS_FROM) within the trace; other references become links', () => {
    const ref = (type: string, span: number, trace = 'abc0000000000001') => ({ refType: type, traceID: trace, spanID: sid(span) });
    const spans = spansOf(
      jaegerTrace([
        jspan(1),
        jspan(2, { references: [ref('FOLLOWS_FROM', 1)] }),
        jspan(3, { references: [ref('FOLLOWS_FROM', 1), ref('CHILD_OF', 2), ref('CHILD_OF', 9, 'def0000000000001')] }),
      ]),
    );
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect(byName.get('op2')!.parentSpanId).toBe(sid(1));
    expect(byName.get('op3')!.parentSpanId).toBe(sid(2));
    expect(byName.get('op3')!.links.map((l) => [l.traceId, l.spanId, l.attributes[0]!.value])).toEqual([
      ['0000000000000000abc0000000000001', sid(1), { stringValue: 'follows_from' }],
      ['0000000000000000def0000000000001', sid(9), { stringValue: 'child_of' }],
    ]);
  });

  it('refuses a tag whose value does not fit its type, naming the tag', () => {
    expect(() => readTraceBytes(jaegerTrace([jspan(1, { tags: [{ key: 'n', type: 'int64', value: 'many' }] })]))).toThrow(
      /^data\[0\]\.spans\[0\]\.tags\[0\]: a int64 tag with the value "many"$/,
    );
  });
});

describe('Zipkin scenarios', () => {
  const zspan = (over: Record<string, unknown>) => ({ traceId: '463ac35c9f6413ad', timestamp: 1_500_000_000_000_000, duration: 100, localEndpoint: { serviceName: 'web' }, ...over });

  it('splits a shared client/server id: the client half gets its own id, the server half is its child and keeps its children', () => {
    const spans = spansOf(
      JSON.stringify([
        zspan({ id: '0000000000000001', kind: 'SERVER', name: 'root' }),
        zspan({ id: '0000000000000002', parentId: '0000000000000001', kind: 'CLIENT', name: 'call' }),
        zspan({ id: '0000000000000002', parentId: '0000000000000001', kind: 'SERVER', name: 'serve', shared: true, localEndpoint: { serviceName: 'api' } }),
        zspan({ id: '0000000000000003', parentId: '0000000000000002', name: 'work', localEndpoint: { serviceName: 'api' } }),
      ]),
    );
    const byName = new Map(spans.map((s) => [s.name, s]));
    const client = byName.get('call')!;
    expect(client.spanId).not.toBe('0000000000000002');
    expect(client.parentSpanId).toBe('0000000000000001');
    expect(byName.get('serve')!.spanId).toBe('0000000000000002');
    expect(byName.get('serve')!.parentSpanId).toBe(client.spanId);
    expect(byName.get('work')!.parentSpanId).toBe('0000000000000002');
  });

  it('keeps a server half whose clock runs ahead of its client as recorded, and notes it', () => {
    const file = JSON.stringify([
      zspan({ id: '0000000000000001', kind: 'CLIENT', name: 'call' }),
      // The server's host clock is 50 us ahead: its half starts after and ends after the client's.
      zspan({ id: '0000000000000001', kind: 'SERVER', name: 'serve', shared: true, timestamp: 1_500_000_000_000_050, duration: 90, localEndpoint: { serviceName: 'api' } }),
    ]);
    const result = readTraceBytes(file);
    const serve = flatSpans(result.groups).find((s) => s.span.name === 'serve')!.span;
    expect(serve.startTimeUnixNano).toBe(1_500_000_000_000_050_000n);
    expect(result.report.repairs.find((r) => r.kind === CLOCK_SKEW_NOTE)).toEqual({ kind: CLOCK_SKEW_NOTE, count: 1, examples: ['[1]'] });
  });

  it('maps kind, endpoints, tags, the error tag and annotations; a lone span object is a file too', () => {
    const [s] = spansOf(
      JSON.stringify(
        zspan({
          id: '0000000000000001',
          kind: 'CLIENT',
          name: 'get',
          remoteEndpoint: { serviceName: 'db', ipv4: '10.0.0.1', port: 5432 },
          tags: { 'http.path': '/x', error: 'timeout' },
          annotations: [{ timestamp: 1_500_000_000_000_050, value: 'retry' }],
        }),
      ),
    );
    expect(s!.kind).toBe(SpanKind.CLIENT);
    expect(s!.statusCode).toBe(StatusCode.ERROR);
    expect(s!.statusMessage).toBe('timeout');
    expect(s!.attributes).toEqual([
      { key: 'http.path', value: { stringValue: '/x' } },
      { key: 'peer.service', value: { stringValue: 'db' } },
      { key: 'network.peer.address', value: { stringValue: '10.0.0.1' } },
      { key: 'network.peer.port', value: { intValue: '5432' } },
    ]);
    expect(s!.events).toEqual([{ timeUnixNano: 1_500_000_000_000_050_000n, name: 'retry', attributes: [], droppedAttributesCount: 0 }]);
  });
});

describe('round trips through OTLP/JSON', () => {
  it('keeps every attribute type, events, links, trace state, flags, dropped counts, resource and scope with schema URLs', () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }], droppedAttributesCount: 2 },
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          scopeSpans: [
            {
              scope: { name: 'lib', version: '1.2', attributes: [{ key: 'k', value: { boolValue: true } }], droppedAttributesCount: 1 },
              schemaUrl: 'https://opentelemetry.io/schemas/1.25.0',
              spans: [
                otlpSpan({
                  traceState: 'vendor=1',
                  flags: 257,
                  kind: 3,
                  droppedAttributesCount: 4,
                  droppedEventsCount: 5,
                  droppedLinksCount: 6,
                  status: { code: 2, message: 'boom' },
                  attributes: [
                    { key: 's', value: { stringValue: 'x' } },
                    { key: 'i', value: { intValue: '-9223372036854775808' } },
                    { key: 'd', value: { doubleValue: 'NaN' } },
                    { key: 'b', value: { bytesValue: 'AQID' } },
                    { key: 'a', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'two' }] } } },
                    { key: 'm', value: { kvlistValue: { values: [{ key: 'inner', value: { doubleValue: 2.5 } }] } } },
                    { key: 'empty', value: {} },
                  ],
                  events: [{ timeUnixNano: '1544712660500000000', name: 'exception', attributes: [{ key: 'exception.stacktrace', value: { stringValue: 'at x\n  at y' } }], droppedAttributesCount: 1 }],
                  links: [{ traceId: tid(7), spanId: sid(7), traceState: 't=1', attributes: [{ key: 'l', value: { intValue: '3' } }], droppedAttributesCount: 2, flags: 1 }],
                }),
              ],
            },
          ],
        },
      ],
    });
    const first = readTraceBytes(text);
    const again = readTraceBytes(asOtlpJson(first.groups));
    expect(flatSpans(again.groups)).toEqual(flatSpans(first.groups));
    const { resource: r, scope, span: s } = flatSpans(first.groups)[0]!;
    expect(r.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(scope).toEqual({ name: 'lib', version: '1.2', attributes: [{ key: 'k', value: { boolValue: true } }], droppedAttributesCount: 1, schemaUrl: 'https://opentelemetry.io/schemas/1.25.0' });
    expect(s).toMatchObject({ traceState: 'vendor=1', flags: 257, droppedAttributesCount: 4, droppedEventsCount: 5, droppedLinksCount: 6, statusMessage: 'boom' });
  });
});

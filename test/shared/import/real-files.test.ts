// Every importer on the real files in ../shared/fixtures (their README says what each
// exercises): what each file holds, the repairs it needs, and that import -> OTLP/JSON export ->
// import gives the same spans. Each file is also read one byte at a time, so the streaming
// splitter is checked at every possible chunk boundary.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceNameOf } from '../../../src/shared/model';
import { HAS_SHARED_FIXTURES, NO_SHARED_FIXTURES_REASON, SHARED_FIXTURES, sharedFixtureFiles } from '../../support/shared-fixtures';
import { exportText, flatSpans, readTraceBytes } from '../../support/read-trace-file';

interface Expected {
  format: string;
  spans: number;
  traces: number;
  services?: string[];
  /** Repair kinds the file must report (substrings). */
  repairs?: string[];
  dropped?: number;
}

const EXPECTED: Record<string, Expected> = {
  'otel-proto_trace.json': { format: 'otlp-json', spans: 1, traces: 1, services: ['my.service'], repairs: ['uppercase hex trace id'] },
  'otel-proto_trace_numeric-nanos_ca6170e.json': { format: 'otlp-json', spans: 1, traces: 1, repairs: ['uppercase hex'] },
  'jaeger_memory_otel_traces_01.json': { format: 'otlp-json', spans: 4, traces: 2 },
  'jaeger_link_attributes_trace.json': { format: 'otlp-json', spans: 1, traces: 1 },
  'jaeger_example_trace.json': { format: 'otlp-json', spans: 5, traces: 1, services: ['example-service-1', 'example-service-2', 'example-service-3'] },
  'jaeger_apiv3_GetTrace.json': { format: 'otlp-json', spans: 1, traces: 1, repairs: ['without a start time'] },
  'jaeger-ui_apiv3_getTrace-response.json': { format: 'otlp-json', spans: 40, traces: 1 },
  'jaeger-ui_otlp2jaeger-in.json': { format: 'otlp-json', spans: 1, traces: 1, repairs: ['the same span repeated'] },
  'jaeger-ui_otlp2jaeger-in-error.json': { format: 'otlp-json', spans: 1, traces: 1, services: ['unknown_service'] },
  'jaeger-ui_otlp2jaeger-negative-counts.json': { format: 'otlp-json', spans: 1, traces: 1, repairs: ['negative dropped count'] },
  'jaeger-ui_otlp2jaeger-multi-in.jsonl': { format: 'otlp-ndjson', spans: 4, traces: 1 },
  'jaeger-ui_otlp2jaeger-multi-in-combined.json': { format: 'otlp-json', spans: 4, traces: 1 },
  'otel-contrib_countconnector_traces_input.json': { format: 'otlp-json', spans: 0, traces: 0, dropped: 3 },
  'otel-proto_trace.protobuf-bin': { format: 'otlp-protobuf', spans: 1, traces: 1, services: ['my.service'] },
  'jaeger_ui_01.json': { format: 'jaeger-json', spans: 5, traces: 1, repairs: ['64-bit trace id', 'given an id of its own'] },
  'jaeger_domain_01.json': { format: 'jaeger-json', spans: 5, traces: 1, repairs: ['given an id of its own'] },
  'jaeger_anonymizer_trace_success.json': { format: 'jaeger-json', spans: 2, traces: 1, repairs: ['bool tag written as a string'] },
  'jaeger-ui_otlp2jaeger-out.json': { format: 'jaeger-json', spans: 1, traces: 1, repairs: ['the same span repeated'] },
  'jaeger-ui_oltp2jaeger-multi-out.json': { format: 'jaeger-json', spans: 4, traces: 1 },
  'jaeger-ui_genaiTestTrace.json': { format: 'jaeger-json', spans: 57, traces: 1 },
  'jaeger-ui_TraceGraph_testTrace.json': { format: 'jaeger-json', spans: 11, traces: 1, repairs: ['non-hex trace id', 'non-hex span id'] },
  'jaeger-ui_spanAmongEachOtherGroupedAndSpans.json': { format: 'jaeger-json', spans: 17, traces: 1, repairs: ['31 hex digits'] },
  'jaeger-ui_spanLongerAsParent.json': { format: 'jaeger-json', spans: 8, traces: 1, repairs: ['outside its parent'] },
  'jaeger-ui_traceWithSingleChildLongerThanParentAndStartsAfterParent.json': { format: 'jaeger-json', spans: 2, traces: 1, repairs: ['outside its parent'] },
  'jaeger-ui_traceWithMultipleSpansWithTheSameValueInDifferentTags.json': { format: 'jaeger-json', spans: 4, traces: 1 },
  'jaeger-ui_issue115_2992f2a5.json': { format: 'jaeger-json', spans: 2, traces: 1 },
  'zipkin_yelp.json': { format: 'zipkin-json', spans: 16, traces: 1, repairs: ['shared by a client and a server'] },
  'zipkin_skew.json': { format: 'zipkin-json', spans: 4, traces: 1, repairs: ['shared by a client and a server', 'outside its parent'] },
  'zipkin_ascend.json': { format: 'zipkin-json', spans: 8, traces: 1 },
  'zipkin_simple-db-p6.json': { format: 'zipkin-json', spans: 5, traces: 1 },
  'zipkin_smartthings-mobile-web-install.json': { format: 'zipkin-json', spans: 1041, traces: 1, repairs: ['without a timestamp'] },
  'zipkin_smartthings-oauth-authorization.json': { format: 'zipkin-json', spans: 175, traces: 1 },
  'zipkin_envoy.json': { format: 'zipkin-json', spans: 1, traces: 1, services: ['unknown_service'] },
  'zipkin_messaging.json': { format: 'zipkin-json', spans: 4, traces: 1 },
  'zipkin_messaging2.json': { format: 'zipkin-json', spans: 11, traces: 1 },
  'zipkin_messaging-kafka.json': { format: 'zipkin-json', spans: 28, traces: 1 },
  'zipkin_kong-malformed.json': { format: 'zipkin-json', spans: 7, traces: 1, repairs: ['without a duration'] },
  'zipkin_benchmarks_zipkin2-chinese.json': { format: 'zipkin-json', spans: 1, traces: 1, services: ['订单维护服务'] },
  'otel-collector_zipkinreceiver_sample1.json': { format: 'zipkin-json', spans: 1, traces: 1, repairs: ['the same span repeated'] },
  'otel-contrib_zipkinreceiver_sample3.json': { format: 'zipkin-json', spans: 1, traces: 1 },
  'otel-contrib_zipkinreceiver_sample4.json': { format: 'zipkin-json', spans: 1, traces: 1 },
};

const files = ['otlp-json', 'otlp-protobuf', 'jaeger-json', 'zipkin-json'].flatMap((folder) =>
  sharedFixtureFiles(folder, '').filter((f) => !f.endsWith('.protobuf-text')),
);

describe.skipIf(!HAS_SHARED_FIXTURES)(`importing the real trace files ${HAS_SHARED_FIXTURES ? '' : NO_SHARED_FIXTURES_REASON}`, () => {
  it('knows what every file in the fixtures folder should give', () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const name = basename(file);
    it(name, () => {
      const expected = EXPECTED[name]!;
      const bytes = readFileSync(file);
      const result = readTraceBytes(bytes);
      const spans = flatSpans(result.groups);
      expect({ format: result.format, spans: result.spanCount, traces: new Set(spans.map((s) => s.span.traceId)).size }).toEqual({
        format: expected.format,
        spans: expected.spans,
        traces: expected.traces,
      });
      if (expected.services) expect([...new Set(result.groups.map((g) => serviceNameOf(g.resource)))].sort()).toEqual(expected.services);
      for (const kind of expected.repairs ?? []) expect(result.report.repairs.map((r) => r.kind).join('\n')).toContain(kind);
      expect(result.report.dropped).toHaveLength(expected.dropped ?? 0);
      for (const { span } of spans) {
        expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(span.parentSpanId).toMatch(/^([0-9a-f]{16})?$/);
      }

      // Streaming: the same result however the bytes are cut.
      if (bytes.length < 200_000) expect(flatSpans(readTraceBytes(bytes, 1).groups)).toEqual(spans);
      expect(flatSpans(readTraceBytes(bytes, 4093).groups)).toEqual(spans);

      // Round trip: exported as OTLP/JSON (one document, or lines) and imported again, every
      // field is the same.
      if (result.spanCount > 0) {
        for (const format of ['otlp', 'ndjson'] as const) {
          const again = readTraceBytes(exportText(result.groups, format));
          // Unknown times stay unknown; nothing else needs repairing in what Tracedeck wrote.
          expect(again.report.repairs.filter((r) => !/time|timestamp/.test(r.kind))).toEqual([]);
          // One line is one JSON document: only a second line makes the file NDJSON.
          const traces = new Set(spans.map((s) => s.span.traceId)).size;
          expect(again.format).toBe(format === 'ndjson' && traces > 1 ? 'otlp-ndjson' : 'otlp-json');
          expect(flatSpans(again.groups)).toEqual(spans);
        }
        // Jaeger JSON holds less than OTLP; what it holds survives: a Jaeger file comes back the
        // same, and any file's spans once through Jaeger JSON come back the same from a second trip.
        const viaJaeger = readTraceBytes(exportText(result.groups, 'jaeger'));
        expect(viaJaeger.format).toBe('jaeger-json');
        expect(viaJaeger.spanCount).toBe(result.spanCount);
        const twice = readTraceBytes(exportText(viaJaeger.groups, 'jaeger'));
        expect(flatSpans(twice.groups)).toEqual(flatSpans(viaJaeger.groups));
        // Jaeger UI JSON counts whole microseconds (the jsonpb form of jaeger_domain_01 has ns).
        if (expected.format === 'jaeger-json') expect(flatSpans(viaJaeger.groups)).toEqual(inWholeMicroseconds(spans));
      }
    });
  }

  it('refuses Zipkin v1, saying what it is and what to do', () => {
    const [file] = sharedFixtureFiles('zipkin-v1-json', '.json');
    expect(() => readTraceBytes(readFileSync(file!))).toThrow(/Zipkin v1 JSON .* export the trace as Zipkin v2/);
  });

  it('reads the Jaeger fixture pair the same: the UI form and the domain (jsonpb) form of one trace', () => {
    const ui = readTraceBytes(readFileSync(`${SHARED_FIXTURES}/jaeger-json/jaeger_ui_01.json`));
    const domain = readTraceBytes(readFileSync(`${SHARED_FIXTURES}/jaeger-json/jaeger_domain_01.json`));
    const shape = (r: typeof ui) =>
      flatSpans(r.groups).map(({ span, resource }) => ({ service: serviceNameOf(resource), name: span.name, parent: span.parentSpanId, links: span.links.length, kind: span.kind }));
    expect(shape(domain)).toEqual(shape(ui));
  });
});

function inWholeMicroseconds(spans: ReturnType<typeof flatSpans>): ReturnType<typeof flatSpans> {
  const floor = (ns: bigint) => (ns / 1000n) * 1000n;
  return spans.map((entry) => ({
    ...entry,
    span: {
      ...entry.span,
      startTimeUnixNano: floor(entry.span.startTimeUnixNano),
      endTimeUnixNano: floor(entry.span.startTimeUnixNano) + floor(entry.span.endTimeUnixNano - entry.span.startTimeUnixNano),
      events: entry.span.events.map((event) => ({ ...event, timeUnixNano: floor(event.timeUnixNano) })),
    },
  }));
}

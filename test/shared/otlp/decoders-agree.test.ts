// The hand-written decoder (the receive path) and protobufjs over the same schema (the
// reference) must produce the same domain model, field by field: on requests the official SDK
// serializer makes, on hand-built messages with what the SDK never sends, and on real files.
// Where a hand-built message has a known meaning, the hand decoder is also checked against
// literals, so that both decoders being wrong the same way cannot pass. Malformed input must
// end in a ProtobufError (or a consistent prefix), never in another exception or a hang.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { buildRequests, random } from '../../../bench/support/workload';
import type { DecodedBatch, Span } from '../../../src/shared/model';
import { decodeOtlpJson, parseOtlpJsonText } from '../../../src/shared/otlp/json-decode';
import { groupsToOtlpJson, spanToOtlpJson } from '../../../src/shared/otlp/json-encode';
import { decodeExportTraceRequest, ProtobufError } from '../../../src/shared/otlp/protobuf-decode';
import { decodeWithProtobufjs } from '../../../src/shared/otlp/protobufjs-decode';
import { batchToProtobuf, concat, encodeOtlp, lenField, tag, UNKNOWN_FIELDS, varint, WIRE } from '../../support/otlp-protobuf';
import { expectedOtlpJsonSpan, expectedResource, expectedScope, makeSdkSpans } from '../../support/sdk-spans';
import { SHARED_FIXTURES, sharedFixtureFiles } from '../../support/shared-fixtures';

/**
 * Decodes with both decoders, from a Node Buffer and from a plain Uint8Array (the reader and
 * protobufjs each take another string path for each), expects all four to be equal and
 * returns the hand decoder's result.
 */
function decodeAll(body: Uint8Array): DecodedBatch {
  const plain = new Uint8Array(body);
  const buffer = Buffer.from(plain);
  const hand = decodeExportTraceRequest(buffer);
  expect(decodeExportTraceRequest(plain)).toStrictEqual(hand);
  expect(decodeWithProtobufjs(buffer)).toStrictEqual(hand);
  expect(decodeWithProtobufjs(plain)).toStrictEqual(hand);
  return hand;
}

const hex = (h: string) => Buffer.from(h, 'hex');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const TRACE_ID = '0102030405060708090a0b0c0d0e0f10';
const SPAN_ID = 'a1a2a3a4a5a6a7a8';

/** A span with every field at its default, as both decoders build one. */
function span(fields: Partial<Span>): Span {
  return {
    traceId: '', spanId: '', parentSpanId: '', traceState: '', flags: 0, name: '', kind: 0,
    startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: [], droppedAttributesCount: 0,
    events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, statusCode: 0, statusMessage: '',
    ...fields,
  };
}

describe('decoders agree on the OpenTelemetry JS SDK', () => {
  it('field by field, and with what the SDK recorded', () => {
    const spans = makeSdkSpans('agree', Date.UTC(2026, 10, 24, 12, 0, 0));
    const batch = decodeAll(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(batch.spanCount).toBe(spans.length);
    expect(batch.groups).toHaveLength(1);
    const [group] = batch.groups;
    expect(group!.resource.attributes).toEqual(expectedResource(spans[0]!).attributes);
    expect(group!.scope).toEqual(expectedScope(spans[0]!));
    // The oracle is written from the SDK's own span objects (test/support/sdk-spans.ts).
    for (const sdkSpan of spans) {
      const decoded = group!.spans.find((s) => s.spanId === sdkSpan.spanContext().spanId);
      expect(decoded && spanToOtlpJson(decoded), sdkSpan.name).toEqual(expectedOtlpJsonSpan(sdkSpan));
    }
    // A few values spelled out: every SDK attribute type, nanosecond times, trace state.
    const root = group!.spans.find((s) => s.name === 'GET /api/orders/:id')!;
    const attr = (key: string) => root.attributes.find((a) => a.key === key)?.value;
    expect(root.startTimeUnixNano).toBe(BigInt(Date.UTC(2026, 10, 24, 12, 0, 0)) * 1_000_000n + 123n);
    expect(root.kind).toBe(2);
    expect(root.statusCode).toBe(1);
    expect(attr('http.request.method')).toEqual({ stringValue: 'GET' });
    expect(attr('http.response.status_code')).toEqual({ intValue: '500' });
    expect(attr('cart.total')).toEqual({ doubleValue: 129.95 });
    expect(attr('feature.enabled')).toEqual({ boolValue: true });
    expect(attr('retry.delays_ms')).toEqual({ arrayValue: { values: [{ intValue: '10' }, { intValue: '20' }, { intValue: '40' }] } });
    expect(attr('unicode.text')).toEqual({ stringValue: 'Grüße, 世界 🚀' });
    const consumer = group!.spans.find((s) => s.name === 'process payment')!;
    expect(consumer.traceState).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    expect(consumer.parentSpanId).toBe('00f067aa0ba902b7');
    expect(consumer.flags).toBe(0x301); // sampled, is-remote known, parent remote
  });

  it('with two resources in one request', () => {
    const spans = [...makeSdkSpans('svc-a'), ...makeSdkSpans('svc-b')];
    const batch = decodeAll(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(batch.spanCount).toBe(spans.length);
    expect(batch.groups.map((g) => g.resource.attributes[0])).toEqual([
      { key: 'service.name', value: { stringValue: 'svc-a' } },
      { key: 'service.name', value: { stringValue: 'svc-b' } },
    ]);
  });

  it('on the benchmark workload (512-span requests)', () => {
    for (const request of buildRequests(3, 512, 11)) expect(decodeAll(request.body).spanCount).toBe(512);
  });
});

describe('decoders agree on hand-built messages', () => {
  it('with what the SDK never sends, and with the values the schema says', () => {
    const body = encodeOtlp('ExportTraceServiceRequest', {
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { stringValue: 'edge' } }],
            droppedAttributesCount: 3,
            // Not in the domain model: decoded past, it must not disturb the rest.
            entityRefs: [{ schemaUrl: 'https://e', type: 'service', idKeys: ['service.name'], descriptionKeys: ['service.version'] }],
          },
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          scopeSpans: [
            {
              scope: { name: 'scope', version: '9', attributes: [{ key: 'scope.attr', value: { boolValue: false } }], droppedAttributesCount: 1 },
              schemaUrl: 'https://example.com/scope-schema',
              spans: [
                {
                  traceId: hex(TRACE_ID),
                  spanId: hex(SPAN_ID),
                  parentSpanId: hex('b1b2b3b4b5b6b7b8'),
                  traceState: 'vendor=1',
                  flags: 0x301,
                  name: 'edge',
                  kind: 5,
                  startTimeUnixNano: '18446744073709551615', // 2^64 - 1
                  endTimeUnixNano: '9223372036854775808', // 2^63
                  attributes: [
                    { key: 'bytes', value: { bytesValue: hex('00ff10') } },
                    { key: 'no.bytes', value: { bytesValue: new Uint8Array() } },
                    { key: 'map', value: { kvlistValue: { values: [{ key: 'min', value: { intValue: '-9223372036854775808' } }, { key: 'unset' }] } } },
                    { key: 'nested', value: { arrayValue: { values: [{ arrayValue: { values: [{ doubleValue: 1.5 }, { intValue: '9223372036854775807' }] } }, {}] } } },
                    { key: 'empty', value: {} },
                    { key: 'no value' },
                    { key: 'empty.string', value: { stringValue: '' } },
                    { key: 'nan', value: { doubleValue: Number.NaN } },
                    { key: 'inf', value: { doubleValue: Number.POSITIVE_INFINITY } },
                    { key: '-inf', value: { doubleValue: Number.NEGATIVE_INFINITY } },
                    { key: '-0', value: { doubleValue: -0 } },
                    { key: 'tiny', value: { doubleValue: Number.MIN_VALUE } },
                    { key: 'minus.one', value: { intValue: '-1' } },
                    // A leading BOM must survive both string paths (Buffer#utf8Slice and TextDecoder).
                    { key: 'unicode', value: { stringValue: '\uFEFFGrüße 🚀' } },
                  ],
                  droppedAttributesCount: 0xffffffff,
                  events: [{ timeUnixNano: '9223372036854775809', name: '', attributes: [], droppedAttributesCount: 2 }],
                  droppedEventsCount: 5,
                  links: [{ traceId: hex('ff'.repeat(16)), spanId: hex('ee'.repeat(8)), traceState: 'x=y', attributes: [{ key: 'l', value: { intValue: '7' } }], droppedAttributesCount: 6, flags: 0x101 }],
                  droppedLinksCount: 7,
                  status: { code: 2, message: 'boom' },
                },
                // Enums are int32: a negative kind (a 10-byte varint) and an unknown status code stay as numbers.
                { traceId: hex(TRACE_ID), spanId: hex('c1c2c3c4c5c6c7c8'), kind: -1, status: { code: 7 } },
              ],
            },
          ],
        },
      ],
    });
    const batch = decodeAll(body);
    expect(batch.spanCount).toBe(2);
    const [group] = batch.groups;
    expect(group!.resource).toStrictEqual({
      attributes: [{ key: 'service.name', value: { stringValue: 'edge' } }],
      droppedAttributesCount: 3,
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    });
    expect(group!.scope).toStrictEqual({
      name: 'scope',
      version: '9',
      attributes: [{ key: 'scope.attr', value: { boolValue: false } }],
      droppedAttributesCount: 1,
      schemaUrl: 'https://example.com/scope-schema',
    });
    expect(group!.spans[0]).toStrictEqual(
      span({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: 'b1b2b3b4b5b6b7b8',
        traceState: 'vendor=1',
        flags: 0x301,
        name: 'edge',
        kind: 5,
        startTimeUnixNano: 18446744073709551615n,
        endTimeUnixNano: 9223372036854775808n,
        attributes: [
          { key: 'bytes', value: { bytesValue: 'AP8Q' } },
          { key: 'no.bytes', value: { bytesValue: '' } },
          { key: 'map', value: { kvlistValue: { values: [{ key: 'min', value: { intValue: '-9223372036854775808' } }, { key: 'unset', value: {} }] } } },
          { key: 'nested', value: { arrayValue: { values: [{ arrayValue: { values: [{ doubleValue: 1.5 }, { intValue: '9223372036854775807' }] } }, {}] } } },
          { key: 'empty', value: {} },
          { key: 'no value', value: {} },
          { key: 'empty.string', value: { stringValue: '' } },
          { key: 'nan', value: { doubleValue: 'NaN' } },
          { key: 'inf', value: { doubleValue: 'Infinity' } },
          { key: '-inf', value: { doubleValue: '-Infinity' } },
          { key: '-0', value: { doubleValue: -0 } },
          { key: 'tiny', value: { doubleValue: 5e-324 } },
          { key: 'minus.one', value: { intValue: '-1' } },
          { key: 'unicode', value: { stringValue: '\uFEFFGrüße 🚀' } },
        ],
        droppedAttributesCount: 4294967295,
        events: [{ timeUnixNano: 9223372036854775809n, name: '', attributes: [], droppedAttributesCount: 2 }],
        droppedEventsCount: 5,
        links: [{ traceId: 'ff'.repeat(16), spanId: 'ee'.repeat(8), traceState: 'x=y', attributes: [{ key: 'l', value: { intValue: '7' } }], droppedAttributesCount: 6, flags: 0x101 }],
        droppedLinksCount: 7,
        statusCode: 2,
        statusMessage: 'boom',
      }),
    );
    expect(group!.spans[1]).toStrictEqual(span({ traceId: TRACE_ID, spanId: 'c1c2c3c4c5c6c7c8', kind: -1, statusCode: 7 }));
  });

  it('skipping unknown fields of every wire type at every level', () => {
    const any = concat(encodeOtlp('AnyValue', { stringValue: 'v' }), UNKNOWN_FIELDS);
    const kv = concat(UNKNOWN_FIELDS, encodeOtlp('KeyValue', { key: 'k' }), lenField(2, any));
    const event = concat(encodeOtlp('Span.Event', { timeUnixNano: '5', name: 'e' }), UNKNOWN_FIELDS, lenField(3, kv));
    const link = concat(UNKNOWN_FIELDS, encodeOtlp('Span.Link', { traceId: hex('11'.repeat(16)), spanId: hex('22'.repeat(8)) }), lenField(4, kv));
    const status = concat(UNKNOWN_FIELDS, encodeOtlp('Status', { code: 2, message: 'm' }));
    const spanBytes = concat(
      encodeOtlp('Span', { traceId: hex(TRACE_ID), spanId: hex(SPAN_ID), name: 's', startTimeUnixNano: '1', endTimeUnixNano: '2' }),
      UNKNOWN_FIELDS,
      lenField(9, kv),
      lenField(11, event),
      lenField(13, link),
      lenField(15, status),
    );
    const scope = concat(UNKNOWN_FIELDS, encodeOtlp('InstrumentationScope', { name: 'lib' }), lenField(3, kv));
    const scopeSpans = concat(lenField(1, scope), UNKNOWN_FIELDS, lenField(2, spanBytes));
    const resource = concat(encodeOtlp('Resource', { droppedAttributesCount: 1 }), UNKNOWN_FIELDS, lenField(1, kv));
    // Field 1000 of ResourceSpans is the deprecated InstrumentationLibrarySpans: skipped, spans and all.
    const resourceSpans = concat(UNKNOWN_FIELDS, lenField(1, resource), lenField(2, scopeSpans), lenField(1000, scopeSpans), UNKNOWN_FIELDS);
    const batch = decodeAll(concat(UNKNOWN_FIELDS, lenField(1, resourceSpans), UNKNOWN_FIELDS));

    const attributes = [{ key: 'k', value: { stringValue: 'v' } }];
    expect(batch).toStrictEqual({
      spanCount: 1,
      groups: [
        {
          resource: { attributes, droppedAttributesCount: 1, schemaUrl: '' },
          scope: { name: 'lib', version: '', attributes, droppedAttributesCount: 0, schemaUrl: '' },
          spans: [
            span({
              traceId: TRACE_ID,
              spanId: SPAN_ID,
              name: 's',
              startTimeUnixNano: 1n,
              endTimeUnixNano: 2n,
              attributes,
              events: [{ timeUnixNano: 5n, name: 'e', attributes, droppedAttributesCount: 0 }],
              links: [{ traceId: '11'.repeat(16), spanId: '22'.repeat(8), traceState: '', attributes, droppedAttributesCount: 0, flags: 0 }],
              statusCode: 2,
              statusMessage: 'm',
            }),
          ],
        },
      ],
    });
  });

  it('with fields in unusual order: ScopeSpans before their Resource, span fields reversed', () => {
    const fields: Record<string, unknown> = {
      traceId: hex(TRACE_ID),
      spanId: hex(SPAN_ID),
      name: 'reversed',
      kind: 3,
      startTimeUnixNano: '10',
      attributes: [{ key: 'a', value: { intValue: '1' } }, { key: 'b', value: { intValue: '2' } }],
      status: { code: 1 },
      flags: 1,
    };
    // Concatenated encodings merge, so one field per encoding, last field first, is a valid span.
    const reversedSpan = concat(...Object.entries(fields).reverse().map(([k, v]) => encodeOtlp('Span', { [k]: v })));
    const scopeSpans = (name: string) => lenField(2, concat(lenField(2, reversedSpan), lenField(1, encodeOtlp('InstrumentationScope', { name }))));
    const resourceSpans = concat(
      lenField(3, utf8('https://schema/first')),
      scopeSpans('one'),
      lenField(1, encodeOtlp('Resource', { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] })),
      scopeSpans('two'),
    );
    const batch = decodeAll(lenField(1, resourceSpans));
    expect(batch.groups.map((g) => g.scope.name)).toEqual(['one', 'two']);
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }], droppedAttributesCount: 0, schemaUrl: 'https://schema/first' };
    expect(batch.groups[0]!.resource).toStrictEqual(resource);
    expect(batch.groups[1]!.resource).toBe(batch.groups[0]!.resource); // one object per ResourceSpans
    expect(batch.groups[0]!.spans[0]).toStrictEqual(
      span({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        name: 'reversed',
        kind: 3,
        startTimeUnixNano: 10n,
        attributes: [{ key: 'a', value: { intValue: '1' } }, { key: 'b', value: { intValue: '2' } }],
        statusCode: 1,
        flags: 1,
      }),
    );
  });

  it('on repeated scalars and oneof members: the last one on the wire wins', () => {
    const value = concat(encodeOtlp('AnyValue', { stringValue: 'first' }), encodeOtlp('AnyValue', { intValue: '42' }));
    const kv = concat(encodeOtlp('KeyValue', { key: 'k' }), lenField(2, value));
    const spanBytes = concat(encodeOtlp('Span', { name: 'old', kind: 1 }), encodeOtlp('Span', { name: 'new', kind: 2 }), lenField(9, kv));
    const batch = decodeAll(lenField(1, lenField(2, lenField(2, spanBytes))));
    expect(batch.groups[0]!.spans[0]).toStrictEqual(span({ name: 'new', kind: 2, attributes: [{ key: 'k', value: { intValue: '42' } }] }));
  });

  // protobuf merges a non-repeated message field that occurs twice; protobufjs replaces it
  // instead (its generated decode assigns), so here only the hand decoder is checked.
  it('merging a message field that occurs twice (hand decoder only; protobufjs replaces)', () => {
    const resourceSpans = concat(
      lenField(1, encodeOtlp('Resource', { attributes: [{ key: 'a', value: { stringValue: '1' } }] })),
      lenField(1, encodeOtlp('Resource', { droppedAttributesCount: 3, attributes: [{ key: 'b', value: { stringValue: '2' } }] })),
      lenField(2, lenField(2, concat(lenField(15, encodeOtlp('Status', { message: 'm' })), lenField(15, encodeOtlp('Status', { code: 2 }))))),
    );
    const batch = decodeExportTraceRequest(lenField(1, resourceSpans));
    expect(batch.groups[0]!.resource).toStrictEqual({
      attributes: [{ key: 'a', value: { stringValue: '1' } }, { key: 'b', value: { stringValue: '2' } }],
      droppedAttributesCount: 3,
      schemaUrl: '',
    });
    expect(batch.groups[0]!.spans[0]).toMatchObject({ statusCode: 2, statusMessage: 'm' });
  });
});

const PROTOBUF_DIR = join(SHARED_FIXTURES, 'otlp-protobuf');
const JSON_DIR = join(SHARED_FIXTURES, 'otlp-json');
const absent = (dir: string) => (existsSync(dir) ? '' : ` (skipped: ${dir} is absent; it exists on the project machines)`);

/** The protobuf text format's `name: value` lines, in order, with \xHH escapes as hex (all the .protobuf-text fixture uses). */
function textFormatValues(text: string, name: string): string[] {
  const values: string[] = [];
  for (const m of text.matchAll(new RegExp(`^\\s*${name}: (?:"((?:[^"\\\\]|\\\\.)*)"|(\\d+))`, 'gm'))) {
    const quoted = m[1];
    if (quoted === undefined) values.push(m[2]!);
    else if (quoted.startsWith('\\x')) values.push(quoted.replace(/\\x/g, '').toLowerCase());
    else values.push(quoted);
  }
  return values;
}

describe.skipIf(!existsSync(PROTOBUF_DIR))(`decoders agree on the real protobuf files${absent(PROTOBUF_DIR)}`, () => {
  for (const file of sharedFixtureFiles('otlp-protobuf', '.protobuf-bin')) {
    it(basename(file), () => {
      const batch = decodeAll(readFileSync(file));
      expect(batch.spanCount).toBeGreaterThan(0);
      // The upstream text-format source of the binary is the expected decode result.
      const textFile = file.replace(/\.protobuf-bin$/, '.protobuf-text');
      if (!existsSync(textFile)) return;
      const text = readFileSync(textFile, 'utf8');
      const spans = batch.groups.flatMap((g) => g.spans);
      expect(spans.map((s) => s.traceId)).toEqual(textFormatValues(text, 'trace_id'));
      expect(spans.map((s) => s.spanId)).toEqual(textFormatValues(text, 'span_id'));
      expect(spans.map((s) => s.parentSpanId)).toEqual(textFormatValues(text, 'parent_span_id'));
      expect(spans.map((s) => s.startTimeUnixNano.toString())).toEqual(textFormatValues(text, 'start_time_unix_nano'));
      expect(spans.map((s) => s.endTimeUnixNano.toString())).toEqual(textFormatValues(text, 'end_time_unix_nano'));
      expect(spans.map((s) => String(s.kind))).toEqual(textFormatValues(text, 'kind'));
      const keys = batch.groups.flatMap((g) => [...g.resource.attributes, ...g.scope.attributes, ...g.spans.flatMap((s) => s.attributes)]);
      expect(keys.map((a) => a.key)).toEqual(textFormatValues(text, 'key'));
      expect(keys.map((a) => ('stringValue' in a.value ? a.value.stringValue : null))).toEqual(textFormatValues(text, 'string_value'));
    });
  }

  it.skipIf(!existsSync(join(JSON_DIR, 'otel-proto_trace.json')))('otel-proto_trace.protobuf-bin equals its JSON form', () => {
    const binary = decodeExportTraceRequest(readFileSync(join(PROTOBUF_DIR, 'otel-proto_trace.protobuf-bin')));
    expect(binary).toStrictEqual(parseOtlpJsonText(readFileSync(join(JSON_DIR, 'otel-proto_trace.json'), 'utf8')));
  });
});

// Span counts the fixtures README states, as a check independent of the decoders.
const README_SPAN_COUNTS: Record<string, number> = {
  'jaeger-ui_apiv3_getTrace-response.json': 40,
  'jaeger-ui_otlp2jaeger-multi-in-combined.json': 4,
  'jaeger-ui_otlp2jaeger-multi-in.jsonl': 4,
  'jaeger_apiv3_GetTrace.json': 1,
  'otel-proto_trace.json': 1,
  'otel-proto_trace_numeric-nanos_ca6170e.json': 1,
};

/** Each request in a fixture: one per line for NDJSON; the Jaeger API v3 `{"result": …}` envelope unwrapped. */
function fixtureRequests(file: string): { batch: DecodedBatch; raw: { resourceSpans?: { scopeSpans?: { spans?: Record<string, string>[] }[] }[] } }[] {
  const text = readFileSync(file, 'utf8');
  const texts = file.endsWith('.jsonl') ? text.split('\n').filter((line) => line.trim() !== '') : [text];
  return texts.map((t) => {
    const raw = JSON.parse(t);
    // The envelope is not OTLP (the decoder would see no resourceSpans); its files write 64-bit values as strings, so JSON.parse loses nothing.
    if (raw.result) return { batch: decodeOtlpJson(raw.result), raw: raw.result };
    return { batch: parseOtlpJsonText(t), raw };
  });
}

describe.skipIf(!existsSync(JSON_DIR))(`the real OTLP/JSON files${absent(JSON_DIR)}`, () => {
  const files = [...sharedFixtureFiles('otlp-json', '.json'), ...sharedFixtureFiles('otlp-json', '.jsonl')];
  for (const file of files) {
    it(`${basename(file)}: sane spans, a lossless JSON round trip, and the same batch through protobuf`, () => {
      let total = 0;
      for (const { batch, raw } of fixtureRequests(file)) {
        const rawSpans = (raw.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []));
        const spans = batch.groups.flatMap((g) => g.spans);
        expect(batch.spanCount).toBe(rawSpans.length);
        expect(spans).toHaveLength(rawSpans.length);
        spans.forEach((s, i) => {
          const r = rawSpans[i]!;
          expect(s.traceId).toMatch(/^([0-9a-f]{32})?$/);
          expect(s.spanId).toMatch(/^([0-9a-f]{16})?$/);
          expect(s.parentSpanId).toMatch(/^([0-9a-f]{16})?$/);
          expect([s.traceId, s.spanId, s.parentSpanId, s.name]).toEqual([
            (r.traceId ?? '').toLowerCase(),
            (r.spanId ?? '').toLowerCase(),
            (r.parentSpanId ?? '').toLowerCase(),
            r.name ?? '',
          ]);
        });
        total += batch.spanCount;
        expect(parseOtlpJsonText(JSON.stringify(groupsToOtlpJson(batch.groups)))).toStrictEqual(batch);
        expect(decodeAll(batchToProtobuf(batch))).toStrictEqual(batch);
      }
      expect(total).toBeGreaterThan(0);
      const stated = README_SPAN_COUNTS[basename(file)];
      if (stated !== undefined) expect(total).toBe(stated);
    });
  }
});

describe('malformed protobuf', () => {
  // Three ResourceSpans: cutting exactly between two is a valid shorter request.
  const parts = ['a', 'b', 'c'].map((service, i) =>
    lenField(
      1,
      encodeOtlp('ResourceSpans', {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'lib' },
            spans: [
              {
                traceId: hex(TRACE_ID),
                spanId: hex(`0${i + 1}`.repeat(8)),
                name: `span ${service}`,
                startTimeUnixNano: '1700000000000000000',
                attributes: [{ key: 'n', value: { doubleValue: 0.5 } }],
                events: [{ timeUnixNano: '1700000000000000001', name: 'ev' }],
                status: { code: 2, message: 'x' },
              },
            ],
          },
        ],
      }),
    ),
  );
  const body = concat(...parts);
  const boundaries = parts.reduce<number[]>((ends, part) => [...ends, ends.at(-1)! + part.length], [0]);

  it('truncated at every byte: a consistent prefix at the boundaries between ResourceSpans, a ProtobufError elsewhere', () => {
    const full = decodeAll(body);
    expect(full.spanCount).toBe(3);
    for (let cut = 0; cut <= body.length; cut++) {
      const prefix = body.subarray(0, cut);
      let batch: DecodedBatch | null = null;
      try {
        batch = decodeExportTraceRequest(prefix);
      } catch (error) {
        expect(error, `cut at ${cut}`).toBeInstanceOf(ProtobufError);
        expect((error as ProtobufError).offset).toBeLessThanOrEqual(cut);
      }
      const k = boundaries.indexOf(cut);
      if (k < 0) {
        expect(batch, `cut at ${cut} decoded`).toBeNull();
        expect(() => decodeWithProtobufjs(prefix), `protobufjs at ${cut}`).toThrow();
      } else {
        expect(batch).toStrictEqual({ groups: full.groups.slice(0, k), spanCount: k });
        expect(decodeWithProtobufjs(prefix)).toStrictEqual(batch);
      }
    }
  });

  it('random corruptions and random bytes: a batch or a ProtobufError, nothing else', () => {
    const rand = random(7);
    const sdkBody = ProtobufTraceSerializer.serializeRequest(makeSdkSpans('fuzz'))!;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      let input: Uint8Array;
      if (i % 3 === 2) {
        input = Uint8Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
      } else {
        input = Uint8Array.from(i % 3 === 0 ? body : sdkBody);
        for (let flips = 1 + Math.floor(rand() * 3); flips > 0; flips--) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      }
      try {
        decodeExportTraceRequest(input);
      } catch (error) {
        if (!(error instanceof ProtobufError)) throw new Error(`input ${i} (${Buffer.from(input).toString('hex')}) threw ${String(error)}`);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(100); // the corruptions did reach the error paths
  });

  // Parsers treat a field whose wire type does not match the schema as unknown. (protobufjs does
  // not check wire types, so it reads such fields as garbage: not compared here.)
  it('a known field with the wrong wire type is skipped as unknown', () => {
    const spanBytes = concat(
      tag(5, WIRE.VARINT), varint(7), // name, as a varint
      tag(1, WIRE.FIXED64), [1, 2, 3, 4, 5, 6, 7, 8], // trace_id, as fixed64
      tag(7, WIRE.VARINT), varint(99), // start_time_unix_nano, as a varint
      lenField(6, [1]), // kind, length-delimited
      tag(9, WIRE.FIXED32), [0, 0, 0, 0], // attributes, as fixed32
      encodeOtlp('Span', { spanId: hex(SPAN_ID), kind: 2 }),
    );
    const resourceSpans = concat(tag(1, WIRE.VARINT), varint(1), lenField(2, lenField(2, spanBytes))); // resource, as a varint
    const batch = decodeExportTraceRequest(lenField(1, resourceSpans));
    expect(batch).toStrictEqual({
      spanCount: 1,
      groups: [
        {
          resource: { attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
          scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
          spans: [span({ spanId: SPAN_ID, kind: 2 })],
        },
      ],
    });
  });

  const rejects: [string, Uint8Array, RegExp][] = [
    ['wire type 6', concat(tag(1, 6)), /unsupported wire type 6/],
    ['wire type 7 inside a span', lenField(1, lenField(2, lenField(2, tag(5, 7)))), /unsupported wire type 7/],
    // proto3 has no groups and OTLP never used them: refused rather than skipped.
    ['a start-group (wire type 3)', concat(tag(99, WIRE.START_GROUP), tag(99, WIRE.END_GROUP)), /unsupported wire type 3/],
    ['field number 0', concat(tag(0, WIRE.VARINT), [1]), /invalid field number 0/],
    ['a length past the end', concat(tag(1, WIRE.LEN), varint(10), [1, 2, 3]), /length 10 runs past the end/],
    ['a length of 2^32 - 1', concat(tag(1, WIRE.LEN), varint(0xffffffff), [0]), /length 4294967295 runs past the end/],
    ['a length varint of 11 bytes', concat(tag(1, WIRE.LEN), Array(10).fill(0xff), [1]), /varint longer than 10 bytes/],
    ['a truncated tag', Uint8Array.of(0x8a), /truncated varint/],
    ['a truncated fixed64 time', lenField(1, lenField(2, lenField(2, tag(7, WIRE.FIXED64), [1, 2, 3]))), /truncated fixed64/],
    ['a truncated double', lenField(1, lenField(2, lenField(2, lenField(9, lenField(2, tag(4, WIRE.FIXED64), [0, 0]))))), /truncated double/],
    // A nested length that fits in the buffer but not in its parent must not read the parent's siblings.
    ['a nested length past its parent', concat(tag(1, WIRE.LEN), varint(2), tag(2, WIRE.LEN), varint(5), UNKNOWN_FIELDS), /runs past the end of its message/],
    ['a string length past its span', lenField(1, lenField(2, concat(lenField(2, tag(5, WIRE.LEN), varint(3), utf8('ab')), utf8('cdef')))), /runs past the end/],
  ];
  it.each(rejects)('refuses %s with a ProtobufError naming the offset', (_name, input, message) => {
    expect(() => decodeExportTraceRequest(input)).toThrow(ProtobufError);
    expect(() => decodeExportTraceRequest(input)).toThrow(message);
    expect(() => decodeExportTraceRequest(input)).toThrow(/at byte \d+$/);
  });

  it('an empty body is an empty request', () => {
    expect(decodeAll(new Uint8Array())).toStrictEqual({ groups: [], spanCount: 0 });
  });
});

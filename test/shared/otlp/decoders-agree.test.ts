// The hand-written decoder (the receive path) and protobufjs over the same schema (the
// reference) must produce the same domain model, field by field, on SDK requests, on the edge
// cases the SDK cannot produce, and on real files.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { parseOtlpJsonText } from '../../../src/shared/otlp/json-decode';
import { decodeExportTraceRequest } from '../../../src/shared/otlp/protobuf-decode';
import { decodeWithProtobufjs, otlpRoot } from '../../../src/shared/otlp/protobufjs-decode';
import { buildRequests } from '../../../bench/support/workload';
import { makeSdkSpans } from '../../support/sdk-spans';
import { HAS_SHARED_FIXTURES, NO_SHARED_FIXTURES_REASON, sharedFixtureFiles } from '../../support/shared-fixtures';

const requestType = () => otlpRoot().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const bytes = (hex: string) => Buffer.from(hex, 'hex');

/** A request with everything the SDK never sends, encoded by protobufjs from the schema. */
function edgeCaseRequest(): Uint8Array {
  const type = requestType();
  const message = type.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'edge' } }], droppedAttributesCount: 3 },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeSpans: [
          {
            scope: { name: 'scope', version: '9', attributes: [{ key: 'scope.attr', value: { boolValue: false } }], droppedAttributesCount: 1 },
            schemaUrl: 'https://example.com/scope-schema',
            spans: [
              {
                traceId: bytes('0102030405060708090a0b0c0d0e0f10'),
                spanId: bytes('a1a2a3a4a5a6a7a8'),
                parentSpanId: bytes('b1b2b3b4b5b6b7b8'),
                traceState: 'vendor=1',
                flags: 0x301,
                name: 'edge',
                kind: 5,
                startTimeUnixNano: '18446744073709551615', // 2^64 - 1
                endTimeUnixNano: '9223372036854775808', // 2^63
                attributes: [
                  { key: 'bytes', value: { bytesValue: bytes('00ff10') } },
                  { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { intValue: '-9223372036854775808' } }] } } },
                  { key: 'nested', value: { arrayValue: { values: [{ arrayValue: { values: [{ doubleValue: 1.5 }] } }, {}] } } },
                  { key: 'empty', value: {} },
                  { key: 'nan', value: { doubleValue: Number.NaN } },
                  { key: 'inf', value: { doubleValue: Number.NEGATIVE_INFINITY } },
                  { key: 'unicode', value: { stringValue: 'Grüße 🚀' } },
                ],
                droppedAttributesCount: 4,
                events: [{ timeUnixNano: '1', name: '', attributes: [], droppedAttributesCount: 2 }],
                droppedEventsCount: 5,
                links: [{ traceId: bytes('ff'.repeat(16)), spanId: bytes('ee'.repeat(8)), traceState: 'x=y', attributes: [], droppedAttributesCount: 6, flags: 1 }],
                droppedLinksCount: 7,
                status: { code: 2, message: 'boom' },
              },
            ],
          },
        ],
      },
    ],
  });
  const encoded = type.encode(message).finish();
  // An unknown top-level field (number 15, varint 1) that both decoders must skip.
  return Uint8Array.from([...encoded, 0x78, 0x01]);
}

describe('decoders agree', () => {
  it('on requests made by the OpenTelemetry JS SDK', () => {
    const body = ProtobufTraceSerializer.serializeRequest(makeSdkSpans('agree'))!;
    expect(decodeExportTraceRequest(body)).toEqual(decodeWithProtobufjs(body));
  });

  it('on the benchmark workload', () => {
    for (const request of buildRequests(3, 512, 11)) expect(decodeExportTraceRequest(request.body)).toEqual(decodeWithProtobufjs(request.body));
  });

  it('on what the SDK never sends, with the values the schema says', () => {
    const body = edgeCaseRequest();
    const hand = decodeExportTraceRequest(body);
    expect(hand).toEqual(decodeWithProtobufjs(body));
    const [group] = hand.groups;
    const span = group!.spans[0]!;
    expect(group!.resource).toEqual({
      attributes: [{ key: 'service.name', value: { stringValue: 'edge' } }],
      droppedAttributesCount: 3,
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    });
    expect(group!.scope).toEqual({
      name: 'scope',
      version: '9',
      attributes: [{ key: 'scope.attr', value: { boolValue: false } }],
      droppedAttributesCount: 1,
      schemaUrl: 'https://example.com/scope-schema',
    });
    expect(span).toMatchObject({
      traceId: '0102030405060708090a0b0c0d0e0f10',
      spanId: 'a1a2a3a4a5a6a7a8',
      parentSpanId: 'b1b2b3b4b5b6b7b8',
      traceState: 'vendor=1',
      flags: 0x301,
      kind: 5,
      startTimeUnixNano: 18446744073709551615n,
      endTimeUnixNano: 9223372036854775808n,
      droppedAttributesCount: 4,
      droppedEventsCount: 5,
      droppedLinksCount: 7,
      statusCode: 2,
      statusMessage: 'boom',
    });
    expect(span.attributes.map((a) => a.value)).toEqual([
      { bytesValue: 'AP8Q' },
      { kvlistValue: { values: [{ key: 'inner', value: { intValue: '-9223372036854775808' } }] } },
      { arrayValue: { values: [{ arrayValue: { values: [{ doubleValue: 1.5 }] } }, {}] } },
      {},
      { doubleValue: 'NaN' },
      { doubleValue: '-Infinity' },
      { stringValue: 'Grüße 🚀' },
    ]);
    expect(span.events).toEqual([{ timeUnixNano: 1n, name: '', attributes: [], droppedAttributesCount: 2 }]);
    expect(span.links).toEqual([{ traceId: 'ff'.repeat(16), spanId: 'ee'.repeat(8), traceState: 'x=y', attributes: [], droppedAttributesCount: 6, flags: 1 }]);
  });

  it('when ScopeSpans come before their Resource on the wire', () => {
    const resourceSpans = otlpRoot().lookupType('opentelemetry.proto.trace.v1.ResourceSpans');
    const scopeFirst = Buffer.concat([
      Buffer.from(resourceSpans.encode(resourceSpans.fromObject({ scopeSpans: [{ spans: [{ traceId: bytes('11'.repeat(16)), spanId: bytes('22'.repeat(8)), name: 'x' }] }] })).finish()),
      Buffer.from(resourceSpans.encode(resourceSpans.fromObject({ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] } })).finish()),
    ]);
    // Both halves form one ResourceSpans: protobuf merges repeated occurrences of a message field.
    const body = Buffer.concat([Buffer.from([0x0a, scopeFirst.length]), scopeFirst]);
    const hand = decodeExportTraceRequest(body);
    expect(hand).toEqual(decodeWithProtobufjs(body));
    expect(hand.groups[0]!.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'late' } }]);
  });

  it('and both refuse a truncated request', () => {
    const body = ProtobufTraceSerializer.serializeRequest(makeSdkSpans('cut'))!;
    for (const cut of [1, 7, Math.floor(body.length / 2), body.length - 1]) {
      expect(() => decodeExportTraceRequest(body.subarray(0, cut)), `cut at ${cut}`).toThrow(/at byte \d+/);
      expect(() => decodeWithProtobufjs(body.subarray(0, cut)), `cut at ${cut}`).toThrow();
    }
  });
});

describe.skipIf(!HAS_SHARED_FIXTURES)(`decoders agree on real files${HAS_SHARED_FIXTURES ? '' : ` (${NO_SHARED_FIXTURES_REASON})`}`, () => {
  it.each(sharedFixtureFiles('otlp-protobuf', '.protobuf-bin').map((f) => [basename(f), f]))('%s', (_name, file) => {
    const body = readFileSync(file!);
    const hand = decodeExportTraceRequest(body);
    expect(hand).toEqual(decodeWithProtobufjs(body));
    expect(hand.spanCount).toBeGreaterThan(0);
  });

  it('the specification example in protobuf equals its JSON form', () => {
    const [binary] = sharedFixtureFiles('otlp-protobuf', '.protobuf-bin');
    const json = sharedFixtureFiles('otlp-json', '.json').find((f) => basename(f) === 'otel-proto_trace.json');
    expect(decodeExportTraceRequest(readFileSync(binary!))).toEqual(parseOtlpJsonText(readFileSync(json!, 'utf8')));
  });
});

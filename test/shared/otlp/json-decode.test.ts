// OTLP/JSON into the domain model: what json-decode.ts says it accepts (hex ids in any case,
// 64-bit integers as strings or bare numbers, enum numbers or names, snake_case names, unknown
// fields) and how it refuses the rest (an OtlpJsonError naming the field path).
import { describe, expect, it } from 'vitest';
import type { DecodedBatch, Span } from '../../../src/shared/model';
import { decodeOtlpJson, OtlpJsonError, parseOtlpJsonText } from '../../../src/shared/otlp/json-decode';
import { groupsToOtlpJson } from '../../../src/shared/otlp/json-encode';

/** A request with one span; `spanJson` is spliced in as text, so bare 64-bit numbers stay exact. */
function oneSpan(spanJson: string): string {
  return `{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[${spanJson}]}]}]}`;
}
const firstSpan = (batch: DecodedBatch): Span => batch.groups[0]!.spans[0]!;
const attribute = (valueJson: string) => firstSpan(parseOtlpJsonText(oneSpan(`{"attributes":[{"key":"k","value":${valueJson}}]}`))).attributes[0]!.value;
const SPAN = 'resourceSpans[0].scopeSpans[0].spans[0]';

/** The error a text is refused with: always an OtlpJsonError. */
function refusal(text: string): OtlpJsonError {
  try {
    parseOtlpJsonText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpJsonError);
    return error as OtlpJsonError;
  }
  throw new Error(`accepted: ${text}`);
}

describe('OTLP/JSON decoding', () => {
  it('decodes every span field, lowercasing hex ids written in uppercase', () => {
    const batch = parseOtlpJsonText(`{
      "resourceSpans": [{
        "resource": { "attributes": [{ "key": "service.name", "value": { "stringValue": "checkout" } }], "droppedAttributesCount": 2 },
        "schemaUrl": "https://opentelemetry.io/schemas/1.26.0",
        "scopeSpans": [{
          "scope": { "name": "lib", "version": "1.2", "attributes": [{ "key": "s", "value": { "boolValue": true } }], "droppedAttributesCount": 1 },
          "schemaUrl": "https://scope",
          "spans": [{
            "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174", "parentSpanId": "EEE19B7EC3C1B173",
            "traceState": "rojo=1", "flags": 769, "name": "GET /", "kind": 2,
            "startTimeUnixNano": "1544712660000000000", "endTimeUnixNano": "1544712661000000000",
            "attributes": [{ "key": "n", "value": { "intValue": "42" } }], "droppedAttributesCount": 3,
            "events": [{ "timeUnixNano": "1544712660500000000", "name": "ev", "attributes": [], "droppedAttributesCount": 4 }],
            "droppedEventsCount": 5,
            "links": [{ "traceId": "AABBCCDDEEFF00112233445566778899", "spanId": "0102030405060708", "traceState": "x=y", "attributes": [], "droppedAttributesCount": 6, "flags": 1 }],
            "droppedLinksCount": 7,
            "status": { "code": 2, "message": "boom" }
          }]
        }]
      }]
    }`);
    expect(batch).toStrictEqual({
      spanCount: 1,
      groups: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }], droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
          scope: { name: 'lib', version: '1.2', attributes: [{ key: 's', value: { boolValue: true } }], droppedAttributesCount: 1, schemaUrl: 'https://scope' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              parentSpanId: 'eee19b7ec3c1b173',
              traceState: 'rojo=1',
              flags: 769,
              name: 'GET /',
              kind: 2,
              startTimeUnixNano: 1544712660000000000n,
              endTimeUnixNano: 1544712661000000000n,
              attributes: [{ key: 'n', value: { intValue: '42' } }],
              droppedAttributesCount: 3,
              events: [{ timeUnixNano: 1544712660500000000n, name: 'ev', attributes: [], droppedAttributesCount: 4 }],
              droppedEventsCount: 5,
              links: [{ traceId: 'aabbccddeeff00112233445566778899', spanId: '0102030405060708', traceState: 'x=y', attributes: [], droppedAttributesCount: 6, flags: 1 }],
              droppedLinksCount: 7,
              statusCode: 2,
              statusMessage: 'boom',
            },
          ],
        },
      ],
    });
  });

  it('fills absent and null fields with their defaults', () => {
    expect(firstSpan(parseOtlpJsonText(oneSpan('{"name":null,"status":null,"attributes":null}')))).toStrictEqual({
      traceId: '', spanId: '', parentSpanId: '', traceState: '', flags: 0, name: '', kind: 0,
      startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: [], droppedAttributesCount: 0,
      events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, statusCode: 0, statusMessage: '',
    });
    expect(parseOtlpJsonText('{}')).toStrictEqual({ groups: [], spanCount: 0 });
  });

  it('keeps the groups and shares one resource object among the scopes of a ResourceSpans', () => {
    const batch = parseOtlpJsonText(`{"resourceSpans":[
      {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"scope":{"name":"x"},"spans":[{},{}]},{"scope":{"name":"y"},"spans":[{}]}]},
      {"scopeSpans":[{"spans":[{}]}]}]}`);
    expect(batch.spanCount).toBe(4);
    expect(batch.groups.map((g) => [g.scope.name, g.spans.length])).toEqual([['x', 2], ['y', 1], ['', 1]]);
    expect(batch.groups[1]!.resource).toBe(batch.groups[0]!.resource);
    expect(batch.groups[2]!.resource.attributes).toEqual([]);
  });

  describe('64-bit integers', () => {
    it('as strings, exactly, up to 2^64 - 1 for times and over the whole int64 range for intValue', () => {
      const span = firstSpan(parseOtlpJsonText(oneSpan('{"startTimeUnixNano":"18446744073709551615","endTimeUnixNano":"9007199254740993"}')));
      expect([span.startTimeUnixNano, span.endTimeUnixNano]).toEqual([18446744073709551615n, 9007199254740993n]);
      expect(attribute('{"intValue":"-9223372036854775808"}')).toEqual({ intValue: '-9223372036854775808' });
      expect(attribute('{"intValue":"9223372036854775807"}')).toEqual({ intValue: '9223372036854775807' });
    });

    it('as bare numbers beyond 2^53, without the precision JSON.parse would lose', () => {
      // 1544712660123456789 is not a double: JSON.parse alone would give ...456768.
      const span = firstSpan(
        parseOtlpJsonText(oneSpan('{"startTimeUnixNano": 1544712660123456789, "endTimeUnixNano":18446744073709551615 ,"events":[{"timeUnixNano":9007199254740993}]}')),
      );
      expect(span.startTimeUnixNano).toBe(1544712660123456789n);
      expect(span.endTimeUnixNano).toBe(18446744073709551615n);
      expect(span.events[0]!.timeUnixNano).toBe(9007199254740993n);
      expect(attribute('{"intValue": -9223372036854775807}')).toEqual({ intValue: '-9223372036854775807' });
      expect(attribute('{"arrayValue":{"values":[{"intValue":9007199254740993}]}}')).toEqual({ arrayValue: { values: [{ intValue: '9007199254740993' }] } });
      expect(attribute('{"intValue": 42}')).toEqual({ intValue: '42' });
    });

    it('leaves a key-like text inside a string value alone', () => {
      const text = '{"intValue": 12345678901234567890}';
      expect(attribute(JSON.stringify({ stringValue: text }))).toEqual({ stringValue: text });
    });
  });

  it('accepts enum numbers and names', () => {
    const decode = (kind: string, code: string) => {
      const span = firstSpan(parseOtlpJsonText(oneSpan(`{"kind":${kind},"status":{"code":${code}}}`)));
      return [span.kind, span.statusCode];
    };
    expect(decode('"SPAN_KIND_SERVER"', '"STATUS_CODE_ERROR"')).toEqual([2, 2]);
    expect(decode('"SPAN_KIND_CONSUMER"', '"STATUS_CODE_OK"')).toEqual([5, 1]);
    expect(decode('"SPAN_KIND_UNSPECIFIED"', '"STATUS_CODE_UNSET"')).toEqual([0, 0]);
    expect(decode('3', '1')).toEqual([3, 1]);
    // Open enums: unknown numbers within int32 are kept, as the protobuf decoder keeps them.
    expect(decode('9', '-1')).toEqual([9, -1]);
  });

  it('accepts snake_case field names, with the same result as camelCase', () => {
    const snake = `{"resource_spans":[{"resource":{"attributes":[{"key":"a","value":{"string_value":"s"}}],"dropped_attributes_count":1},"schema_url":"u",
      "scope_spans":[{"scope":{"name":"n","dropped_attributes_count":2},"schema_url":"v","spans":[{
        "trace_id":"0102030405060708090A0B0C0D0E0F10","span_id":"0102030405060708","parent_span_id":"1112131415161718","trace_state":"t=1",
        "start_time_unix_nano":1544712660123456789,"end_time_unix_nano":"2","dropped_attributes_count":3,"dropped_events_count":4,"dropped_links_count":5,
        "attributes":[{"key":"b","value":{"bool_value":true}},{"key":"i","value":{"int_value":9007199254740993}},{"key":"d","value":{"double_value":1.5}},
          {"key":"y","value":{"bytes_value":"AP8Q"}},{"key":"l","value":{"array_value":{"values":[{"kvlist_value":{"values":[{"key":"k","value":{"int_value":"1"}}]}}]}}}],
        "events":[{"time_unix_nano":"7","dropped_attributes_count":6}],
        "links":[{"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708","trace_state":"l=1","dropped_attributes_count":7}]}]}]}]}`;
    const camel = `{"resourceSpans":[{"resource":{"attributes":[{"key":"a","value":{"stringValue":"s"}}],"droppedAttributesCount":1},"schemaUrl":"u",
      "scopeSpans":[{"scope":{"name":"n","droppedAttributesCount":2},"schemaUrl":"v","spans":[{
        "traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","parentSpanId":"1112131415161718","traceState":"t=1",
        "startTimeUnixNano":"1544712660123456789","endTimeUnixNano":"2","droppedAttributesCount":3,"droppedEventsCount":4,"droppedLinksCount":5,
        "attributes":[{"key":"b","value":{"boolValue":true}},{"key":"i","value":{"intValue":"9007199254740993"}},{"key":"d","value":{"doubleValue":1.5}},
          {"key":"y","value":{"bytesValue":"AP8Q"}},{"key":"l","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"k","value":{"intValue":"1"}}]}}]}}}],
        "events":[{"timeUnixNano":"7","droppedAttributesCount":6}],
        "links":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","traceState":"l=1","droppedAttributesCount":7}]}]}]}]}`;
    const batch = parseOtlpJsonText(snake);
    expect(batch).toStrictEqual(parseOtlpJsonText(camel));
    expect(firstSpan(batch)).toMatchObject({ traceId: '0102030405060708090a0b0c0d0e0f10', startTimeUnixNano: 1544712660123456789n, droppedLinksCount: 5 });
  });

  it('ignores unknown fields at every level', () => {
    const batch = parseOtlpJsonText(`{"extra":1,"resourceSpans":[{"x":[1],"resource":{"entityRefs":[{"type":"service"}],"attributes":[{"key":"a","value":{"stringValue":"s"},"x":null}]},
      "scopeSpans":[{"x":{},"scope":{"name":"n","x":"?"},"spans":[{"name":"s","x":{"y":2},"events":[{"name":"e","x":true}],"status":{"code":1,"x":0}}]}]}]}`);
    expect(batch.groups[0]!.resource.attributes).toEqual([{ key: 'a', value: { stringValue: 's' } }]);
    expect(firstSpan(batch)).toMatchObject({ name: 's', statusCode: 1, events: [{ name: 'e', timeUnixNano: 0n, attributes: [], droppedAttributesCount: 0 }] });
  });

  describe('AnyValue', () => {
    it('in the OTLP/JSON shape the model keeps', () => {
      expect(attribute('{"stringValue":""}')).toEqual({ stringValue: '' });
      expect(attribute('{"boolValue":false}')).toEqual({ boolValue: false });
      expect(attribute('{"doubleValue":-2.5e-3}')).toEqual({ doubleValue: -0.0025 });
      expect(attribute('{"doubleValue":"1.5"}')).toEqual({ doubleValue: 1.5 });
      expect(attribute('{"bytesValue":"AP8Q"}')).toEqual({ bytesValue: 'AP8Q' });
      expect(attribute('{}')).toEqual({});
      expect(attribute('null')).toEqual({});
      expect(attribute('{"arrayValue":{}}')).toEqual({ arrayValue: { values: [] } });
      expect(attribute('{"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":{"values":[{},{"intValue":"1"}]}}},{"key":"b"}]}}')).toEqual({
        kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{}, { intValue: '1' }] } } }, { key: 'b', value: {} }] },
      });
      expect(firstSpan(parseOtlpJsonText(oneSpan('{"attributes":[{"key":"no value"}]}'))).attributes).toEqual([{ key: 'no value', value: {} }]);
    });

    it('non-finite doubles as the strings OTLP/JSON uses, also when a literal overflows to Infinity', () => {
      expect(attribute('{"doubleValue":"NaN"}')).toEqual({ doubleValue: 'NaN' });
      expect(attribute('{"doubleValue":"Infinity"}')).toEqual({ doubleValue: 'Infinity' });
      expect(attribute('{"doubleValue":"-Infinity"}')).toEqual({ doubleValue: '-Infinity' });
      expect(attribute('{"doubleValue":1e999}')).toEqual({ doubleValue: 'Infinity' });
      expect(attribute('{"doubleValue":-1e999}')).toEqual({ doubleValue: '-Infinity' });
    });

    it('survive a round trip through groupsToOtlpJson', () => {
      const text = oneSpan(`{"attributes":[${['{"doubleValue":1e999}', '{"doubleValue":"NaN"}', '{"intValue":-9223372036854775808}', '{"bytesValue":"AA=="}', '{}']
        .map((v, i) => `{"key":"${i}","value":${v}}`)
        .join(',')}]}`);
      const batch = parseOtlpJsonText(text);
      expect(parseOtlpJsonText(JSON.stringify(groupsToOtlpJson(batch.groups)))).toStrictEqual(batch);
    });
  });

  it('reads a negative dropped count (seen in real files) as 0', () => {
    expect(firstSpan(parseOtlpJsonText(oneSpan('{"droppedAttributesCount":-1,"events":[{"droppedAttributesCount":-1}]}')))).toMatchObject({
      droppedAttributesCount: 0,
      events: [{ droppedAttributesCount: 0 }],
    });
  });

  describe('refuses', () => {
    it('text that is not JSON', () => {
      for (const text of ['', '{', '{"resourceSpans":[]} x', "{'a':1}"]) {
        const error = refusal(text);
        expect(error.path).toBe('');
        expect(error.message).toMatch(/^invalid JSON \(/);
      }
    });

    it('a root that is not an object', () => {
      for (const root of [null, [], 42, 'x']) expect(() => decodeOtlpJson(root)).toThrow(/^expected an object/);
    });

    const cases: [string, string, string, RegExp][] = [
      ['resourceSpans not an array', '{"resourceSpans":{}}', 'resourceSpans', /expected an array, got an object/],
      ['a span that is not an object', oneSpan('{},7'), 'resourceSpans[0].scopeSpans[0].spans[1]', /expected an object, got 7/],
      ['a name that is a number', oneSpan('{"name":5}'), `${SPAN}.name`, /expected a string, got 5/],
      ['a trace id that is not a string', oneSpan('{"traceId":123}'), `${SPAN}.traceId`, /expected a string/],
      ['a negative time', oneSpan('{"startTimeUnixNano":"-1"}'), `${SPAN}.startTimeUnixNano`, /unsigned 64-bit/],
      ['a fractional time', oneSpan('{"endTimeUnixNano":1.5}'), `${SPAN}.endTimeUnixNano`, /unsigned 64-bit/],
      ['a time beyond 2^64 - 1', oneSpan('{"startTimeUnixNano":"18446744073709551616"}'), `${SPAN}.startTimeUnixNano`, /unsigned 64-bit/],
      ['a time beyond 64 bits in exponent notation', oneSpan('{"startTimeUnixNano":1e20}'), `${SPAN}.startTimeUnixNano`, /unsigned 64-bit/],
      ['an event time that is text', oneSpan('{"events":[{"timeUnixNano":"soon"}]}'), `${SPAN}.events[0].timeUnixNano`, /unsigned 64-bit/],
      ['events that are not an array', oneSpan('{"events":{}}'), `${SPAN}.events`, /expected an array/],
      ['flags beyond uint32', oneSpan('{"flags":4294967296}'), `${SPAN}.flags`, /unsigned 32-bit/],
      ['an unknown kind name', oneSpan('{"kind":"SERVER"}'), `${SPAN}.kind`, /expected one of SPAN_KIND_UNSPECIFIED/],
      ['a kind beyond int32', oneSpan('{"kind":4294967295}'), `${SPAN}.kind`, /expected one of/],
      ['an unknown status code name', oneSpan('{"status":{"code":"ERROR"}}'), `${SPAN}.status.code`, /expected one of STATUS_CODE_UNSET/],
      ['a status that is not an object', oneSpan('{"status":"ok"}'), `${SPAN}.status`, /expected an object/],
      ['an attribute that is not an object', oneSpan('{"attributes":[{"key":"a"},"b"]}'), `${SPAN}.attributes[1]`, /expected an object, got "b"/],
      ['a key that is not a string', oneSpan('{"attributes":[{"key":1}]}'), `${SPAN}.attributes[0].key`, /expected a string/],
      ['a fractional intValue', oneSpan('{"attributes":[{"key":"a","value":{"intValue":"1.5"}}]}'), `${SPAN}.attributes[0].value.intValue`, /signed 64-bit/],
      ['an intValue beyond int64', oneSpan('{"attributes":[{"key":"a","value":{"intValue":"9223372036854775808"}}]}'), `${SPAN}.attributes[0].value.intValue`, /signed 64-bit/],
      ['a bare intValue beyond int64', oneSpan('{"attributes":[{"key":"a","value":{"intValue":1e30}}]}'), `${SPAN}.attributes[0].value.intValue`, /signed 64-bit/],
      ['a boolValue that is text', oneSpan('{"attributes":[{"key":"a","value":{"boolValue":"true"}}]}'), `${SPAN}.attributes[0].value.boolValue`, /expected a boolean/],
      ['a doubleValue that is not a number', oneSpan('{"attributes":[{"key":"a","value":{"doubleValue":"fast"}}]}'), `${SPAN}.attributes[0].value.doubleValue`, /expected a number/],
      ['bytesValue that is not base64', oneSpan('{"attributes":[{"key":"a","value":{"bytesValue":"**"}}]}'), `${SPAN}.attributes[0].value.bytesValue`, /expected base64/],
      [
        'a bad value deep in a kvlist and an array',
        oneSpan('{"links":[{"attributes":[{"key":"a","value":{"kvlistValue":{"values":[{"key":"b","value":{"arrayValue":{"values":[{},{"intValue":true}]}}}]}}}]}]}'),
        `${SPAN}.links[0].attributes[0].value.kvlistValue.values[0].value.arrayValue.values[1].intValue`,
        /signed 64-bit/,
      ],
      ['a scope name that is not a string', '{"resourceSpans":[{"scopeSpans":[{"scope":{"name":[]}}]}]}', 'resourceSpans[0].scopeSpans[0].scope.name', /got an array/],
      ['a resource that is not an object', '{"resourceSpans":[{"resource":"r"}]}', 'resourceSpans[0].resource', /expected an object/],
    ];
    it.each(cases)('%s, naming the field path', (_name, text, path, problem) => {
      const error = refusal(text);
      expect(error.path).toBe(path);
      expect(error.message.startsWith(`${path}: `)).toBe(true);
      expect(error.message).toMatch(problem);
    });
  });
});

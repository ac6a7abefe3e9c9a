// The store's compact JSON keeps every attribute value type, event and link field exactly.
import { describe, expect, it } from 'vitest';
import { loadAttributes, loadEvents, loadLinks, storeAttributes, storeEvents, storeLinks } from '../../../src/main/store/stored-json';
import type { KeyValue } from '../../../src/shared/model';

const everyType: KeyValue[] = [
  { key: 'text', value: { stringValue: 'GET /orders' } },
  { key: 'empty-text', value: { stringValue: '' } },
  { key: 'yes', value: { boolValue: true } },
  { key: 'no', value: { boolValue: false } },
  { key: 'small', value: { intValue: '-42' } },
  { key: 'zero', value: { intValue: '0' } },
  { key: 'huge', value: { intValue: '9223372036854775807' } },
  { key: 'below-min-safe', value: { intValue: '-9007199254740993' } },
  { key: 'ratio', value: { doubleValue: 0.25 } },
  { key: 'whole-double', value: { doubleValue: 3 } },
  { key: 'nan', value: { doubleValue: 'NaN' } },
  { key: 'inf', value: { doubleValue: '-Infinity' } },
  { key: 'bytes', value: { bytesValue: 'AAEC/w==' } },
  { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { doubleValue: 1 }, {}] } } },
  { key: 'map', value: { kvlistValue: { values: [{ key: 'nested', value: { arrayValue: { values: [] } } }] } } },
  { key: 'unset', value: {} },
  { key: 'text', value: { stringValue: 'a duplicate key keeps its place' } },
];

describe('stored JSON', () => {
  it('round-trips attributes of every type, order and duplicates included', () => {
    expect(loadAttributes(storeAttributes(everyType))).toEqual(everyType);
    expect(loadAttributes(storeAttributes([]))).toEqual([]);
  });

  it('keeps ints and whole doubles apart', () => {
    const [int, double] = loadAttributes(storeAttributes([everyType[5]!, everyType[9]!]));
    expect(int!.value).toEqual({ intValue: '0' });
    expect(double!.value).toEqual({ doubleValue: 3 });
  });

  it('round-trips events and links', () => {
    const events = [
      { timeUnixNano: 18446744073709551615n, name: 'exception', attributes: everyType.slice(0, 3), droppedAttributesCount: 2 },
      { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 },
    ];
    expect(loadEvents(storeEvents(events))).toEqual(events);
    const links = [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceState: 'k=v', attributes: everyType.slice(4, 8), droppedAttributesCount: 1, flags: 0x301 }];
    expect(loadLinks(storeLinks(links))).toEqual(links);
  });

  it('is about half the size of OTLP/JSON for typical attributes', () => {
    const typical: KeyValue[] = [
      { key: 'http.request.method', value: { stringValue: 'GET' } },
      { key: 'http.route', value: { stringValue: '/api/orders/:id' } },
      { key: 'http.response.status_code', value: { intValue: '200' } },
    ];
    expect(storeAttributes(typical).length).toBeLessThan(JSON.stringify(typical).length * 0.6);
  });
});

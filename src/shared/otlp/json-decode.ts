// OTLP/JSON (the protobuf JSON mapping with the OTLP exceptions: hex ids, enums as integers)
// into the domain model. Lenient where the specification lets receivers be (int64 as string or
// number, enum names, snake_case field names, unknown fields ignored); strict about types, with
// an error that names the field path.
import { base64ToBytes } from '../encoding/base64';
import type {
  AnyValue,
  DecodedBatch,
  InstrumentationScope,
  KeyValue,
  Resource,
  Span,
  SpanEvent,
  SpanGroup,
  SpanLink,
} from '../model';

export class OtlpJsonError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'OtlpJsonError';
  }
}

// JSON.parse turns integers beyond 2^53 into imprecise doubles. OTLP/JSON allows 64-bit fields
// as bare numbers (the spec's own example once did this for timestamps), so such numbers are
// quoted before parsing when they follow one of the 64-bit keys. The look-behind skips keys
// that sit inside a string value (their quote is escaped).
const BIG_INT64_FIELD =
  /((?<!\\)"(?:startTimeUnixNano|endTimeUnixNano|timeUnixNano|intValue|start_time_unix_nano|end_time_unix_nano|time_unix_nano|int_value)"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g;

// The same for a Jaeger int64 tag (`{"key":…,"type":"int64","value":9007199254740993}`), whose
// value Jaeger's own JSON writes as a bare number; the importer reads the digits exactly.
const BIG_JAEGER_INT64_TAG = /((?<!\\)"type"\s*:\s*"int64"\s*,\s*"value"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g;

/** Parses OTLP/JSON text (an ExportTraceServiceRequest or TracesData) without losing 64-bit precision. */
export function parseOtlpJsonText(text: string): DecodedBatch {
  let root: unknown;
  try {
    root = parseJsonKeepingInt64(text);
  } catch (error) {
    throw new OtlpJsonError('', `invalid JSON (${(error as Error).message})`);
  }
  return decodeOtlpJson(root);
}

/** JSON.parse, with the OTLP 64-bit fields that are bare numbers beyond 2^53 read as exact strings. */
export function parseJsonKeepingInt64(text: string): unknown {
  return JSON.parse(text.replace(BIG_INT64_FIELD, '$1"$2"').replace(BIG_JAEGER_INT64_TAG, '$1"$2"'));
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(obj: Json, camel: string, snake: string): unknown {
  const value = obj[camel];
  return value === undefined ? obj[snake] : value;
}

function objectAt(value: unknown, path: string): Json {
  if (!isObject(value)) throw new OtlpJsonError(path, `expected an object, got ${describe(value)}`);
  return value;
}

function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpJsonError(path, `expected an array, got ${describe(value)}`);
  return value;
}

function stringAt(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new OtlpJsonError(path, `expected a string, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : String(value);
}

const UINT64_RE = /^\d+$/;
const INT64_RE = /^-?\d+$/;
const UINT64_MAX = (1n << 64n) - 1n;

// Bare numbers are range-checked like strings: 1e20 is an integer to JSON.parse, yet beyond 64 bits.
function uint64At(value: unknown, path: string): bigint {
  if (value === undefined || value === null) return 0n;
  const n = typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : typeof value === 'string' && UINT64_RE.test(value) ? BigInt(value) : -1n;
  if (n >= 0n && n <= UINT64_MAX) return n;
  throw new OtlpJsonError(path, `expected an unsigned 64-bit integer, got ${describe(value)}`);
}

function int64StringAt(value: unknown, path: string): string {
  const n = typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : typeof value === 'string' && INT64_RE.test(value) ? BigInt(value) : null;
  if (n !== null && n === BigInt.asIntN(64, n)) return n.toString();
  throw new OtlpJsonError(path, `expected a signed 64-bit integer, got ${describe(value)}`);
}

function uint32At(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  const n = typeof value === 'string' && UINT64_RE.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n;
  throw new OtlpJsonError(path, `expected an unsigned 32-bit integer, got ${describe(value)}`);
}

/** Told of every value the decoder repaired instead of refusing (the file importer reports them). */
export type RepairListener = (kind: string, path: string) => void;

export interface OtlpJsonOptions {
  /** Keep ids in the case the input has them (the importer lowercases them itself, with a note). */
  keepIdCase?: boolean;
  onRepair?: RepairListener;
}

// The options of the decodeOtlpJson call running now (decoding is synchronous), so that the
// leaf readers below need no extra parameter.
let current: OtlpJsonOptions = {};

// A dropped count is a uint32, but real files carry -1 (jaeger-ui's negative-counts fixture):
// a count of nothing known to be dropped is 0, and refusing the whole request would lose spans.
function droppedCountAt(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value < 0 && value >= -0x80000000) {
    current.onRepair?.('negative dropped count read as 0', path);
    return 0;
  }
  return uint32At(value, path);
}

// Enums are int32 (as the protobuf decoder reads them), so an unknown number in that range is kept.
function enumAt(value: unknown, path: string, names: readonly string[]): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) return value;
  if (typeof value === 'string') {
    const index = names.indexOf(value);
    if (index >= 0) return index;
  }
  throw new OtlpJsonError(path, `expected one of ${names.join(', ')} or its number, got ${describe(value)}`);
}

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

/** Ids are hex in OTLP/JSON; any case is accepted and lowercased. Validity (length, non-zero) is checked later, per span. */
function idAt(value: unknown, path: string): string {
  const text = stringAt(value, path);
  return current.keepIdCase ? text : text.toLowerCase();
}

export function decodeOtlpJson(root: unknown, options: OtlpJsonOptions = {}): DecodedBatch {
  const outer = current;
  current = options;
  try {
    return decodeRequest(root);
  } finally {
    current = outer;
  }
}

function decodeRequest(root: unknown): DecodedBatch {
  const request = objectAt(root, '');
  const groups: SpanGroup[] = [];
  let spanCount = 0;
  const resourceSpans = arrayAt(field(request, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  resourceSpans.forEach((rsValue, i) => {
    const path = `resourceSpans[${i}]`;
    const rs = objectAt(rsValue, path);
    const resource = decodeResource(field(rs, 'resource', 'resource'), `${path}.resource`);
    resource.schemaUrl = stringAt(field(rs, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`);
    arrayAt(field(rs, 'scopeSpans', 'scope_spans'), `${path}.scopeSpans`).forEach((ssValue, j) => {
      const ssPath = `${path}.scopeSpans[${j}]`;
      const ss = objectAt(ssValue, ssPath);
      const scope = decodeScope(ss.scope, `${ssPath}.scope`);
      scope.schemaUrl = stringAt(field(ss, 'schemaUrl', 'schema_url'), `${ssPath}.schemaUrl`);
      const spans = arrayAt(ss.spans, `${ssPath}.spans`).map((spanValue, k) => decodeSpan(spanValue, `${ssPath}.spans[${k}]`));
      spanCount += spans.length;
      groups.push({ resource, scope, spans });
    });
  });
  return { groups, spanCount };
}

function decodeResource(value: unknown, path: string): Resource {
  if (value === undefined || value === null) return { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const obj = objectAt(value, path);
  return {
    attributes: decodeAttributes(obj.attributes, `${path}.attributes`),
    droppedAttributesCount: droppedCountAt(field(obj, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    schemaUrl: '',
  };
}

function decodeScope(value: unknown, path: string): InstrumentationScope {
  const scope: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  if (value === undefined || value === null) return scope;
  const obj = objectAt(value, path);
  scope.name = stringAt(obj.name, `${path}.name`);
  scope.version = stringAt(obj.version, `${path}.version`);
  scope.attributes = decodeAttributes(obj.attributes, `${path}.attributes`);
  scope.droppedAttributesCount = droppedCountAt(field(obj, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`);
  return scope;
}

function decodeSpan(value: unknown, path: string): Span {
  const obj = objectAt(value, path);
  const status = field(obj, 'status', 'status');
  const statusObj = status === undefined || status === null ? {} : objectAt(status, `${path}.status`);
  return {
    traceId: idAt(field(obj, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: idAt(field(obj, 'spanId', 'span_id'), `${path}.spanId`),
    parentSpanId: idAt(field(obj, 'parentSpanId', 'parent_span_id'), `${path}.parentSpanId`),
    traceState: stringAt(field(obj, 'traceState', 'trace_state'), `${path}.traceState`),
    flags: uint32At(obj.flags, `${path}.flags`),
    name: stringAt(obj.name, `${path}.name`),
    kind: enumAt(obj.kind, `${path}.kind`, SPAN_KIND_NAMES),
    startTimeUnixNano: uint64At(field(obj, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: uint64At(field(obj, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: decodeAttributes(obj.attributes, `${path}.attributes`),
    droppedAttributesCount: droppedCountAt(field(obj, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    events: arrayAt(obj.events, `${path}.events`).map((e, i) => decodeEvent(e, `${path}.events[${i}]`)),
    droppedEventsCount: droppedCountAt(field(obj, 'droppedEventsCount', 'dropped_events_count'), `${path}.droppedEventsCount`),
    links: arrayAt(obj.links, `${path}.links`).map((l, i) => decodeLink(l, `${path}.links[${i}]`)),
    droppedLinksCount: droppedCountAt(field(obj, 'droppedLinksCount', 'dropped_links_count'), `${path}.droppedLinksCount`),
    statusCode: enumAt(statusObj.code, `${path}.status.code`, STATUS_CODE_NAMES),
    statusMessage: stringAt(statusObj.message, `${path}.status.message`),
  };
}

function decodeEvent(value: unknown, path: string): SpanEvent {
  const obj = objectAt(value, path);
  return {
    timeUnixNano: uint64At(field(obj, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    name: stringAt(obj.name, `${path}.name`),
    attributes: decodeAttributes(obj.attributes, `${path}.attributes`),
    droppedAttributesCount: droppedCountAt(field(obj, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

function decodeLink(value: unknown, path: string): SpanLink {
  const obj = objectAt(value, path);
  return {
    traceId: idAt(field(obj, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: idAt(field(obj, 'spanId', 'span_id'), `${path}.spanId`),
    traceState: stringAt(field(obj, 'traceState', 'trace_state'), `${path}.traceState`),
    attributes: decodeAttributes(obj.attributes, `${path}.attributes`),
    droppedAttributesCount: droppedCountAt(field(obj, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    flags: uint32At(obj.flags, `${path}.flags`),
  };
}

function decodeAttributes(value: unknown, path: string): KeyValue[] {
  return arrayAt(value, path).map((kv, i) => decodeKeyValue(kv, `${path}[${i}]`));
}

function decodeKeyValue(value: unknown, path: string): KeyValue {
  const obj = objectAt(value, path);
  return { key: stringAt(obj.key, `${path}.key`), value: decodeAnyValue(obj.value, `${path}.value`) };
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

export function decodeAnyValue(value: unknown, path: string): AnyValue {
  if (value === undefined || value === null) return {};
  const obj = objectAt(value, path);
  if ('stringValue' in obj || 'string_value' in obj) return { stringValue: stringAt(field(obj, 'stringValue', 'string_value'), `${path}.stringValue`) };
  if ('boolValue' in obj || 'bool_value' in obj) {
    const b = field(obj, 'boolValue', 'bool_value');
    if (typeof b !== 'boolean') throw new OtlpJsonError(`${path}.boolValue`, `expected a boolean, got ${describe(b)}`);
    return { boolValue: b };
  }
  if ('intValue' in obj || 'int_value' in obj) return { intValue: int64StringAt(field(obj, 'intValue', 'int_value'), `${path}.intValue`) };
  if ('doubleValue' in obj || 'double_value' in obj) {
    const d = field(obj, 'doubleValue', 'double_value');
    // A literal like 1e999 parses to Infinity: the model spells non-finite doubles as strings.
    if (typeof d === 'number') return { doubleValue: Number.isFinite(d) ? d : d > 0 ? 'Infinity' : '-Infinity' };
    if (typeof d === 'string' && NON_FINITE.has(d)) return { doubleValue: d as 'NaN' | 'Infinity' | '-Infinity' };
    if (typeof d === 'string' && d.trim() !== '' && Number.isFinite(Number(d))) return { doubleValue: Number(d) };
    throw new OtlpJsonError(`${path}.doubleValue`, `expected a number, got ${describe(d)}`);
  }
  if ('bytesValue' in obj || 'bytes_value' in obj) {
    const text = stringAt(field(obj, 'bytesValue', 'bytes_value'), `${path}.bytesValue`);
    try {
      base64ToBytes(text);
    } catch {
      throw new OtlpJsonError(`${path}.bytesValue`, 'expected base64');
    }
    return { bytesValue: text };
  }
  if ('arrayValue' in obj || 'array_value' in obj) {
    const arr = field(obj, 'arrayValue', 'array_value');
    const values = arr === null || arr === undefined ? [] : arrayAt(objectAt(arr, `${path}.arrayValue`).values, `${path}.arrayValue.values`);
    return { arrayValue: { values: values.map((v, i) => decodeAnyValue(v, `${path}.arrayValue.values[${i}]`)) } };
  }
  if ('kvlistValue' in obj || 'kvlist_value' in obj) {
    const list = field(obj, 'kvlistValue', 'kvlist_value');
    const values = list === null || list === undefined ? [] : arrayAt(objectAt(list, `${path}.kvlistValue`).values, `${path}.kvlistValue.values`);
    return { kvlistValue: { values: values.map((v, i) => decodeKeyValue(v, `${path}.kvlistValue.values[${i}]`)) } };
  }
  return {};
}

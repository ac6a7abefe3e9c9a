// Jaeger JSON files in the model: the UI's "Download trace JSON" and the query API's
// `/api/traces` response (`{"data": [{traceID, spans, processes, warnings}]}`), a single trace
// object, a bare span array with a `process` per span (the anonymizer's output), and the
// domain / jsonpb form of the gRPC gateway (base64 ids, RFC 3339 times, "5000ns" durations,
// `vType`/`vStr` tags). The mapping follows the OpenTelemetry Collector's Jaeger translator:
// - the process becomes the resource (serviceName -> service.name, its tags -> attributes);
// - tags `span.kind`, `otel.status_code` / `otel.status_description` (or `error`),
//   `otel.scope.name` / `otel.scope.version` (or `otel.library.*`) and `w3c.tracestate` become the
//   span's kind, status, scope and trace state;
// - the first CHILD_OF reference within the trace (else the first FOLLOWS_FROM) is the parent,
//   every other reference a link with `opentracing.ref_type`;
// - logs are events, named by their `event` field; span warnings are kept as `jaeger.warnings`.
import { base64ToBytes } from '../encoding/base64';
import { bytesToHex } from '../encoding/hex';
import type { AnyValue, DecodedBatch, InstrumentationScope, KeyValue, Resource, Span, SpanEvent, SpanGroup, SpanLink } from '../model';
import { SpanKind, StatusCode } from '../model';
import { ImportError, type ImportNotes, type ImportOptions } from './import-report';
import { keepSpansWithIds } from './span-ids';
import { microsToNs, parseDurationNs, parseRfc3339Ns } from './time-text';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const isJaegerSpan = (value: unknown): boolean =>
  isObject(value) && ('spanID' in value || ('spanId' in value && 'operationName' in value));

/** A Jaeger API response, a trace object or a span array. */
export function isJaegerJson(root: unknown): boolean {
  if (Array.isArray(root)) return isJaegerSpan(root[0]);
  if (!isObject(root)) return false;
  if (Array.isArray(root.data)) return root.data.length === 0 ? 'total' in root || 'errors' in root : isObject(root.data[0]) && Array.isArray(root.data[0].spans);
  return Array.isArray(root.spans) && (root.spans.length === 0 ? 'traceID' in root || 'processes' in root : isJaegerSpan(root.spans[0]));
}

/** The traces of a Jaeger document; `where` prefixes every path in notes and errors. */
export function importFromJaegerJson(root: unknown, notes: ImportNotes, { where = '', firstIndex = 0 }: ImportOptions = {}): DecodedBatch {
  const at = (path: string) => [where, path].filter(Boolean).join(' ');
  if (!isJaegerJson(root)) throw new ImportError(where, 'not Jaeger JSON (no "data" traces, "spans" or span array)');
  // [trace, its path, how its spans are named]; a top-level span array is one trace-like group.
  const traces: [Json, string, (i: number) => string][] = [];
  if (Array.isArray(root)) traces.push([{ spans: root }, '', (i) => `[${firstIndex + i}]`]);
  else if (Array.isArray((root as Json).data)) {
    const response = root as Json;
    for (const error of Array.isArray(response.errors) ? response.errors : []) notes.warn(`the file reports an error: ${JSON.stringify(error)}`);
    (response.data as unknown[]).forEach((trace, i) => {
      if (!isObject(trace)) throw new ImportError(at(`data[${firstIndex + i}]`), 'expected a trace object');
      traces.push([trace, `data[${firstIndex + i}]`, (k) => `spans[${k}]`]);
    });
  } else traces.push([root as Json, '', (k) => `spans[${k}]`]);

  const out = new Converter(notes);
  for (const [trace, path, spanPath] of traces) out.trace(trace, path === '' ? (p) => at(p) : (p) => at(`${path}.${p}`), spanPath);
  return keepSpansWithIds(out.batch(), notes, (group, span) => out.pathOf(group, span));
}

interface Process {
  serviceName: string;
  tags: KeyValue[];
  /** Equal processes of different traces share a resource: their text, made once per process. */
  key?: string;
}

class Converter {
  private readonly groups: SpanGroup[] = [];
  private readonly paths: string[][] = [];
  private readonly groupIndex = new Map<string, number>();
  private spanCount = 0;

  constructor(private readonly notes: ImportNotes) {}

  trace(trace: Json, at: (path: string) => string, spanPath: (index: number) => string): void {
    for (const warning of stringList(trace.warnings)) {
      this.notes.warn(typeof trace.traceID === 'string' ? `trace ${trace.traceID}: ${warning}` : `the file warns: ${warning}`);
    }
    const processes = new Map<string, Process>();
    if (isObject(trace.processes)) {
      for (const [id, process] of Object.entries(trace.processes)) processes.set(id, this.process(process, at(`processes.${id}`)));
    }
    if (Array.isArray(trace.processMap)) {
      trace.processMap.forEach((entry, i) => {
        if (isObject(entry)) processes.set(String(entry.processId ?? entry.processID ?? ''), this.process(entry.process, at(`processMap[${i}].process`)));
      });
    }
    if (!Array.isArray(trace.spans)) throw new ImportError(at('spans'), 'expected an array of spans');
    trace.spans.forEach((value, i) => {
      const path = at(spanPath(i));
      if (!isObject(value)) throw new ImportError(path, 'expected a span object');
      const processId = String(value.processID ?? value.processId ?? '');
      let process = processes.get(processId);
      if (value.process !== undefined) process = this.process(value.process, `${path}.process`);
      if (!process) {
        this.notes.repair('span without a known process: service unknown', path);
        process = { serviceName: '', tags: [] };
      }
      this.span(value, process, path);
    });
  }

  private process(value: unknown, path: string): Process {
    if (!isObject(value)) throw new ImportError(path, 'expected a process object');
    return { serviceName: typeof value.serviceName === 'string' ? value.serviceName : '', tags: tags(value.tags, `${path}.tags`, this.notes) };
  }

  private span(value: Json, process: Process, path: string): void {
    const domain = 'spanId' in value && !('spanID' in value);
    const id = (text: unknown, field: string) => (domain ? base64Id(text, `${path}.${field}`) : stringOr(text, ''));
    const traceId = id(value.traceID ?? value.traceId, 'traceId');
    const attributes = tags(value.tags, `${path}.tags`, this.notes);
    const take = (...keys: string[]): AnyValue | undefined => {
      for (const key of keys) {
        const index = attributes.findIndex((a) => a.key === key);
        if (index >= 0) return attributes.splice(index, 1)[0]!.value;
      }
      return undefined;
    };
    const kind = kindOf(textOf(take('span.kind')));
    const scopeName = textOf(take('otel.scope.name', 'otel.library.name')) ?? '';
    const scopeVersion = textOf(take('otel.scope.version', 'otel.library.version')) ?? '';
    const traceState = textOf(take('w3c.tracestate')) ?? '';
    let statusCode: number = StatusCode.UNSET;
    const statusMessage = textOf(take('otel.status_description')) ?? '';
    const otelStatus = textOf(take('otel.status_code'));
    // `error` = true says the same as an ERROR status (the Collector writes both): it is read as
    // the status, and dropped unless an OK status contradicts it.
    const errorIndex = attributes.findIndex((a) => a.key === 'error');
    const error = errorIndex >= 0 ? attributes[errorIndex]!.value : undefined;
    const errorTag = error !== undefined && (('boolValue' in error && error.boolValue) || ('stringValue' in error && error.stringValue === 'true'));
    if (otelStatus === 'OK') statusCode = StatusCode.OK;
    else if (otelStatus === 'ERROR' || errorTag) {
      statusCode = StatusCode.ERROR;
      if (errorTag) attributes.splice(errorIndex, 1);
    }

    const start = domain ? timeText(value.startTime, `${path}.startTime`) : microsToNs(value.startTime, `${path}.startTime`);
    const duration = domain ? durationText(value.duration, `${path}.duration`) : microsToNs(value.duration, `${path}.duration`);
    if (value.duration === undefined || value.duration === null) this.notes.repair('span without a duration: it ends where it starts', path);

    let parentSpanId = '';
    const links: SpanLink[] = [];
    const references = Array.isArray(value.references) ? value.references : [];
    const refs = references.map((ref, i) => {
      const refPath = `${path}.references[${i}]`;
      if (!isObject(ref)) throw new ImportError(refPath, 'expected a reference object');
      const type = ref.refType === 'FOLLOWS_FROM' || ref.refType === 1 ? 'follows_from' : 'child_of';
      return { type, traceId: id(ref.traceID ?? ref.traceId, `references[${i}].traceId`), spanId: id(ref.spanID ?? ref.spanId, `references[${i}].spanId`) };
    });
    const parent = refs.find((r) => r.type === 'child_of' && r.traceId === traceId) ?? refs.find((r) => r.type === 'follows_from' && r.traceId === traceId);
    if (parent) parentSpanId = parent.spanId;
    for (const ref of refs) {
      if (ref === parent) continue;
      links.push({
        traceId: ref.traceId,
        spanId: ref.spanId,
        traceState: '',
        attributes: [{ key: 'opentracing.ref_type', value: { stringValue: ref.type } }],
        droppedAttributesCount: 0,
        flags: 0,
      });
    }
    const warnings = stringList(value.warnings);
    if (warnings.length > 0) attributes.push({ key: 'jaeger.warnings', value: { arrayValue: { values: warnings.map((w) => ({ stringValue: w })) } } });

    const span: Span = {
      traceId,
      spanId: id(value.spanID ?? value.spanId, 'spanId'),
      parentSpanId,
      traceState,
      flags: typeof value.flags === 'number' ? value.flags & 0x1 : 0,
      name: stringOr(value.operationName, ''),
      kind,
      startTimeUnixNano: start,
      endTimeUnixNano: start === 0n ? 0n : start + duration,
      attributes,
      droppedAttributesCount: 0,
      events: (Array.isArray(value.logs) ? value.logs : []).map((log, i) => this.event(log, `${path}.logs[${i}]`, domain)),
      droppedEventsCount: 0,
      links,
      droppedLinksCount: 0,
      statusCode,
      statusMessage,
    };
    const scope: InstrumentationScope = { name: scopeName, version: scopeVersion, attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
    this.add(process, scope, span, path);
  }

  private event(log: unknown, path: string, domain: boolean): SpanEvent {
    if (!isObject(log)) throw new ImportError(path, 'expected a log object');
    const attributes = tags(log.fields, `${path}.fields`, this.notes);
    const nameIndex = attributes.findIndex((a) => a.key === 'event' && 'stringValue' in a.value);
    const name = nameIndex >= 0 ? (attributes.splice(nameIndex, 1)[0]!.value as { stringValue: string }).stringValue : '';
    return {
      timeUnixNano: domain ? timeText(log.timestamp, `${path}.timestamp`) : microsToNs(log.timestamp, `${path}.timestamp`),
      name,
      attributes,
      droppedAttributesCount: 0,
    };
  }

  private add(process: Process, scope: InstrumentationScope, span: Span, path: string): void {
    process.key ??= JSON.stringify([process.serviceName, process.tags]);
    const key = `${process.key}\u0000${scope.name}\u0000${scope.version}`;
    let index = this.groupIndex.get(key);
    if (index === undefined) {
      index = this.groups.length;
      this.groupIndex.set(key, index);
      const resource: Resource = {
        attributes: [
          ...(process.serviceName !== '' ? [{ key: 'service.name', value: { stringValue: process.serviceName } }] : []),
          ...process.tags.filter((t) => t.key !== 'service.name'),
        ],
        droppedAttributesCount: 0,
        schemaUrl: '',
      };
      this.groups.push({ resource, scope, spans: [] });
      this.paths.push([]);
    }
    this.groups[index]!.spans.push(span);
    this.paths[index]!.push(path);
    this.spanCount++;
  }

  batch(): DecodedBatch {
    return { groups: this.groups, spanCount: this.spanCount };
  }

  pathOf(group: number, span: number): string {
    return this.paths[group]![span]!;
  }
}

const KINDS: Record<string, number> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

function kindOf(text: string | undefined): number {
  return text === undefined ? SpanKind.UNSPECIFIED : (KINDS[text.toLowerCase()] ?? SpanKind.UNSPECIFIED);
}

function textOf(value: AnyValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return value.intValue;
  if ('boolValue' in value) return String(value.boolValue);
  return undefined;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
}


function timeText(value: unknown, path: string): bigint {
  if (value === undefined || value === null) return 0n;
  const ns = typeof value === 'string' ? parseRfc3339Ns(value) : null;
  if (ns === null) throw new ImportError(path, `expected an RFC 3339 time, got ${JSON.stringify(value)}`);
  return ns;
}

function durationText(value: unknown, path: string): bigint {
  if (value === undefined || value === null) return 0n;
  const ns = typeof value === 'string' ? parseDurationNs(value) : null;
  if (ns === null) throw new ImportError(path, `expected a duration such as "5000ns" or "1.5s", got ${JSON.stringify(value)}`);
  return ns;
}

function base64Id(value: unknown, path: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new ImportError(path, `expected a base64 id, got ${JSON.stringify(value)}`);
  try {
    return bytesToHex(base64ToBytes(value));
  } catch {
    throw new ImportError(path, `expected a base64 id, got ${JSON.stringify(value)}`);
  }
}

/** Jaeger tags (`{key, type, value}` or jsonpb `{key, vType, vStr, ...}`) as attributes. */
function tags(value: unknown, path: string, notes: ImportNotes): KeyValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ImportError(path, 'expected an array of tags');
  return value.map((tag, i) => {
    const tagPath = `${path}[${i}]`;
    if (!isObject(tag) || typeof tag.key !== 'string') throw new ImportError(tagPath, 'expected a tag with a "key"');
    return { key: tag.key, value: tagValue(tag, tagPath, notes) };
  });
}

function tagValue(tag: Json, path: string, notes: ImportNotes): AnyValue {
  const jsonpb = !('value' in tag) && ('vType' in tag || 'vStr' in tag || 'vBool' in tag || 'vInt64' in tag || 'vFloat64' in tag || 'vBinary' in tag);
  const type = String((jsonpb ? tag.vType : tag.type) ?? 'string').toLowerCase();
  const raw = jsonpb ? tag[{ string: 'vStr', bool: 'vBool', int64: 'vInt64', float64: 'vFloat64', binary: 'vBinary' }[type] ?? 'vStr'] : tag.value;
  switch (type) {
    case 'string':
      return { stringValue: raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw) };
    case 'bool':
      if (typeof raw === 'boolean') return { boolValue: raw };
      if (raw === 'true' || raw === 'false') {
        notes.repair('bool tag written as a string read as a bool', path);
        return { boolValue: raw === 'true' };
      }
      break;
    case 'int64':
      if (typeof raw === 'number' && Number.isInteger(raw)) return { intValue: String(raw) };
      if (typeof raw === 'string' && /^-?\d+$/.test(raw) && BigInt(raw) === BigInt.asIntN(64, BigInt(raw))) return { intValue: BigInt(raw).toString() };
      if (raw === undefined) return { intValue: '0' };
      break;
    case 'float64':
      if (typeof raw === 'number') return { doubleValue: raw };
      if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return { doubleValue: Number(raw) };
      if (raw === undefined) return { doubleValue: 0 };
      break;
    case 'binary':
      if (typeof raw === 'string') {
        try {
          base64ToBytes(raw);
          return { bytesValue: raw };
        } catch {
          break;
        }
      }
      break;
    default:
      notes.repair(`tag of unknown type "${type}" kept as text`, path);
      return { stringValue: typeof raw === 'string' ? raw : JSON.stringify(raw) };
  }
  throw new ImportError(path, `a ${type} tag with the value ${JSON.stringify(raw)}`);
}

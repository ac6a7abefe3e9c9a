// Reads a trace file of any supported format as its bytes stream in, and gives back its spans in
// the model a chunk at a time. The format comes from the content (the extension is only a hint):
// JSON starts with "{" or "[", anything else is read as OTLP protobuf. JSON is split into units
// (./json-units.ts); the big arrays (OTLP resourceSpans, Jaeger data, a top-level span array)
// are converted CHUNK_ELEMENTS elements at a time, everything else once its document ends.
// Decompression is the caller's (gzip needs a platform API).
import { parseJsonKeepingInt64 } from '../otlp/json-decode';
import { decodeExportTraceRequest, ProtobufError } from '../otlp/protobuf-decode';
import type { DecodedBatch } from '../model';
import { ImportError, type ImportNotes } from './import-report';
import { JsonUnitSplitter, LINE_ENDS_INSIDE_VALUE, type JsonDocumentEnd, type JsonEvent, type JsonLine, type JsonUnit } from './json-units';
import { keepSpansWithIds } from './span-ids';
import { detectJsonImporter, importerByFormat, type JsonImporter, type TraceFileFormat } from './importers';

/** Elements converted together: enough to amortize the per-call work, few enough to bound memory. */
const CHUNK_ELEMENTS = 256;
/**
 * ...and at most about this much of their JSON text. Jaeger traces are elements: 256 of them
 * (~5,000 spans in the benchmark's file) were alive together long enough to be promoted out of
 * V8's young generation, and collecting them took a quarter of the import.
 */
const CHUNK_TEXT = 512 * 1024;

export interface TraceFileReader {
  /** The format, once the first bytes have told it. */
  readonly format: TraceFileFormat | null;
  push(chunk: Uint8Array): DecodedBatch[];
  /** The rest, at the end of the file; throws when the file is incomplete. */
  end(): DecodedBatch[];
}

export function createTraceFileReader(notes: ImportNotes): TraceFileReader {
  return new SniffingReader(notes);
}

class SniffingReader implements TraceFileReader {
  private inner: TraceFileReader | null = null;

  constructor(private readonly notes: ImportNotes) {}

  get format(): TraceFileFormat | null {
    return this.inner?.format ?? null;
  }

  /** Leading chunks of only whitespace (or a byte order mark), held until a byte decides. */
  private held: Uint8Array[] = [];
  private seen = 0;

  push(chunk: Uint8Array): DecodedBatch[] {
    if (!this.inner) {
      let i = 0;
      for (; i < chunk.length; i++, this.seen++) {
        const b = chunk[i]!;
        const bom = this.seen < 3 && b === [0xef, 0xbb, 0xbf][this.seen];
        if (!bom && b !== 32 && b !== 10 && b !== 13 && b !== 9) break;
      }
      if (i === chunk.length) {
        this.held.push(chunk);
        return [];
      }
      // (A protobuf message starts with 0x0a, a newline: the byte after the blank run decides.)
      this.inner = chunk[i] === 123 || chunk[i] === 91 ? new JsonReader(this.notes) : new ProtobufFileReader(this.notes);
      const out = this.held.flatMap((held) => this.inner!.push(held));
      this.held = [];
      return [...out, ...this.inner.push(chunk)];
    }
    return this.inner.push(chunk);
  }

  end(): DecodedBatch[] {
    if (!this.inner) {
      throw new ImportError('', this.held.length === 0 ? 'the file is empty' : 'the file is empty (only whitespace)');
    }
    return this.inner.end();
  }
}

/** Metadata members of the Jaeger API envelope: not traces, and no reason to refuse a file. */
const ENVELOPE_KEYS = new Set(['total', 'limit', 'offset', 'errors']);
/** Members whose elements are converted as they stream in, and the format they mean. */
const STREAMED_MEMBERS: Record<string, TraceFileFormat> = { resourceSpans: 'otlp-json', resource_spans: 'otlp-json', data: 'jaeger-json' };

class JsonReader implements TraceFileReader {
  format: TraceFileFormat | null = null;
  private readonly splitter = new JsonUnitSplitter();
  private importer: JsonImporter | null = null;
  /** Elements waiting to be converted, and where the first of them is. */
  private pending: unknown[] = [];
  private pendingText = 0;
  private pendingKey: string | null = null;
  private pendingFirst = 0;
  private pendingWhere = '';
  /** The members of the current document that are converted when it ends. */
  private collected: Record<string, unknown> = {};
  private collectedAny = false;
  private streamedAny = false;

  constructor(private readonly notes: ImportNotes) {}

  push(chunk: Uint8Array): DecodedBatch[] {
    return this.take(this.splitter.push(chunk));
  }

  end(): DecodedBatch[] {
    const out = this.take(this.splitter.end());
    if (this.format === null) throw new ImportError('', 'the file holds no traces');
    return out;
  }

  private take(events: JsonEvent[]): DecodedBatch[] {
    const out: DecodedBatch[] = [];
    for (const event of events) {
      if ('unit' in event) this.unit(event.unit, out);
      else if ('line' in event) this.line(event.line, out);
      else this.documentEnd(event.end, out);
    }
    return out;
  }

  /** A whole NDJSON line: one OTLP/JSON request. */
  private line(line: JsonLine, out: DecodedBatch[]): void {
    this.nextDocument(line.line);
    const where = `line ${line.line}`;
    const value = parseUnit({ text: line.text, line: line.line }, true);
    const importer = importerByFormat('otlp-json');
    if (!importer.is(value)) throw new ImportError(where, `not OTLP/JSON like the lines before it: ${describe(value)}`);
    out.push(importer.importFrom(value, this.notes, { where }));
  }

  private unit(unit: JsonUnit, out: DecodedBatch[]): void {
    const value = parseUnit(unit);
    if (unit.document >= 1) this.nextDocument(unit.line);
    const ndjson = this.format === 'otlp-ndjson';
    const streamedAs = unit.key === null ? null : STREAMED_MEMBERS[unit.key];
    if (unit.index !== null && (unit.key === null || streamedAs !== undefined)) {
      // An element of a big array: a span (top-level array), a ResourceSpans or a Jaeger trace.
      if (!this.importer) {
        this.importer = unit.key === null ? detectJsonImporter([value]) : importerByFormat(streamedAs!);
        if (!this.importer) throw new ImportError(`line ${unit.line}`, `not a known trace format: a top-level array of ${describe(value)}`);
        this.format ??= this.importer.format;
      }
      if (this.pendingKey !== unit.key || this.pending.length >= CHUNK_ELEMENTS || this.pendingText >= CHUNK_TEXT) this.flush(out);
      if (this.pending.length === 0) {
        this.pendingKey = unit.key;
        this.pendingFirst = unit.index;
        this.pendingWhere = ndjson || unit.document > 0 ? `line ${unit.line}` : '';
      }
      this.pending.push(value);
      this.pendingText += unit.text.length;
      this.streamedAny = true;
      return;
    }
    // Anything else is kept whole until its document ends.
    this.collectedAny = true;
    if (unit.key === null) return;
    const collected = this.collected;
    if (unit.index === null) collected[unit.key] = value;
    else ((collected[unit.key] ??= []) as unknown[]).push(value);
  }

  /** A second top-level value: only OTLP/JSON files have one per line (NDJSON). */
  private nextDocument(line: number): void {
    if (this.format === 'otlp-ndjson') return;
    if (this.format !== 'otlp-json') {
      throw new ImportError(`line ${line}`, 'a second JSON value after the first: only OTLP/JSON files may have one per line');
    }
    this.format = 'otlp-ndjson';
  }

  private documentEnd(end: JsonDocumentEnd, out: DecodedBatch[]): void {
    if (end.document >= 1) this.nextDocument(end.line);
    this.flush(out);
    const collected = this.collected;
    this.collected = {};
    const traceKeys = Object.keys(collected).filter((k) => !ENVELOPE_KEYS.has(k));
    const where = end.document > 0 || this.format === 'otlp-ndjson' ? `line ${end.line}` : '';
    if (this.streamedAny) {
      for (const error of Array.isArray(collected.errors) ? collected.errors : []) this.notes.warn(`the file reports an error: ${JSON.stringify(error)}`);
    } else if (traceKeys.length > 0 || (end.isArray && !this.collectedAny)) {
      const root = end.isArray ? [] : collected;
      const importer = detectJsonImporter(root);
      if (!importer) {
        throw new ImportError(where, `not a known trace format: a JSON ${end.isArray ? 'array' : `object with ${keyList(end.keys)}`}`);
      }
      if (this.format === null) this.format = importer.format;
      out.push(importer.importFrom(root, this.notes, { where }));
    } else if (!end.isArray && end.keys.length === 0) {
      throw new ImportError(where, 'an empty JSON object holds no traces');
    } else if (!end.isArray && !end.keys.some((k) => k in STREAMED_MEMBERS)) {
      throw new ImportError(where, `not a known trace format: a JSON object with ${keyList(end.keys)}`);
    } else this.format ??= end.keys.includes('data') ? 'jaeger-json' : 'otlp-json';
    this.streamedAny = false;
    this.collectedAny = false;
  }

  private flush(out: DecodedBatch[]): void {
    if (this.pending.length === 0 || !this.importer) return;
    const root = this.pendingKey === null ? this.pending : { [this.pendingKey]: this.pending };
    out.push(this.importer.importFrom(root, this.notes, { where: this.pendingWhere, firstIndex: this.pendingFirst }));
    this.pending = [];
    this.pendingText = 0;
  }
}

function parseUnit(unit: Pick<JsonUnit, 'text' | 'line'>, wholeLine = false): unknown {
  try {
    return parseJsonKeepingInt64(unit.text);
  } catch (error) {
    const message = (error as Error).message;
    if (wholeLine && /Unexpected end of JSON input|Unterminated string/.test(message)) {
      throw new ImportError(`line ${unit.line}`, LINE_ENDS_INSIDE_VALUE);
    }
    const position = /position (\d+)/.exec(message);
    const line = position ? unit.line + unit.text.slice(0, Number(position[1])).split('\n').length - 1 : unit.line;
    throw new ImportError(`line ${line}`, `invalid JSON (${message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/, '')})`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'arrays';
  if (value === null || typeof value !== 'object') return JSON.stringify(value)?.slice(0, 40) ?? String(value);
  return `objects with ${keyList(Object.keys(value))}`;
}

function keyList(keys: string[]): string {
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, 6).map((k) => JSON.stringify(k));
  return `the keys ${shown.join(', ')}${keys.length > 6 ? ', ...' : ''}`;
}

/**
 * OTLP protobuf files: one ExportTraceServiceRequest / TracesData, or the Collector file
 * exporter's stream of messages, each after a 4-byte big-endian length. A message starts with
 * field 1 (resource_spans, byte 0x0a); a length prefix of a message under 16 MiB starts with 0x00.
 */
class ProtobufFileReader implements TraceFileReader {
  readonly format: TraceFileFormat = 'otlp-protobuf';
  private parts: Uint8Array[] = [];
  private buffered = 0;
  private framed: boolean | null = null;
  private offset = 0; // file offset of parts[0]'s first byte
  private messages = 0;

  constructor(private readonly notes: ImportNotes) {}

  push(chunk: Uint8Array): DecodedBatch[] {
    this.parts.push(chunk);
    this.buffered += chunk.length;
    if (this.framed === null) this.framed = this.parts[0]![0] === 0x00;
    return this.framed ? this.takeFrames() : [];
  }

  end(): DecodedBatch[] {
    if (!this.framed) {
      const bytes = this.take(this.buffered);
      return [this.decode(bytes, 0, '')];
    }
    const out = this.takeFrames();
    if (this.buffered > 0) throw new ImportError(`offset ${this.offset}`, `the file ends inside a length-prefixed message (${this.buffered} bytes left)`);
    return out;
  }

  private takeFrames(): DecodedBatch[] {
    const out: DecodedBatch[] = [];
    for (;;) {
      if (this.buffered < 4) return out;
      const head = this.peek(4);
      const length = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
      if (this.buffered < 4 + length) return out;
      const at = this.offset;
      this.take(4);
      const message = this.take(length);
      out.push(this.decode(message, at + 4, `message ${++this.messages}`));
    }
  }

  private decode(bytes: Uint8Array, base: number, label: string): DecodedBatch {
    let batch: DecodedBatch;
    try {
      batch = decodeExportTraceRequest(bytes);
    } catch (error) {
      if (error instanceof ProtobufError) {
        if (base === 0 && looksLikeText(bytes)) throw notATraceFile(bytes, '');
        throw new ImportError(`offset ${base + error.offset}`, `not an OTLP protobuf trace message (${error.message.replace(/ at byte \d+$/, '')})`);
      }
      throw error;
    }
    if (batch.spanCount === 0 && bytes.length > 0 && bytes[0] !== 0x0a) throw notATraceFile(bytes, label || `offset ${base}`);
    const prefix = label ? `${label} ` : '';
    return keepSpansWithIds(batch, this.notes, (g, s) => `${prefix}group ${g + 1} span ${s + 1}`);
  }

  private peek(n: number): Uint8Array {
    return this.parts[0]!.length >= n ? this.parts[0]!.subarray(0, n) : this.concat(n, false);
  }

  private take(n: number): Uint8Array {
    const out = this.parts[0]!.length === n ? this.parts.shift()! : this.concat(n, true);
    if (out === undefined) throw new Error('unreachable');
    this.buffered -= n;
    this.offset += n;
    return out;
  }

  private concat(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    let index = 0;
    while (at < n) {
      const part = this.parts[index]!;
      const use = Math.min(part.length, n - at);
      out.set(part.subarray(0, use), at);
      at += use;
      if (consume) {
        if (use === part.length) this.parts.shift();
        else this.parts[0] = part.subarray(use);
      } else index++;
    }
    return out;
  }
}

/** Printable UTF-8 text in the first bytes: a text file that is not JSON, rather than broken protobuf. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return n > 0;
}

function notATraceFile(bytes: Uint8Array, where: string): ImportError {
  if (!looksLikeText(bytes)) return new ImportError(where, 'not a trace file: neither JSON nor an OTLP protobuf trace message');
  const start = new TextDecoder().decode(bytes.subarray(0, 40)).trim();
  return new ImportError(where, `not a trace file: text that is not a JSON object or array (it starts ${JSON.stringify(start)})`);
}

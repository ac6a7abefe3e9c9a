// Splits a JSON file, as it streams in, into units small enough to JSON.parse one at a time, so a
// 100 MB file never becomes one string or one object graph:
// - a top-level array gives one unit per element (Zipkin spans, Jaeger spans);
// - a top-level object gives one unit per element of each array member (`resourceSpans[i]`,
//   `data[i]`) and one unit for each other member (`"total": 3`, `"processes": {...}`);
// - several top-level values one after another (NDJSON, the Collector's file exporter) are
//   documents 0, 1, 2..., each split the same way.
// Only the structure is scanned here (brackets, and strings to their closing quote); the
// units' text goes to JSON.parse, which reports anything else.
import { ImportError } from './import-report';

export interface JsonUnit {
  /** Which top-level value (0 for a plain JSON file; the line's document for NDJSON). */
  document: number;
  /** The member of a top-level object this unit is, or null in a top-level array. */
  key: string | null;
  /** The element index when the unit is an element of an array (top-level or a member's). */
  index: number | null;
  text: string;
  /** 1-based line of the unit's first byte. */
  line: number;
  /** Byte offset of the unit's first byte in the file. */
  offset: number;
}

/** The end of a top-level value, with the keys its object had (empty for an array). */
export interface JsonDocumentEnd {
  document: number;
  /** 1-based line where the value started. */
  line: number;
  keys: string[];
  isArray: boolean;
}

/** A whole line of an NDJSON file from its third line on: parsed as one value, not split. */
export interface JsonLine {
  document: number;
  text: string;
  /** 1-based line number. */
  line: number;
}

export type JsonEvent = { unit: JsonUnit } | { end: JsonDocumentEnd } | { line: JsonLine };

const enum State {
  /** Before a top-level value. */
  Top,
  /** In a top-level object, before a key or its closing brace. */
  ObjectKey,
  /** After a key, before the colon. */
  ObjectColon,
  /** After the colon, before the member's value. */
  ObjectValue,
  /** After a member, before a comma or the closing brace. */
  ObjectNext,
  /** In an array (top-level, or a top-level object's member), before an element or ']'. */
  ArrayElement,
  /** After an element, before a comma or ']'. */
  ArrayNext,
  /** Inside a unit's value. */
  Unit,
  /** Inside a top-level object's key string. */
  Key,
  /** Inside a line of an NDJSON file, which is taken whole (see JsonLine). */
  Line,
}

/** An NDJSON line (from the second value on) that ends before its value does. */
export const LINE_ENDS_INSIDE_VALUE = 'the line ends inside its JSON value (one value per line is expected after the first lines)';

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const isSpace = (b: number) => b === 32 || b === 10 || b === 13 || b === 9;

export class JsonUnitSplitter {
  private state = State.Top;
  private document = -1;
  private offset = 0; // of the current chunk's first byte
  private line = 1; // at the current chunk's first byte
  private rootIsArray = false;
  private keys: string[] = [];
  private key: string | null = null;
  private keyParts: Uint8Array[] = [];
  private keyEscape = false;
  private memberIsArray = false;
  private index = 0;
  private unitParts: Uint8Array[] = [];
  private unitStart = { offset: 0, line: 0 };
  private unitDepth = 0;
  private unitInString = false;
  private unitEscape = false;
  private unitScalar = false;
  private readonly decoder = new TextDecoder();
  private bom = true;
  private documentLine = 1;

  /**
   * Set from the second top-level value on (the file is NDJSON, one value per line): a line that
   * ends inside its value is then that line's error, not a value running on into the next lines.
   */
  private lineDelimited = false;
  private lineParts: Uint8Array[] = [];
  private lineStart = 0;

  /** Feeds the next bytes; returns the units and document ends they complete. */
  push(chunk: Uint8Array): JsonEvent[] {
    const out: JsonEvent[] = [];
    let i = 0;
    if (this.bom && chunk.length > 0) {
      this.bom = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    let unitFrom = this.state === State.Unit ? 0 : -1;
    let keyFrom = this.state === State.Key ? 0 : -1;
    const n = chunk.length;
    while (i < n) {
      if (this.state === State.Line || (this.state === State.Top && this.lineDelimited)) {
        // NDJSON from its third line on: a line is one value, so it is found with indexOf and
        // parsed whole. Reading 100 MB of OTLP NDJSON (bench/support/trace-files.ts) took
        // 2.1-2.2 s so, against 2.6 s split into units.
        i = this.scanLine(chunk, i, out);
        continue;
      }
      const b = chunk[i]!;
      switch (this.state) {
        case State.Unit: {
          if (this.unitInString) {
            // A plain loop to the closing quote: most strings of a trace file are short (keys, ids,
            // enum names), for which a native indexOf call per string costs about what the scan
            // does. Splitting 100 MB of Jaeger JSON: 311-314 ms with this loop, 367-387 ms with
            // indexOf for the quote and the next backslash.
            if (this.unitEscape) {
              this.unitEscape = false;
              i++;
            }
            let q = -1;
            while (i < n) {
              const c = chunk[i]!;
              if (c === QUOTE) {
                q = i;
                break;
              }
              if (c === BACKSLASH) i += 2;
              else {
                // A string never holds a raw newline: in NDJSON one ends the line early.
                if (c === NEWLINE && this.lineDelimited) throw this.lineEnded();
                i++;
              }
            }
            if (q === -1) {
              // The string goes on in the next chunk (after the escaped byte, if a backslash ended this one).
              if (i > n) this.unitEscape = true;
              i = n;
              continue;
            }
            this.unitInString = false;
            i = q + 1;
            if (this.unitDepth === 0 && !this.unitScalar) {
              // A string unit ends with its quote.
              out.push(this.finishUnit(chunk, unitFrom, i));
              unitFrom = -1;
            }
            continue;
          }
          if (b === QUOTE) {
            this.unitInString = true;
            i++;
            continue;
          }
          if (b === 123 /* { */ || b === 91 /* [ */) {
            this.unitDepth++;
            i++;
            continue;
          }
          if (b === 125 /* } */ || b === 93 /* ] */) {
            if (this.unitDepth === 0) {
              // A scalar ends at its container's close; the container handles the byte.
              out.push(this.finishUnit(chunk, unitFrom, i));
              unitFrom = -1;
              continue;
            }
            this.unitDepth--;
            i++;
            if (this.unitDepth === 0) {
              out.push(this.finishUnit(chunk, unitFrom, i));
              unitFrom = -1;
            }
            continue;
          }
          if (this.unitDepth === 0 && (b === 44 /* , */ || isSpace(b))) {
            out.push(this.finishUnit(chunk, unitFrom, i));
            unitFrom = -1;
            continue;
          }
          if (b === NEWLINE) {
            if (this.lineDelimited) throw this.lineEnded();
            this.line++;
          }
          i++;
          continue;
        }
        case State.Key: {
          const q = this.scanString(chunk, i);
          if (q < 0) {
            i = n;
            continue;
          }
          this.keyParts.push(chunk.subarray(keyFrom, q + 1));
          keyFrom = -1;
          this.key = JSON.parse(this.decoder.decode(concat(this.keyParts))) as string;
          this.keyParts = [];
          this.keys.push(this.key);
          this.state = State.ObjectColon;
          i = q + 1;
          continue;
        }
        default:
          break;
      }
      if (b === NEWLINE) {
        if (this.lineDelimited && this.state !== State.Top) throw this.lineEnded();
        this.line++;
        i++;
        continue;
      }
      if (isSpace(b)) {
        i++;
        continue;
      }
      switch (this.state) {
        case State.Top:
          this.document++;
          this.documentLine = this.line;
          // A second top-level value: the file is NDJSON, one value per line.
          if (this.document === 1) this.lineDelimited = true;
          if (b === 123) {
            this.rootIsArray = false;
            this.keys = [];
            this.state = State.ObjectKey;
          } else if (b === 91) {
            this.rootIsArray = true;
            this.memberIsArray = false;
            this.key = null;
            this.index = 0;
            this.state = State.ArrayElement;
          } else throw this.error(chunk, i, this.document === 0 ? 'not JSON: expected "{" or "["' : 'expected another JSON value');
          i++;
          break;
        case State.ObjectKey:
          if (b === 125) {
            out.push(this.endDocument());
            i++;
          } else if (b === QUOTE) {
            this.state = State.Key;
            keyFrom = i;
            this.keyParts = [];
            i++;
          } else throw this.error(chunk, i, 'expected a key in quotes');
          break;
        case State.ObjectColon:
          if (b !== 58) throw this.error(chunk, i, 'expected ":"');
          this.state = State.ObjectValue;
          i++;
          break;
        case State.ObjectValue:
          if (b === 91) {
            this.memberIsArray = true;
            this.index = 0;
            this.state = State.ArrayElement;
            i++;
          } else {
            this.memberIsArray = false;
            unitFrom = this.startUnit(chunk, i);
          }
          break;
        case State.ObjectNext:
          if (b === 44) this.state = State.ObjectKey;
          else if (b === 125) out.push(this.endDocument());
          else throw this.error(chunk, i, 'expected "," or "}"');
          i++;
          break;
        case State.ArrayElement:
          if (b === 93) {
            i++;
            this.closeArray(out);
          } else unitFrom = this.startUnit(chunk, i);
          break;
        case State.ArrayNext:
          if (b === 44) this.state = State.ArrayElement;
          else if (b === 93) this.closeArray(out);
          else throw this.error(chunk, i, 'expected "," or "]"');
          i++;
          break;
        default:
          throw new Error('unreachable');
      }
    }
    if (unitFrom !== -1) this.unitParts.push(chunk.slice(unitFrom, n));
    if (keyFrom !== -1) this.keyParts.push(chunk.slice(keyFrom, n));
    // Lines inside strings of a unit are counted when the unit is finished; elsewhere as seen.
    this.offset += n;
    return out;
  }

  /** Called at the end of the file: the last line when it has no newline; throws when the file ends inside a value. */
  end(): JsonEvent[] {
    if (this.state === State.Line) {
      this.state = State.Top;
      return [this.finishLine(new Uint8Array(0), 0, 0)];
    }
    if (this.state === State.Top) {
      if (this.document === -1) throw new ImportError('', 'the file is empty');
      return [];
    }
    throw new ImportError(`line ${this.line}`, 'the file ends inside a JSON value (truncated?)');
  }

  /** Skips blanks between lines, then takes a line up to its newline; returns where to go on. */
  private scanLine(chunk: Uint8Array, i: number, out: JsonEvent[]): number {
    const n = chunk.length;
    if (this.state === State.Top) {
      const b = chunk[i]!;
      if (b === NEWLINE) {
        this.line++;
        return i + 1;
      }
      if (isSpace(b)) return i + 1;
      this.state = State.Line;
      this.document++;
      this.lineParts = [];
      this.lineStart = i;
    }
    const nl = chunk.indexOf(NEWLINE, i);
    if (nl === -1) {
      this.lineParts.push(chunk.slice(this.lineStart, n));
      this.lineStart = 0;
      return n;
    }
    out.push(this.finishLine(chunk, this.lineStart, nl));
    this.state = State.Top;
    this.lineStart = 0;
    this.line++;
    return nl + 1;
  }

  private finishLine(chunk: Uint8Array, from: number, to: number): { line: JsonLine } {
    this.lineParts.push(chunk.subarray(from, to));
    const text = this.decoder.decode(concat(this.lineParts));
    this.lineParts = [];
    return { line: { document: this.document, text, line: this.line } };
  }

  private lineEnded(): ImportError {
    return new ImportError(`line ${this.line}`, LINE_ENDS_INSIDE_VALUE);
  }

  private startUnit(chunk: Uint8Array, i: number): number {
    this.state = State.Unit;
    this.unitParts = [];
    this.unitStart = { offset: this.offset + i, line: this.line };
    this.unitDepth = 0;
    this.unitInString = false;
    this.unitEscape = false;
    const b = chunk[i]!;
    // Containers and strings end at their closing byte; scalars at the byte after them.
    this.unitScalar = b !== 123 && b !== 91 && b !== QUOTE;
    return i;
  }

  private finishUnit(chunk: Uint8Array, from: number, to: number): { unit: JsonUnit } {
    this.unitParts.push(chunk.subarray(from, to));
    const text = this.decoder.decode(concat(this.unitParts));
    this.unitParts = [];
    // Newlines inside the unit's strings were skipped by indexOf: count them from the text.
    let newlines = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) newlines++;
    this.line = this.unitStart.line + newlines;
    const unit: JsonUnit = {
      document: this.document,
      key: this.rootIsArray ? null : this.key,
      index: this.rootIsArray || this.memberIsArray ? this.index++ : null,
      text,
      line: this.unitStart.line,
      offset: this.unitStart.offset,
    };
    this.state = this.rootIsArray || this.memberIsArray ? State.ArrayNext : State.ObjectNext;
    return { unit };
  }

  private closeArray(out: JsonEvent[]): void {
    if (this.rootIsArray) out.push(this.endDocument());
    else {
      this.memberIsArray = false;
      this.state = State.ObjectNext;
    }
  }

  private endDocument(): { end: JsonDocumentEnd } {
    this.state = State.Top;
    return { end: { document: this.document, line: this.documentLine, keys: this.keys, isArray: this.rootIsArray } };
  }

  /** The index of the quote that ends the key string at `i`, or -1 when it is not in this chunk. */
  private scanString(chunk: Uint8Array, i: number): number {
    let at = i;
    if (this.keyEscape) {
      this.keyEscape = false;
      at++;
    }
    for (; at < chunk.length; at++) {
      const b = chunk[at]!;
      if (b === BACKSLASH) {
        if (at + 1 === chunk.length) this.keyEscape = true;
        at++;
      } else if (b === QUOTE) return at;
    }
    return -1;
  }

  private error(chunk: Uint8Array, i: number, problem: string): ImportError {
    const found = chunk[i]! < 32 || chunk[i]! > 126 ? `byte ${chunk[i]}` : JSON.stringify(String.fromCharCode(chunk[i]!));
    return new ImportError(`line ${this.line}, offset ${this.offset + i}`, `${problem}, found ${found}`);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// What an import tells its user besides the spans: the repairs it made (counted by kind, with the
// first places each happened) and every span it could not keep, with where it was in the file.
// Repairs are the quirks of real files, fixed rather than refused (uppercase hex ids, 64-bit trace
// ids, missing durations, negative counts...); drops are spans without usable ids.

export interface ImportRepair {
  /** What was repaired, the same text for every occurrence, e.g. "64-bit trace id padded to 128 bits". */
  kind: string;
  count: number;
  /** Where the first occurrences were (a field path in the file), at most MAX_EXAMPLES. */
  examples: string[];
}

export interface DroppedSpan {
  /** Where the span was in the file: a field path, with the line for NDJSON. */
  where: string;
  reason: string;
}

export interface ImportReport {
  repairs: ImportRepair[];
  /** The dropped spans, the first MAX_DROPS_LISTED of them; `droppedCount` counts them all. */
  dropped: DroppedSpan[];
  droppedCount: number;
  /** Messages the file itself carries (Jaeger trace warnings, API errors), kept for the user. */
  warnings: string[];
}

const MAX_EXAMPLES = 3;
// A file of a million spans without ids should not make a report of a million lines.
const MAX_DROPS_LISTED = 1000;
const MAX_WARNINGS = 100;

// Span ids remembered per file to find a span id used twice in a trace (see span-ids.ts): about
// 120 bytes each (the key's text, a numeric fingerprint and the map entry); past this many the oldest are forgotten, so a file of any size stays bounded.
const MAX_REMEMBERED_SPANS = 1_000_000;

/** Collects repairs, drops and warnings while a file is converted, and what that needs remembered. */
export class ImportNotes {
  /** "traceId/spanId" of the spans read so far -> the fingerprint of the span (of each span, when several) under that id. */
  readonly spansById = new Map<string, number | number[]>();
  private readonly repairs = new Map<string, ImportRepair>();
  private readonly drops: DroppedSpan[] = [];
  private readonly warningList: string[] = [];
  private droppedCount = 0;

  repair(kind: string, where: string): void {
    let entry = this.repairs.get(kind);
    if (!entry) {
      entry = { kind, count: 0, examples: [] };
      this.repairs.set(kind, entry);
    }
    entry.count++;
    if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(where);
  }

  drop(where: string, reason: string): void {
    this.droppedCount++;
    if (this.drops.length < MAX_DROPS_LISTED) this.drops.push({ where, reason });
  }

  warn(message: string): void {
    if (this.warningList.length < MAX_WARNINGS && !this.warningList.includes(message)) this.warningList.push(message);
  }

  rememberSpan(key: string, fingerprints: number | number[]): void {
    if (this.spansById.size >= MAX_REMEMBERED_SPANS) this.spansById.delete(this.spansById.keys().next().value!);
    this.spansById.set(key, fingerprints);
  }

  report(): ImportReport {
    return { repairs: [...this.repairs.values()], dropped: [...this.drops], droppedCount: this.droppedCount, warnings: [...this.warningList] };
  }
}

/** How an importer names places in the file when it converts one part of it. */
export interface ImportOptions {
  /** Prefixed to every path in notes and errors, e.g. "line 3". */
  where?: string;
  /** The index in the file of the first element of the array converted (streamed files). */
  firstIndex?: number;
}

/** A file (or a part of it) that cannot be read as traces: nothing of it is imported. */
export class ImportError extends Error {
  constructor(
    /** Where the problem is: "line 3", "offset 1024", a field path, or '' for the whole file. */
    readonly where: string,
    problem: string,
  ) {
    super(where ? `${where}: ${problem}` : problem);
    this.name = 'ImportError';
  }
}

// The export formats and the one shape every exporter has: a writer that is given whole traces,
// one at a time, and returns text to append, so an export of any size streams (nothing holds
// more than one trace). The text of start(), each trace() and end(), concatenated, is the file.
import type { SpanGroup } from '../model';

export interface TraceTextWriter {
  /** The text before the first trace. */
  start(): string;
  /** One trace (all of its spans, as groups), with any separator it needs after the previous one. */
  trace(groups: readonly SpanGroup[]): string;
  /** The text after the last trace (also when there were none). */
  end(): string;
}

export const EXPORT_FORMATS = ['otlp', 'ndjson', 'jaeger', 'chrome'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  label: string;
  /** What it is for, in a few words (menus and the CLI's help). */
  description: string;
  /** How a file name in this format ends, so the formats of one trace never overwrite each other. */
  fileSuffix: string;
  mediaType: string;
}

export const EXPORT_FORMAT_INFO: Record<ExportFormat, ExportFormatInfo> = {
  otlp: {
    label: 'OTLP/JSON',
    description: 'lossless; Tracedeck, the Collector, Jaeger v2 read it',
    fileSuffix: '.json',
    mediaType: 'application/json',
  },
  ndjson: {
    label: 'OTLP/JSON lines',
    description: "one request per line, as the Collector's file exporter writes",
    fileSuffix: '.jsonl',
    mediaType: 'application/x-ndjson',
  },
  jaeger: {
    label: 'Jaeger JSON',
    description: "Jaeger UI's trace JSON (microsecond times; arrays and maps as text)",
    fileSuffix: '.jaeger.json',
    mediaType: 'application/json',
  },
  chrome: {
    label: 'Chrome trace events',
    description: 'opens in Perfetto and chrome://tracing, one process per service',
    fileSuffix: '.chrome-trace.json',
    mediaType: 'application/json',
  },
};

/** A file name for an export: `trace-<id>.jaeger.json`, `traces-2026-12-02T10-15-04.json`, ... */
export function exportFileName(format: ExportFormat, traceId?: string, now = new Date()): string {
  const base = traceId !== undefined ? `trace-${traceId}` : `traces-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`;
  return base + EXPORT_FORMAT_INFO[format].fileSuffix;
}

/** The format a file name asks for by its suffix (exportFileName's, or `.ndjson`; gzip'd or not); OTLP/JSON otherwise. */
export function formatForFileName(name: string): ExportFormat {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.ndjson')) return 'ndjson';
  // OTLP's plain `.json` ends the others' suffixes too: it is the fallback, not a match.
  return EXPORT_FORMATS.find((format) => format !== 'otlp' && base.endsWith(EXPORT_FORMAT_INFO[format].fileSuffix)) ?? 'otlp';
}

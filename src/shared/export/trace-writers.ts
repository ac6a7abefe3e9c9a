// One writer per export format (trace-writer.ts says what a writer is).
import type { SpanGroup } from '../model';
import { ChromeTraceWriter } from './chrome-trace-writer';
import { JaegerJsonWriter } from './jaeger-json-writer';
import { OtlpJsonWriter, OtlpNdjsonWriter } from './otlp-json-writer';
import type { ExportFormat, TraceTextWriter } from './trace-writer';

const WRITERS: Record<ExportFormat, () => TraceTextWriter> = {
  otlp: () => new OtlpJsonWriter(),
  ndjson: () => new OtlpNdjsonWriter(),
  jaeger: () => new JaegerJsonWriter(),
  chrome: () => new ChromeTraceWriter(),
};

export function createTraceTextWriter(format: ExportFormat): TraceTextWriter {
  return WRITERS[format]();
}

/** Whole traces in one format, as the text of a file. */
export function writeTraces(format: ExportFormat, traces: Iterable<readonly SpanGroup[]>): string {
  const writer = createTraceTextWriter(format);
  let text = writer.start();
  for (const groups of traces) text += writer.trace(groups);
  return text + writer.end();
}

// Runs bytes through the shared trace file reader the way the importer streams a file, in chunks
// of a chosen size, so tests can check that chunk boundaries change nothing.
import type { DecodedBatch, SpanGroup } from '../../src/shared/model';
import { ImportNotes, type ImportReport } from '../../src/shared/import/import-report';
import type { TraceFileFormat } from '../../src/shared/import/importers';
import { createTraceFileReader } from '../../src/shared/import/trace-file-reader';
import { groupsToOtlpJson } from '../../src/shared/otlp/json-encode';

export interface ReadResult {
  format: TraceFileFormat;
  groups: SpanGroup[];
  spanCount: number;
  report: ImportReport;
}

export function readTraceBytes(bytes: Uint8Array | string, chunkSize = 64 * 1024): ReadResult {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const notes = new ImportNotes();
  const reader = createTraceFileReader(notes);
  const batches: DecodedBatch[] = [];
  for (let at = 0; at < data.length; at += chunkSize) batches.push(...reader.push(data.subarray(at, at + chunkSize)));
  batches.push(...reader.end());
  return {
    format: reader.format!,
    groups: batches.flatMap((b) => b.groups),
    spanCount: batches.reduce((n, b) => n + b.spanCount, 0),
    report: notes.report(),
  };
}

/** Every span with its resource and scope, in a stable order, for comparing two imports. */
export function flatSpans(groups: SpanGroup[]) {
  return groups
    .flatMap((g) => g.spans.map((span) => ({ resource: g.resource, scope: g.scope, span })))
    .sort((a, b) => (a.span.traceId + a.span.spanId + a.span.startTimeUnixNano).localeCompare(b.span.traceId + b.span.spanId + b.span.startTimeUnixNano));
}

/** The groups written as OTLP/JSON text, as an export would write them. */
export function asOtlpJson(groups: SpanGroup[]): string {
  return JSON.stringify(groupsToOtlpJson(groups));
}

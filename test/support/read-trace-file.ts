// Runs bytes through the shared trace file reader the way the importer streams a file, in chunks
// of a chosen size, so tests can check that chunk boundaries change nothing.
import type { DecodedBatch, SpanGroup } from '../../src/shared/model';
import { ImportNotes, type ImportReport } from '../../src/shared/import/import-report';
import type { TraceFileFormat } from '../../src/shared/import/importers';
import { createTraceFileReader } from '../../src/shared/import/trace-file-reader';
import type { ExportFormat } from '../../src/shared/export/trace-writer';
import { writeTraces } from '../../src/shared/export/trace-writers';

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

/** The groups split by trace (each trace's groups keep their resource and scope), as the store hands them to an export. */
export function byTrace(groups: SpanGroup[]): SpanGroup[][] {
  const traces = new Map<string, SpanGroup[]>();
  for (const group of groups) {
    const perTrace = new Map<string, SpanGroup>();
    for (const span of group.spans) {
      let part = perTrace.get(span.traceId);
      if (!part) {
        part = { resource: group.resource, scope: group.scope, spans: [] };
        perTrace.set(span.traceId, part);
        const list = traces.get(span.traceId) ?? [];
        list.push(part);
        traces.set(span.traceId, list);
      }
      part.spans.push(span);
    }
  }
  return [...traces.values()];
}

/** The groups written in an export format, one trace after another, as an export writes them. */
export function exportText(groups: SpanGroup[], format: ExportFormat = 'otlp'): string {
  return writeTraces(format, byTrace(groups));
}

/** The groups written as OTLP/JSON text, as an export would write them. */
export function asOtlpJson(groups: SpanGroup[]): string {
  return exportText(groups, 'otlp');
}

// OTLP/JSON files: an ExportTraceServiceRequest / TracesData (`{"resourceSpans": [...]}`), also
// inside the Jaeger API v3 envelope (`{"result": {"resourceSpans": [...]}}`). The Collector's file
// exporter writes one such object per line (NDJSON); each line comes here on its own.
import { decodeOtlpJson, OtlpJsonError } from '../otlp/json-decode';
import type { DecodedBatch } from '../model';
import { ImportError, type ImportNotes, type ImportOptions } from './import-report';
import { keepSpansWithIds } from './span-ids';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The request object itself, unwrapped from the Jaeger API v3 envelope when there is one. */
function requestOf(root: unknown): Json | null {
  if (!isObject(root)) return null;
  if (Array.isArray(root.resourceSpans) || Array.isArray(root.resource_spans)) return root;
  if (isObject(root.result)) return requestOf(root.result);
  return null;
}

export function isOtlpJson(root: unknown): boolean {
  return requestOf(root) !== null;
}

/**
 * The spans of one OTLP/JSON document in the model. `where` prefixes every path in notes and
 * errors (e.g. "line 3" for NDJSON). Throws ImportError for a document that does not follow the
 * OTLP/JSON mapping; spans without usable ids are dropped and reported.
 */
export function importFromOtlpJson(root: unknown, notes: ImportNotes, { where = '', firstIndex = 0 }: ImportOptions = {}): DecodedBatch {
  const request = requestOf(root);
  const at = (path: string) => [where, path].filter(Boolean).join(' ');
  if (request === null) throw new ImportError(where, 'not an OTLP/JSON trace request (no "resourceSpans" array)');
  let batch: DecodedBatch;
  try {
    batch = decodeOtlpJson(request, { keepIdCase: true, onRepair: (kind, path) => notes.repair(kind, at(path)) });
  } catch (error) {
    if (error instanceof OtlpJsonError) throw new ImportError(at(error.path), error.problem);
    throw error;
  }
  // decodeOtlpJson makes one group per scopeSpans, in document order: their paths, in that order.
  const groupPaths: string[] = [];
  const resourceSpans = (request.resourceSpans ?? request.resource_spans) as Json[];
  resourceSpans.forEach((rs, i) => {
    const scopeSpans = (rs.scopeSpans ?? rs.scope_spans ?? []) as unknown[];
    scopeSpans.forEach((_, j) => groupPaths.push(`resourceSpans[${firstIndex + i}].scopeSpans[${j}]`));
  });
  return keepSpansWithIds(batch, notes, (group, span) => at(`${groupPaths[group]}.spans[${span}]`));
}

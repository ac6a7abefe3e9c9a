// The registry of trace file formats: each importer says whether a parsed JSON document is
// its format (`is`) and converts it (`importFrom`). Detection tries them in order; Zipkin v1 is
// recognised only to be refused with a clear message (importFromZipkinJson throws it).
import type { DecodedBatch } from '../model';
import type { ImportNotes, ImportOptions } from './import-report';
import { importFromJaegerJson, isJaegerJson } from './jaeger-importer';
import { importFromOtlpJson, isOtlpJson } from './otlp-json-importer';
import { importFromZipkinJson, isZipkinJson, isZipkinV1Json } from './zipkin-importer';

export type TraceFileFormat = 'otlp-json' | 'otlp-ndjson' | 'otlp-protobuf' | 'jaeger-json' | 'zipkin-json';

export const FORMAT_NAMES: Record<TraceFileFormat, string> = {
  'otlp-json': 'OTLP/JSON',
  'otlp-ndjson': 'OTLP/JSON lines (NDJSON)',
  'otlp-protobuf': 'OTLP protobuf',
  'jaeger-json': 'Jaeger JSON',
  'zipkin-json': 'Zipkin v2 JSON',
};

export interface JsonImporter {
  format: TraceFileFormat;
  is(root: unknown): boolean;
  importFrom(root: unknown, notes: ImportNotes, options?: ImportOptions): DecodedBatch;
}

export const JSON_IMPORTERS: readonly JsonImporter[] = [
  { format: 'otlp-json', is: isOtlpJson, importFrom: importFromOtlpJson },
  { format: 'jaeger-json', is: isJaegerJson, importFrom: importFromJaegerJson },
  // Zipkin v1 is claimed here too, so that importing it explains why it is refused.
  { format: 'zipkin-json', is: (root) => isZipkinJson(root) || isZipkinV1Json(root), importFrom: importFromZipkinJson },
];

export function detectJsonImporter(root: unknown): JsonImporter | null {
  return JSON_IMPORTERS.find((importer) => importer.is(root)) ?? null;
}

export function importerByFormat(format: TraceFileFormat): JsonImporter {
  return JSON_IMPORTERS.find((importer) => importer.format === format)!;
}

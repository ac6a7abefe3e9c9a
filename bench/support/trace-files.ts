// Trace files for the import benchmark, made from the benchmark workload (support/workload.ts):
// an OTLP NDJSON file as the Collector's file exporter writes it (one export request per line,
// 512 spans each) and a Jaeger JSON file as its query API answers (`{"data":[traces]}`), each
// written up to a size. Ids are stamped per request, so every trace in a file is new.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createTraceTextWriter } from '../../src/shared/export/trace-writers';
import type { ExportFormat } from '../../src/shared/export/trace-writer';
import { decodeExportTraceRequest } from '../../src/shared/otlp/protobuf-decode';
import { byTrace } from '../../test/support/read-trace-file';
import { buildRequests, stampRequest } from './workload';

export interface WrittenFile {
  path: string;
  bytes: number;
  spans: number;
}

export function writeTraceFile(path: string, format: Extract<ExportFormat, 'ndjson' | 'jaeger'>, targetBytes: number): WrittenFile {
  const requests = buildRequests(64, 512, 7);
  const writer = createTraceTextWriter(format);
  const file = openSync(path, 'w');
  let bytes = 0;
  let spans = 0;
  const write = (text: string) => {
    bytes += writeSync(file, text);
  };
  try {
    write(writer.start());
    for (let sequence = 1; bytes < targetBytes; sequence++) {
      const request = requests[sequence % requests.length]!;
      const batch = decodeExportTraceRequest(stampRequest(request, sequence));
      spans += batch.spanCount;
      // NDJSON: the whole request on one line, as the Collector writes it; Jaeger: trace by trace.
      write(format === 'ndjson' ? writer.trace(batch.groups) : byTrace(batch.groups).map((t) => writer.trace(t)).join(''));
    }
    write(writer.end());
  } finally {
    closeSync(file);
  }
  return { path, bytes, spans };
}

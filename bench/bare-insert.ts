// The reference for ingest: the store's own insert loop (SpanWriter transactions of 8,192
// spans, every index in place) on rows decoded and prepared beforehand, in this process: no
// network, no decoding, no thread hand-off. End-to-end ingest is reported as a share of it.
import { openDatabase } from '../src/main/store/database';
import { prepareBatch, type PreparedBatch } from '../src/main/store/prepared-batch';
import { SpanWriter } from '../src/main/store/span-writer';
import { decodeExportTraceRequest } from '../src/shared/otlp/protobuf-decode';
import { validateBatch } from '../src/shared/otlp/validate';
import { buildRequests, stampRequest } from './support/workload';

const SPANS_PER_TRANSACTION = 8192;

export function measureBareInsert(databasePath: string, spans: number): { perSecond: number; lastMillionPerSecond: number } {
  const db = openDatabase({ path: databasePath });
  const writer = new SpanWriter(db);
  const pool = buildRequests(64, 512);
  let sequence = 1;
  let written = 0;
  let writeMs = 0;
  let lastMillionStartMs = 0;
  while (written < spans) {
    const batches: PreparedBatch[] = [];
    let inTransaction = 0;
    while (inTransaction < SPANS_PER_TRANSACTION) {
      const request = pool[sequence % pool.length]!;
      const decoded = validateBatch(decodeExportTraceRequest(stampRequest(request, sequence++))).batch;
      batches.push(prepareBatch(decoded));
      inTransaction += decoded.spanCount;
    }
    if (written < spans - 1_000_000 && written + inTransaction >= spans - 1_000_000) lastMillionStartMs = writeMs;
    const started = performance.now();
    writer.writePrepared(batches);
    writeMs += performance.now() - started;
    written += inTransaction;
  }
  db.close();
  return { perSecond: (written / writeMs) * 1000, lastMillionPerSecond: (1_000_000 / (writeMs - lastMillionStartMs)) * 1000 };
}

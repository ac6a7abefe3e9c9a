// The one step every receiver shares once a request is decoded: drop the spans that cannot be
// stored (reported as partial success), then wait until the rest are committed.
//
// Deliberately not an async function: the decoded request must not stay reachable from a
// suspended frame while its spans wait for the commit. When it did, every request's objects
// survived young-generation collections until the ack, and garbage collection took ~6 us of
// the receiving thread per span (measured with bench/ingest.ts).
import type { PartialSuccess } from '../../shared/otlp/responses';
import { validateBatch } from '../../shared/otlp/validate';
import type { DecodedBatch } from '../../shared/model';
import type { IngestQueue } from '../ingest/ingest-queue';

export interface IngestCounters {
  spansRejected: number;
}

/** Resolves after the kept spans are durable; rejects with OverloadedError / QueueClosedError. */
export function acceptSpans(queue: IngestQueue, decoded: DecodedBatch, counters: IngestCounters): Promise<PartialSuccess | null> {
  const { batch, rejected, message } = validateBatch(decoded);
  counters.spansRejected += rejected;
  const partial = rejected === 0 ? null : { rejectedSpans: rejected, errorMessage: message };
  return queue.submit(batch).then(() => partial);
}

// The one step every receiver shares once a request is decoded: drop the spans that cannot be
// stored (reported as partial success), then wait until the rest are committed.
import type { PartialSuccess } from '../../shared/otlp/responses';
import { validateBatch } from '../../shared/otlp/validate';
import type { DecodedBatch } from '../../shared/model';
import type { IngestQueue } from '../ingest/ingest-queue';

export interface IngestCounters {
  spansRejected: number;
}

/** Resolves after the kept spans are durable; rejects with OverloadedError / QueueClosedError. */
export async function acceptSpans(queue: IngestQueue, decoded: DecodedBatch, counters: IngestCounters): Promise<PartialSuccess | null> {
  const { batch, rejected, message } = validateBatch(decoded);
  counters.spansRejected += rejected;
  await queue.submit(batch);
  return rejected === 0 ? null : { rejectedSpans: rejected, errorMessage: message };
}

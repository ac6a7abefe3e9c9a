// Which spans can be stored. OTLP receivers report the others through partial_success and keep
// the rest of the request (OTLP specification, "Partial Success").
import { isZeroHex } from '../encoding/hex';
import type { DecodedBatch, Span } from '../model';

const HEX_ID = /^[0-9a-f]+$/;

/** Why a span cannot be stored, or null when it can. Ids are lowercase hex by the time they get here. */
export function invalidSpanReason(span: Span): string | null {
  if (span.traceId.length !== 32 || !HEX_ID.test(span.traceId) || isZeroHex(span.traceId)) {
    return `invalid trace id ${JSON.stringify(span.traceId)} (expected 16 non-zero bytes)`;
  }
  if (span.spanId.length !== 16 || !HEX_ID.test(span.spanId) || isZeroHex(span.spanId)) {
    return `invalid span id ${JSON.stringify(span.spanId)} (expected 8 non-zero bytes)`;
  }
  if (span.parentSpanId !== '' && (span.parentSpanId.length !== 16 || !HEX_ID.test(span.parentSpanId))) {
    return `invalid parent span id ${JSON.stringify(span.parentSpanId)} (expected 8 bytes or none)`;
  }
  return null;
}

export interface ValidatedBatch {
  batch: DecodedBatch;
  rejected: number;
  /** One line naming the first problems, for partial_success.error_message. */
  message: string;
}

const MAX_REASONS_REPORTED = 3;

/** Drops the spans that cannot be stored and says why. An all-zero parent id means "no parent". */
export function validateBatch(batch: DecodedBatch): ValidatedBatch {
  let rejected = 0;
  const reasons: string[] = [];
  let kept = 0;
  const groups = batch.groups.map((group) => {
    const spans = group.spans.filter((span) => {
      if (span.parentSpanId !== '' && isZeroHex(span.parentSpanId)) span.parentSpanId = '';
      const reason = invalidSpanReason(span);
      if (reason === null) return true;
      rejected++;
      if (reasons.length < MAX_REASONS_REPORTED) reasons.push(`span ${JSON.stringify(span.name)}: ${reason}`);
      return false;
    });
    kept += spans.length;
    return { ...group, spans };
  });
  const more = rejected > reasons.length ? ` (and ${rejected - reasons.length} more)` : '';
  return {
    batch: { groups: groups.filter((g) => g.spans.length > 0), spanCount: kept },
    rejected,
    message: rejected === 0 ? '' : `${rejected} span(s) rejected: ${reasons.join('; ')}${more}`,
  };
}

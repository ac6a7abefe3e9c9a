// The last step of every importer: ids into the model's form (./ids.ts), spans that have none
// dropped and reported, so that what reaches the store passes the receivers' validation as is.
import { LANE_A_SEED, LANE_B_SEED, mixLanes } from '../encoding/lane-hash';
import type { DecodedBatch, Span, SpanLink } from '../model';
import type { ImportNotes } from './import-report';
import { derivedSpanId, missingIdReason, repairId, repairParentId } from './ids';

/** `pathOf(group, span)` names a span's place in the file for notes. */
export function keepSpansWithIds(batch: DecodedBatch, notes: ImportNotes, pathOf: (group: number, span: number) => string): DecodedBatch {
  let spanCount = 0;
  const groups = batch.groups.map((group, g) => {
    const spans = group.spans.filter((span, s) => {
      let path: string | undefined;
      const where = () => (path ??= pathOf(g, s));
      const traceId = repairId(span.traceId, 'trace', () => `${where()}.traceId`, notes);
      const spanId = repairId(span.spanId, 'span', () => `${where()}.spanId`, notes);
      if (traceId === null || spanId === null) {
        const reason = traceId === null ? missingIdReason(span.traceId, 'trace') : missingIdReason(span.spanId, 'span');
        notes.drop(where(), `${span.name ? `span ${JSON.stringify(span.name)}: ` : ''}${reason}`);
        return false;
      }
      span.traceId = traceId;
      span.spanId = spanId;
      span.parentSpanId = repairParentId(span.parentSpanId, () => `${where()}.parentSpanId`, notes);
      if (span.startTimeUnixNano === 0n) notes.repair('span without a start time kept, its time unknown', where());
      if (span.links.length > 0) span.links = span.links.filter((link, l) => keepLink(link, () => `${where()}.links[${l}]`, notes));
      return keepOnce(span, where, notes);
    });
    spanCount += spans.length;
    return { ...group, spans };
  });
  const kept = { groups: groups.filter((g) => g.spans.length > 0), spanCount };
  noteClockSkew(kept, notes, pathOf);
  return kept;
}

export const CLOCK_SKEW_NOTE = "span outside its parent's time range (clocks of two hosts disagree?): kept as recorded, marked in the trace view";

/**
 * Children that start before or end after their parent, among the spans converted together (a
 * trace is converted whole in Jaeger and OTLP files, and in Zipkin files of up to 256 spans).
 * Times are kept as the file has them: moving them would lose what was recorded; the trace view
 * marks such spans and keeps them inside their parent when it draws.
 */
function noteClockSkew(batch: DecodedBatch, notes: ImportNotes, pathOf: (group: number, span: number) => string): void {
  const times = new Map<string, Span>();
  for (const group of batch.groups) for (const span of group.spans) times.set(`${span.traceId}/${span.spanId}`, span);
  batch.groups.forEach((group, g) =>
    group.spans.forEach((span, s) => {
      if (span.parentSpanId === '' || span.startTimeUnixNano === 0n) return;
      const parent = times.get(`${span.traceId}/${span.parentSpanId}`);
      if (!parent || parent.startTimeUnixNano === 0n) return;
      if (span.startTimeUnixNano < parent.startTimeUnixNano || span.endTimeUnixNano > parent.endTimeUnixNano) notes.repair(CLOCK_SKEW_NOTE, pathOf(g, s));
    }),
  );
}

function keepLink(link: SpanLink, where: () => string, notes: ImportNotes): boolean {
  const traceId = repairId(link.traceId, 'trace', () => `${where()}.traceId`, notes);
  const spanId = repairId(link.spanId, 'span', () => `${where()}.spanId`, notes);
  if (traceId === null || spanId === null) {
    notes.repair('link without usable ids left out', where());
    return false;
  }
  link.traceId = traceId;
  link.spanId = spanId;
  return true;
}

/**
 * A span id seen before in this file: the same span again (Zipkin's sample repeats one nine
 * times) is kept once; a different span under the same id (a Jaeger UI test trace has two) gets
 * an id derived from the original and its occurrence, so both are stored, and the same file
 * imported again gives the same ids. Children naming the id stay with the first span.
 * Spans are told apart by a fingerprint of their fields, not their whole content: remembering
 * every span of a large file whole would hold the file in memory.
 */
function keepOnce(span: Span, where: () => string, notes: ImportNotes): boolean {
  const key = `${span.traceId}/${span.spanId}`;
  const fingerprint = fingerprintOf(span);
  const earlier = notes.spansById.get(key);
  if (earlier === undefined) {
    notes.rememberSpan(key, fingerprint);
    return true;
  }
  const seen = typeof earlier === 'number' ? [earlier] : earlier;
  if (seen.includes(fingerprint)) {
    notes.repair('the same span repeated: kept once', where());
    return false;
  }
  const original = span.spanId;
  span.spanId = derivedSpanId(`${key}/${seen.length}`);
  seen.push(fingerprint);
  notes.rememberSpan(key, seen);
  notes.rememberSpan(`${span.traceId}/${span.spanId}`, fingerprint);
  notes.repair('another span with an id already used in its trace: given an id of its own', `${where()} (id ${original})`);
  return true;
}

const lanes = [0, 0];

/** A 52-bit hash of the fields that tell two spans under one id apart. */
function fingerprintOf(span: Span): number {
  let text = `${span.name}|${span.parentSpanId}|${span.kind}|${span.startTimeUnixNano}|${span.endTimeUnixNano}|${span.statusCode}|${span.events.length}|${span.links.length}`;
  for (const attribute of span.attributes) text += `|${attribute.key}`;
  mixLanes(text, LANE_A_SEED, LANE_B_SEED, lanes);
  return (lanes[0]! >>> 0) * 0x100000 + (lanes[1]! & 0xfffff);
}

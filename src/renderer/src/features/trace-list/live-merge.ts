// Merging live updates into the rows a list shows. The store decides which updated traces match
// the filters (it is asked about exactly those ids); this puts the answer in place: matching
// traces are upserted at their sorted position, updated traces that stopped matching (a trace
// that grew past a duration bound) leave, and everything else keeps its place.
import type { TraceSummary } from '../../../../shared/api';

export type SortOrder = 'newest' | 'slowest';

/** Unsigned decimal strings without leading zeros compare by length, then text. */
function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Negative when `a` comes before `b` in the list (newest or slowest first, as the store sorts). */
export function compareRows(a: TraceSummary, b: TraceSummary, sort: SortOrder): number {
  const primary = sort === 'slowest' ? b.durationNanos - a.durationNanos : compareDecimal(b.startTimeUnixNano, a.startTimeUnixNano);
  return primary || (a.traceId < b.traceId ? 1 : a.traceId > b.traceId ? -1 : 0);
}

function insertionIndex(rows: TraceSummary[], row: TraceSummary, sort: SortOrder): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareRows(rows[mid]!, row, sort) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

export interface MergeInput {
  rows: TraceSummary[];
  /** Every trace the updates named. */
  updatedIds: ReadonlySet<string>;
  /** Those of them that match the filters, with their current summaries. */
  matching: TraceSummary[];
  sort: SortOrder;
  /** True when `rows` hold every match; false when later pages are still on the server. */
  complete: boolean;
  /** The most rows to keep; the tail beyond is dropped (and the list is then incomplete). */
  maxRows: number;
}

export interface MergeResult {
  rows: TraceSummary[];
  complete: boolean;
  /** Traces that were not in the list before. */
  added: number;
}

export function mergeMatching({ rows, updatedIds, matching, sort, complete, maxRows }: MergeInput): MergeResult {
  const before = new Set<string>();
  const kept: TraceSummary[] = [];
  for (const row of rows) {
    before.add(row.traceId);
    if (!updatedIds.has(row.traceId)) kept.push(row);
  }
  let added = 0;
  for (const row of [...matching].sort((a, b) => compareRows(a, b, sort))) {
    const at = insertionIndex(kept, row, sort);
    // Past the last loaded row of an incomplete list, it belongs to a page not loaded yet.
    if (at === kept.length && !complete && !before.has(row.traceId)) continue;
    kept.splice(at, 0, row);
    if (!before.has(row.traceId)) added++;
  }
  if (kept.length > maxRows) return { rows: kept.slice(0, maxRows), complete: false, added };
  return { rows: kept, complete, added };
}

// Search inside one trace: the rows whose span's name, service or id contains the text
// (case-insensitive), here at once from the skeleton, joined by the spans whose attributes,
// events or resource contain it, which the store finds (it holds the attributes; the view does
// not load them for every span).
import type { TraceModel } from './trace-model';

const SPAN_ID = /^[0-9a-f]{16}$/;

/** Rows (pre-order) whose span matches by name, service or id, or is in `alsoSpanIds`; empty for an empty query. */
export function searchTrace(model: TraceModel, query: string, alsoSpanIds: ReadonlySet<string> = new Set()): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  // A trace has a few hundred distinct names and a few services across its spans: each is
  // tested once, then the rows are one pass over typed columns. Over the span and row objects,
  // with each name tested once through a Map, the first search of a 100,000-span trace took
  // ~90 ms in headless Chromium.
  const { names, services, nameIndexes, serviceIndexes, tree } = model.skeleton;
  const rowSpan = tree.span;
  const nameHit = Uint8Array.from(names, (name) => (name.toLowerCase().includes(needle) ? 1 : 0));
  const serviceHit = Uint8Array.from(services, (service) => (service.toLowerCase().includes(needle) ? 1 : 0));
  // Spans matched by id: the needle itself, and those the store found.
  const byId = new Uint8Array(model.spans.length);
  const ids = SPAN_ID.test(needle) && !alsoSpanIds.has(needle) ? new Set([needle, ...alsoSpanIds]) : alsoSpanIds;
  if (model.tree.counts.DUPLICATE_ID > 0) {
    // An id shared by several spans matches them all; the id map knows only the first.
    model.spans.forEach((span, i) => {
      if (ids.has(span.spanId)) byId[i] = 1;
    });
  } else {
    for (const id of ids) {
      const row = model.tree.rowOfSpanId.get(id);
      if (row !== undefined) byId[rowSpan[row]!] = 1;
    }
  }
  const matches: number[] = [];
  for (let r = 0; r < rowSpan.length; r++) {
    const s = rowSpan[r]!;
    if (s >= 0 && (nameHit[nameIndexes[s]!] === 1 || serviceHit[serviceIndexes[s]!] === 1 || byId[s] === 1)) matches.push(r);
  }
  return matches;
}

/** Rows whose span has status ERROR, in tree order. */
export function errorRows(model: TraceModel): number[] {
  const out: number[] = [];
  const { statusCodes, tree } = model.skeleton;
  const rowSpan = tree.span;
  for (let r = 0; r < rowSpan.length; r++) if (rowSpan[r]! >= 0 && statusCodes[rowSpan[r]!] === 2) out.push(r);
  return out;
}

/** The collapsed rows with `row`'s ancestors removed, so that it is visible. */
export function revealRow(model: TraceModel, collapsed: ReadonlySet<number>, row: number): ReadonlySet<number> {
  let next: Set<number> | null = null;
  for (let p = model.tree.rows[row]!.parent; p >= 0; p = model.tree.rows[p]!.parent) {
    if (collapsed.has(p)) (next ??= new Set(collapsed)).delete(p);
  }
  return next ?? collapsed;
}

/** The next (or previous) entry of sorted `rows` after `from`, wrapping around; null if none. */
export function step(rows: readonly number[], from: number | null, direction: 1 | -1): number | null {
  if (rows.length === 0) return null;
  if (from === null) return direction === 1 ? rows[0]! : rows[rows.length - 1]!;
  if (direction === 1) {
    for (const r of rows) if (r > from) return r;
    return rows[0]!;
  }
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]! < from) return rows[i]!;
  return rows[rows.length - 1]!;
}

// Search inside one trace: the rows whose span's name, service or id contains the text
// (case-insensitive), here at once from the skeleton, joined by the spans whose attributes,
// events or resource contain it, which the store finds (it holds the attributes; the view does
// not load them for every span).
import type { TraceModel } from './trace-model';

/** Rows (pre-order) whose span matches by name, service or id, or is in `alsoSpanIds`; empty for an empty query. */
export function searchTrace(model: TraceModel, query: string, alsoSpanIds: ReadonlySet<string> = new Set()): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  // A trace has a few hundred distinct names and a few services across its spans: each is
  // lowercased and tested once, not once per span (two toLowerCase() per span were most of
  // a search at 100,000 spans).
  const tested = new Map<string, boolean>();
  const contains = (text: string) => {
    let found = tested.get(text);
    if (found === undefined) {
      found = text.toLowerCase().includes(needle);
      tested.set(text, found);
    }
    return found;
  };
  const matches: number[] = [];
  const rows = model.tree.rows;
  for (let r = 0; r < rows.length; r++) {
    const index = rows[r]!.span;
    if (index < 0) continue;
    const span = model.spans[index]!;
    if (contains(span.name) || contains(span.service) || span.spanId === needle || alsoSpanIds.has(span.spanId)) matches.push(r);
  }
  return matches;
}

/** Rows whose span has status ERROR, in tree order. */
export function errorRows(model: TraceModel): number[] {
  const out: number[] = [];
  model.tree.rows.forEach((row, r) => {
    if (row.span >= 0 && model.spans[row.span]!.statusCode === 2) out.push(r);
  });
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

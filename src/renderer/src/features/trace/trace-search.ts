// Search inside one trace: the rows whose span's service, name, or any attribute key or value
// (span, resource, events) contains the text, case-insensitive, in tree order. No index: one
// pass over the spans costs ~20-40 ms at 100,000 spans, and building one would cost more memory
// than the trace itself.
import type { AnyValue, KeyValue } from '../../../../shared/model';
import type { TraceModel } from './trace-model';

function valueContains(value: AnyValue, needle: string): boolean {
  if ('stringValue' in value) return value.stringValue.toLowerCase().includes(needle);
  if ('intValue' in value) return value.intValue.includes(needle);
  if ('doubleValue' in value) return String(value.doubleValue).includes(needle);
  if ('boolValue' in value) return String(value.boolValue) === needle;
  if ('arrayValue' in value) return value.arrayValue.values.some((v) => valueContains(v, needle));
  if ('kvlistValue' in value) return attributesContain(value.kvlistValue.values, needle);
  return false;
}

function attributesContain(attributes: readonly KeyValue[], needle: string): boolean {
  for (const kv of attributes) if (kv.key.toLowerCase().includes(needle) || valueContains(kv.value, needle)) return true;
  return false;
}

/** Rows (pre-order) whose span matches; empty for an empty query. */
export function searchTrace(model: TraceModel, query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const matches: number[] = [];
  const resourceMatches = new Map<object, boolean>();
  model.tree.rows.forEach((row, r) => {
    if (row.span < 0) return;
    const span = model.spans[row.span]!;
    let resource = resourceMatches.get(span.resource);
    if (resource === undefined) resourceMatches.set(span.resource, (resource = attributesContain(span.resource.attributes, needle)));
    if (
      resource ||
      span.name.toLowerCase().includes(needle) ||
      span.service.toLowerCase().includes(needle) ||
      span.spanId === needle ||
      attributesContain(span.json.attributes, needle) ||
      span.json.events.some((e) => e.name.toLowerCase().includes(needle) || attributesContain(e.attributes, needle))
    )
      matches.push(r);
  });
  return matches;
}

/** Rows whose span has status ERROR, in tree order. */
export function errorRows(model: TraceModel): number[] {
  const out: number[] = [];
  model.tree.rows.forEach((row, r) => {
    if (row.span >= 0 && model.spans[row.span]!.json.status.code === 2) out.push(r);
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

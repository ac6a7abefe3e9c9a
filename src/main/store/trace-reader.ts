// The read side of the store: the pickers, trace search and whole traces. Every query is
// driven by an index chosen here (not left to the planner, which picks a full scan for
// "ORDER BY start DESC LIMIT n" with a selective filter), so its cost is bounded by the rows it
// returns, not by the size of the store. bench/ingest.ts measures each at 5M spans.
import type { AttributeFilter, OperationInfo, ServiceInfo, TraceQuery, SkeletonColumns, TraceSummary } from '../../shared/api';
import { attributesContain } from '../../shared/search/text-match';
import type { InstrumentationScope, KeyValue, Resource, Span, SpanGroup } from '../../shared/model';
import { attributeTerm, operationTerm, resourceTerm, scalarText } from '../../shared/search/attribute-terms';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database';
import { loadAttributes, loadEvents, loadLinks } from './stored-json';
import { toInt64 } from './int64';
import { DOCUMENT_ROWID_BASE } from './search-documents';

const NS_PER_MS = 1_000_000n;
// A duration bound that matches at most this many traces drives the search through the
// duration index; one that matches more is checked row by row while walking newest first.
const SELECTIVE_DURATION_ROWS = 5000;
// Attribute search walks matching spans newest first; it gives up after this many candidates
// so that a value on millions of spans with other filters that reject them all stays bounded.
const MAX_ATTRIBUTE_CANDIDATES = 200_000;
// An operation found in at most this many search documents is answered from its documents (exact
// whatever the arrival order); a more common one by walking traces newest (or slowest) first.
export const OPERATION_CANDIDATE_DOCS = 2000;
// The trace of each matching search document, newest document first. Documents written since
// schema 2 carry the trace in their rowid (span-writer.ts DOCUMENT_ROWID_BASE); the ones migration
// 002 wrote for older traces have the rowid -tk; schema 1's have the id of a span of the trace.
const CANDIDATE_TRACES = `SELECT CASE WHEN f.rowid >= ${DOCUMENT_ROWID_BASE} THEN (f.rowid - ${DOCUMENT_ROWID_BASE}) >> 24
    WHEN f.rowid < 0 THEN -f.rowid ELSE (SELECT s.tk FROM spans s WHERE s.id = f.rowid) END
  FROM span_terms f WHERE span_terms MATCH ? ORDER BY f.rowid DESC`;

interface TraceRow {
  tk: bigint; // safeIntegers: every integer column comes back as bigint
  trace_id: Buffer;
  start_ns: bigint;
  end_ns: bigint;
  duration_ns: bigint;
  span_count: bigint;
  error_count: bigint;
  root_span_id: Buffer | null;
  root_service: string;
  root_name: string;
  services: string;
}

/**
 * The columns of a whole span, read as a raw row of plain values: ids as lowercase hex and times
 * as text (exact past 2^53), so better-sqlite3 makes no Buffer and no BigInt per column. For a
 * 59-span trace that read takes 0.14-0.15 ms instead of 0.31-0.34 ms with named columns, a
 * Buffer per id and BigInt integers (2,000 reads, warm cache, this machine).
 */
const SPAN_COLUMNS = `lower(hex(span_id)), coalesce(lower(hex(parent_span_id)), ''), trace_state, flags, name, kind,
  CAST(start_ns AS TEXT), CAST(end_ns AS TEXT), status_code, status_message, resource_id, scope_id, attributes, events, links,
  dropped_attributes_count, dropped_events_count, dropped_links_count`;

type SpanRow = [
  spanId: string,
  parentSpanId: string,
  traceState: string,
  flags: number,
  name: string,
  kind: number,
  start: string,
  end: string,
  statusCode: number,
  statusMessage: string,
  resourceId: number,
  scopeId: number,
  attributes: string,
  events: string,
  links: string,
  droppedAttributes: number,
  droppedEvents: number,
  droppedLinks: number,
];

const TRACE_COLUMNS =
  't.tk, t.trace_id, t.start_ns, t.end_ns, t.duration_ns, t.span_count, t.error_count, t.root_span_id, t.root_service, t.root_name, t.services';

export class TraceReader {
  private readonly resources = new Map<number, Resource>();
  private readonly scopes = new Map<number, InstrumentationScope>();
  private readonly serviceNames = new Map<number, string>();
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  private readonly plainStatements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  constructor(private readonly db: Db) {}

  listServices(): ServiceInfo[] {
    const rows = this.query('SELECT id, name, span_count, last_seen_ns FROM services WHERE span_count > 0 ORDER BY name').all() as {
      id: bigint;
      name: string;
      span_count: number;
      last_seen_ns: bigint;
    }[];
    return rows.map((r) => ({ name: r.name, spanCount: Number(r.span_count), lastSeenUnixNano: unsigned(r.last_seen_ns), arrival: Number(r.id) }));
  }

  listOperations(service: string): OperationInfo[] {
    const rows = this.query(
      `SELECT o.name, o.span_count, o.last_seen_ns FROM operations o JOIN services s ON s.id = o.service_id
       WHERE s.name = ? AND o.span_count > 0 ORDER BY o.name`,
    ).all(service) as { name: string; span_count: number; last_seen_ns: bigint }[];
    return rows.map((r) => ({ name: r.name, spanCount: Number(r.span_count), lastSeenUnixNano: unsigned(r.last_seen_ns) }));
  }

  traceCount(): number {
    return Number(this.query('SELECT count(*) FROM traces').pluck().get());
  }

  summary(traceId: string): TraceSummary | null {
    const row = this.query(`SELECT ${TRACE_COLUMNS} FROM traces t WHERE t.trace_id = ?`).get(Buffer.from(traceId, 'hex')) as
      | TraceRow
      | undefined;
    return row ? toSummary(row) : null;
  }

  /** All spans of a trace, grouped by resource and scope, earliest first. */
  trace(traceId: string): SpanGroup[] | null {
    const tk = this.traceKey(traceId);
    if (tk === undefined) return null;
    const rows = this.plainQuery(`SELECT ${SPAN_COLUMNS} FROM spans WHERE tk = ? ORDER BY start_ns, id`).all(tk) as SpanRow[];
    return rows.length === 0 ? null : this.group(traceId, rows);
  }

  private traceKey(traceId: string): number | bigint | undefined {
    return this.query('SELECT tk FROM traces WHERE trace_id = ?').pluck().get(Buffer.from(traceId, 'hex')) as number | bigint | undefined;
  }

  private serviceName(resourceId: number): string {
    let name = this.serviceNames.get(resourceId);
    if (name === undefined) {
      name = this.query('SELECT service_name FROM resources WHERE id = ?').pluck().get(resourceId) as string;
      this.serviceNames.set(resourceId, name);
    }
    return name;
  }

  private group(traceId: string, rows: SpanRow[]): SpanGroup[] {
    const groups = new Map<string, SpanGroup>();
    for (const row of rows) {
      const resourceId = row[10];
      const scopeId = row[11];
      const key = `${resourceId}:${scopeId}`;
      let group = groups.get(key);
      if (!group) {
        group = { resource: this.resource(resourceId), scope: this.scope(scopeId), spans: [] };
        groups.set(key, group);
      }
      group.spans.push(toSpan(traceId, row));
    }
    return [...groups.values()];
  }

  /**
   * The trace's spans without attributes (the trace view's skeleton), in no particular order
   * (the view derives the tree, which orders them).
   */
  skeleton(traceId: string): SkeletonColumns | null {
    const tk = this.traceKey(traceId);
    if (tk === undefined) return null;
    // SQLite computes the offsets from the earliest start and joins each column into one string,
    // which JS splits natively: at 101,000 spans, a row per span (BigInt columns, a Buffer per id)
    // took 1.2-1.5 s of which ~0.3 s was SQLite; this form takes ~0.4 s in all (measured on this
    // machine with the bench's big trace). A time of 0 (missing) or past 2^63 ns (the year 2262,
    // only ever garbage) becomes NaN.
    // The index holds each span's row id and start, so its extent and base cost ~5 ms at 100,000
    // spans. Rows are read by scanning their row id range when the trace's spans are mostly
    // consecutive there (a trace sent in a burst, an imported file): looking up 100,000 rows one
    // by one from the index took 80-120 ms, scanning them 30 (the whole query 285 -> 170 ms).
    // Three times as many rows scanned as kept is about even.
    const [count, firstId, lastId, earliest] = this.plainQuery(
      'SELECT count(*), min(id), max(id), CAST(min(CASE WHEN start_ns > 0 THEN start_ns END) AS TEXT) FROM spans WHERE tk = ?',
    ).get(tk) as [number, number | null, number | null, string | null];
    if (count === 0) return null;
    const base = earliest === null ? 0n : BigInt(earliest);
    const scan = lastId! - firstId! + 1 <= 3 * count;
    // The numeric columns come as one list, five values a span: each aggregated column costs
    // 15-25 ms over the row scan at 100,000 spans, and five in one printf took 51-53 ms against
    // 70-97.
    const columns = this.plainQuery(
      `SELECT group_concat(lower(hex(span_id)), ''), group_concat(coalesce(lower(hex(parent_span_id)), ''), ','),
         json_group_array(name),
         group_concat(printf('%d,%d,%d,%s,%s', kind, status_code, resource_id,
           CASE WHEN start_ns > 0 THEN start_ns - @base ELSE '' END, CASE WHEN end_ns > 0 THEN end_ns - @base ELSE '' END), ','),
         json_group_array(CASE WHEN events = '[]' THEN NULL ELSE events END)
       FROM spans WHERE ${scan ? 'id BETWEEN @firstId AND @lastId AND +tk = @tk' : 'tk = @tk'}`,
    ).get({ base, tk, firstId, lastId }) as [string, string, string, string, string];
    const [spanIds, parentSpanIds, names, numbers, events] = columns;
    const nameDictionary = new Dictionary();
    const services = new Dictionary();
    const serviceOfResource = new Map<string, number>();
    const serviceIndexOf = (resourceId: string) => {
      let index = serviceOfResource.get(resourceId);
      if (index === undefined) {
        index = services.index(this.serviceName(Number(resourceId)));
        serviceOfResource.set(resourceId, index);
      }
      return index;
    };
    const values = numbers.split(',');
    const kinds = new Array<number>(count);
    const statusCodes = new Array<number>(count);
    const serviceIndexes = new Array<number>(count);
    const startOffsets = new Float64Array(count);
    const endOffsets = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      kinds[i] = Number(values[5 * i]);
      statusCodes[i] = Number(values[5 * i + 1]);
      serviceIndexes[i] = serviceIndexOf(values[5 * i + 2]!);
      startOffsets[i] = values[5 * i + 3] === '' ? Number.NaN : Number(values[5 * i + 3]);
      endOffsets[i] = values[5 * i + 4] === '' ? Number.NaN : Number(values[5 * i + 4]);
    }
    const ids: string[] = new Array(count);
    for (let i = 0; i < count; i++) ids[i] = spanIds.slice(i * 16, i * 16 + 16);
    const skeleton: SkeletonColumns = {
      traceId,
      baseUnixNano: base.toString(),
      services: services.values,
      names: nameDictionary.values,
      spanIds: ids,
      parentSpanIds: parentSpanIds.split(','),
      nameIndexes: (JSON.parse(names) as string[]).map((name) => nameDictionary.index(name)),
      serviceIndexes,
      startOffsets,
      endOffsets,
      kinds,
      statusCodes,
      events: (JSON.parse(events) as (string | null)[]).map((stored) => (stored === null ? null : eventMarks(stored, base))),
    };
    return skeleton;
  }

  /** Some spans of a trace in full, grouped by resource and scope. */
  spans(traceId: string, spanIds: string[]): SpanGroup[] {
    const tk = this.traceKey(traceId);
    if (tk === undefined || spanIds.length === 0) return [];
    const rows = this.plainQuery(
      `SELECT ${SPAN_COLUMNS} FROM spans WHERE tk = ? AND span_id IN (SELECT unhex(value) FROM json_each(?)) ORDER BY start_ns, id`,
    ).all(tk, JSON.stringify(spanIds)) as SpanRow[];
    return this.group(traceId, rows);
  }

  /**
   * Ids of the spans whose attributes, events or resource contain the text. SQLite narrows the
   * spans by the stored text (lowercased), then each candidate is checked on its decoded
   * attributes, so JSON syntax or escapes never make a match.
   */
  find(traceId: string, text: string): string[] {
    const tk = this.traceKey(traceId);
    const needle = text.toLowerCase();
    if (tk === undefined || needle === '') return [];
    const matchingResources = [...this.allResources()].filter(([, r]) => attributesContain(r.attributes, needle)).map(([id]) => Number(id));
    // The text as it appears inside the stored JSON (quotes and backslashes escaped).
    const stored = JSON.stringify(needle).slice(1, -1);
    const rows = this.query(
      `SELECT span_id, resource_id, attributes, events FROM spans
       WHERE tk = ? AND (instr(lower(attributes), ?) > 0 OR instr(lower(events), ?) > 0 OR resource_id IN (SELECT value FROM json_each(?)))
       ORDER BY start_ns, id`,
    ).all(tk, stored, stored, JSON.stringify(matchingResources)) as { span_id: Buffer; resource_id: number | bigint; attributes: string; events: string }[];
    const resources = new Set(matchingResources);
    const out: string[] = [];
    for (const row of rows) {
      const matches =
        resources.has(Number(row.resource_id)) ||
        attributesContain(loadAttributes(row.attributes), needle) ||
        loadEvents(row.events).some((e) => e.name.toLowerCase().includes(needle) || attributesContain(e.attributes, needle));
      if (matches) out.push(row.span_id.toString('hex'));
    }
    return out;
  }

  search(q: TraceQuery): TraceSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.start !== undefined) {
      where.push('t.start_ns >= ?');
      params.push(msToNs(q.start));
    }
    if (q.end !== undefined) {
      where.push('t.start_ns <= ?');
      params.push(msToNs(q.end));
    }
    if (q.minDurationMs !== undefined) {
      where.push('t.duration_ns >= ?');
      params.push(msToNs(q.minDurationMs));
    }
    if (q.maxDurationMs !== undefined) {
      where.push('t.duration_ns <= ?');
      params.push(msToNs(q.maxDurationMs));
    }
    if (q.status === 'error') where.push('t.error_count > 0');

    let serviceId: number | null = null;
    if (q.service !== undefined) {
      serviceId = (this.query('SELECT id FROM services WHERE name = ?').pluck().get(q.service) as number | undefined) ?? null;
      if (serviceId === null) return [];
    }
    let operationIds: number[] = [];
    if (q.operation !== undefined) {
      operationIds = (
        serviceId === null
          ? this.query('SELECT id FROM operations WHERE name = ?').pluck().all(q.operation)
          : this.query('SELECT id FROM operations WHERE service_id = ? AND name = ?').pluck().all(serviceId, q.operation)
      ) as number[];
      if (operationIds.length === 0) return [];
    }
    let cursor: Cursor | null = null;
    if (q.after !== undefined) {
      cursor = (this.query('SELECT start_ns, duration_ns, tk FROM traces WHERE trace_id = ?').get(Buffer.from(q.after, 'hex')) as Cursor | undefined) ?? null;
      // The trace that ended the previous page is gone (deleted): there is no next page to find.
      if (cursor === null) return [];
    }
    const afterCursor = (alias: string): { sql: string; params: unknown[] } =>
      cursor === null
        ? { sql: '', params: [] }
        : q.sort === 'slowest'
          ? { sql: `AND (${alias}.duration_ns, ${alias}.tk) < (?, ?)`, params: [cursor.duration_ns, cursor.tk] }
          : { sql: `AND (${alias}.start_ns, ${alias}.tk) < (?, ?)`, params: [cursor.start_ns, cursor.tk] };

    if (q.attr.length > 0 || q.traceId !== undefined) {
      const member = membership(serviceId, operationIds);
      const conditions = [...where, ...member.conditions];
      const conditionParams = [...params, ...member.params];
      const page = afterCursor('t');
      if (page.sql !== '') {
        conditions.push(page.sql.slice('AND '.length));
        conditionParams.push(...page.params);
      }
      return q.traceId !== undefined
        ? this.searchAmong(q, q.traceId, conditions, conditionParams)
        : this.searchByAttributes(q, conditions, conditionParams);
    }

    const order = q.sort === 'slowest' ? 't.duration_ns DESC, t.tk DESC' : 't.start_ns DESC, t.tk DESC';
    if (operationIds.length > 0) {
      const few = this.fewTracesWithOperations(operationIds);
      if (few !== null) {
        // An operation implies its service, so the candidates are the whole answer once the
        // other criteria are applied; sorted here, so the order is exact whatever the arrival.
        if (few.length === 0) return [];
        const page = afterCursor('t');
        return this.rows(
          `SELECT ${TRACE_COLUMNS} FROM traces t WHERE t.tk IN (SELECT value FROM json_each(?)) ${and(where)} ${page.sql}
           ORDER BY ${order} LIMIT ?`,
          [JSON.stringify(few), ...params, ...page.params, q.limit],
        );
      }
      // A common operation: walk the service's (or all) traces in the query's order and keep
      // those whose operation list has it; at least one trace in OPERATION_CANDIDATE_DOCS / (traces
      // walked) qualifies, so the walk stays short.
      const member = membership(null, operationIds);
      where.push(...member.conditions);
      params.push(...member.params);
    }
    if (serviceId !== null) {
      if (q.sort === 'newest') {
        const page = afterCursor('s');
        return this.rows(
          `SELECT ${TRACE_COLUMNS} FROM trace_services s JOIN traces t ON t.tk = s.tk
           WHERE s.service_id = ? ${and(where)} ${page.sql} ORDER BY s.start_ns DESC, s.tk DESC LIMIT ?`,
          [serviceId, ...params, ...page.params, q.limit],
        );
      }
      const page = afterCursor('t');
      return this.rows(
        `SELECT ${TRACE_COLUMNS} FROM traces t INDEXED BY traces_by_duration
         WHERE ${membership(serviceId, []).conditions[0]!} ${and(where)} ${page.sql} ORDER BY ${order} LIMIT ?`,
        [serviceId, ...params, ...page.params, q.limit],
      );
    }
    const page = afterCursor('t');
    const index =
      q.sort === 'slowest' || (q.minDurationMs !== undefined && this.durationIsSelective(q.minDurationMs))
        ? 'traces_by_duration'
        : q.status === 'error'
          ? 'traces_with_errors_by_start'
          : 'traces_by_start';
    const conditions = page.sql === '' ? where : [...where, page.sql.slice('AND '.length)];
    return this.rows(`SELECT ${TRACE_COLUMNS} FROM traces t INDEXED BY ${index} ${whereClause(conditions)} ORDER BY ${order} LIMIT ?`, [
      ...params,
      ...page.params,
      q.limit,
    ]);
  }

  /**
   * Attribute filters go through the span_terms full-text index: the first filter's term (or a
   * resource carrying that attribute) gives candidate spans, newest first; each candidate trace is
   * then checked against the stored attributes (so hash collisions never reach a result), the
   * other attribute filters (any span of the trace may carry each one) and the other criteria.
   */
  private searchByAttributes(q: TraceQuery, conditions: string[], conditionParams: unknown[]): TraceSummary[] {
    const candidates = this.query(CANDIDATE_TRACES).pluck();
    const traceByTk = this.query(`SELECT ${TRACE_COLUMNS} FROM traces t WHERE t.tk = ? ${and(conditions)}`);
    const seen = new Set<number>();
    const found: TraceRow[] = [];
    // Sorting by slowest needs every match; newest first stops at the limit (arrival order is
    // start order for live traffic; results are sorted by start below).
    const enough = q.sort === 'newest' ? q.limit : Number.POSITIVE_INFINITY;
    let examined = 0;
    for (const value of candidates.iterate(this.matchExpression(q.attr[0]!))) {
      const tk = Number(value);
      if (++examined > MAX_ATTRIBUTE_CANDIDATES) break;
      if (seen.has(tk)) continue;
      seen.add(tk);
      const row = traceByTk.get(tk, ...conditionParams) as TraceRow | undefined;
      if (!row || !this.hasAllAttributes(tk, q.attr)) continue;
      found.push(row);
      if (found.length >= enough) break;
    }
    return sortedPage(found, q);
  }

  /** The traces containing one of the operations, or null when they are more than a few. */
  private fewTracesWithOperations(operationIds: number[]): number[] | null {
    const traces = new Set<number>();
    let documents = 0;
    const expression = operationIds.map((id) => `"${operationTerm(id)}"`).join(' OR ');
    for (const tk of this.query(CANDIDATE_TRACES).pluck().iterate(expression)) {
      if (++documents > OPERATION_CANDIDATE_DOCS) return null;
      traces.add(Number(tk));
    }
    return [...traces];
  }

  /** Which of the given traces match the query (the live list's question about updated traces). */
  private searchAmong(q: TraceQuery, traceIds: string[], conditions: string[], conditionParams: unknown[]): TraceSummary[] {
    if (traceIds.length === 0) return [];
    const rows = this.query(
      `SELECT ${TRACE_COLUMNS} FROM traces t WHERE t.trace_id IN (SELECT unhex(value) FROM json_each(?)) ${and(conditions)}`,
    ).all(JSON.stringify(traceIds), ...conditionParams) as TraceRow[];
    return sortedPage(q.attr.length === 0 ? rows : rows.filter((row) => this.hasAllAttributes(Number(row.tk), q.attr)), q);
  }

  /**
   * Whether the trace's spans carry every filter (each on any span, as a span or a resource
   * attribute). Spans are read one at a time
   * until all are found, and a span's attributes are parsed only when their text holds the key:
   * in the workload every span of a trace carries `user_id`, so this reads one span of the
   * trace, not all. A page of 100 traces found by `user_id` at 5M spans: 7-18 -> 2-3 ms warm.
   */
  private hasAllAttributes(tk: number, filters: AttributeFilter[]): boolean {
    let missing = filters.map((filter) => ({ filter, keyText: JSON.stringify(filter.key) }));
    for (const span of this.query('SELECT attributes, resource_id FROM spans WHERE tk = ?').iterate(tk) as Iterable<StoredAttributes>) {
      missing = missing.filter(({ filter, keyText }) => !this.spanHas(span, filter, keyText));
      if (missing.length === 0) return true;
    }
    return false;
  }

  private matchExpression(filter: AttributeFilter): string {
    const terms = [attributeTerm(filter.key, filter.value)];
    for (const [id, resource] of this.allResources()) {
      if (hasAttribute(resource.attributes, filter)) terms.push(resourceTerm(id));
    }
    return terms.map((t) => `"${t}"`).join(' OR ');
  }

  /** `keyText`: the key as JSON, which the stored attributes' text holds if the span has the key. */
  private spanHas(span: StoredAttributes, filter: AttributeFilter, keyText: string): boolean {
    return (
      (span.attributes.includes(keyText) && hasAttribute(loadAttributes(span.attributes), filter)) ||
      hasAttribute(this.resource(span.resource_id).attributes, filter)
    );
  }

  private allResources(): Map<number, Resource> {
    const count = Number(this.query('SELECT count(*) FROM resources').pluck().get());
    if (count !== this.resources.size) {
      for (const id of this.query('SELECT id FROM resources').pluck().all() as number[]) this.resource(id);
    }
    return this.resources;
  }

  private durationIsSelective(minDurationMs: number): boolean {
    const matching = Number(
      this.query('SELECT count(*) FROM (SELECT 1 FROM traces INDEXED BY traces_by_duration WHERE duration_ns >= ? LIMIT ?)')
        .pluck()
        .get(msToNs(minDurationMs), SELECTIVE_DURATION_ROWS + 1),
    );
    return matching <= SELECTIVE_DURATION_ROWS;
  }

  private resource(id: number): Resource {
    let resource = this.resources.get(id);
    if (!resource) {
      const row = this.query('SELECT attributes, dropped_attributes_count, schema_url FROM resources WHERE id = ?').get(id) as {
        attributes: string;
        dropped_attributes_count: number;
        schema_url: string;
      };
      resource = {
        attributes: loadAttributes(row.attributes),
        droppedAttributesCount: Number(row.dropped_attributes_count),
        schemaUrl: row.schema_url,
      };
      this.resources.set(id, resource);
    }
    return resource;
  }

  private scope(id: number): InstrumentationScope {
    let scope = this.scopes.get(id);
    if (!scope) {
      const row = this.query('SELECT name, version, attributes, dropped_attributes_count, schema_url FROM scopes WHERE id = ?').get(id) as {
        name: string;
        version: string;
        attributes: string;
        dropped_attributes_count: number;
        schema_url: string;
      };
      scope = {
        name: row.name,
        version: row.version,
        attributes: loadAttributes(row.attributes),
        droppedAttributesCount: Number(row.dropped_attributes_count),
        schemaUrl: row.schema_url,
      };
      this.scopes.set(id, scope);
    }
    return scope;
  }

  private rows(sql: string, params: unknown[]): TraceSummary[] {
    return (this.query(sql).all(...params) as TraceRow[]).map(toSummary);
  }

  /** A statement whose rows come back as arrays of plain numbers (see skeleton()). */
  private plainQuery(sql: string) {
    let statement = this.plainStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql).safeIntegers(false).raw(true);
      this.plainStatements.set(sql, statement);
    }
    return statement;
  }

  /** Prepared statements are cached by text: each search shape is compiled once. */
  private query(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql).safeIntegers(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

interface StoredAttributes {
  attributes: string;
  resource_id: number;
}

function hasAttribute(attributes: readonly KeyValue[], filter: AttributeFilter): boolean {
  for (const { key, value } of attributes) if (key === filter.key && scalarText(value) === filter.value) return true;
  return false;
}

/** Values numbered in order of first use. */
/** An event's offset from the trace's base and whether it is an exception, from stored events. */
function eventMarks(stored: string, base: bigint): [number, 0 | 1][] {
  return (JSON.parse(stored) as [string, string][]).map(([time, name]): [number, 0 | 1] => {
    const ns = BigInt(time);
    return [ns === 0n ? 0 : Number(ns - base), name === 'exception' ? 1 : 0];
  });
}

class Dictionary {
  readonly values: string[] = [];
  private readonly indexes = new Map<string, number>();

  index(value: string): number {
    let at = this.indexes.get(value);
    if (at === undefined) {
      at = this.values.length;
      this.values.push(value);
      this.indexes.set(value, at);
    }
    return at;
  }
}

interface Cursor {
  start_ns: bigint;
  duration_ns: bigint;
  tk: bigint;
}

/** Conditions that a trace involves the service and one of the operations, with their parameters. */
function membership(serviceId: number | null, operationIds: number[]): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (serviceId !== null) {
    conditions.push('EXISTS (SELECT 1 FROM trace_services ts WHERE ts.service_id = ? AND ts.start_ns = t.start_ns AND ts.tk = t.tk)');
    params.push(serviceId);
  }
  if (operationIds.length > 0) {
    // traces.operation_ids is "12,40,41": look for ",40," in ",12,40,41,".
    conditions.push(`(${operationIds.map(() => "instr(',' || t.operation_ids || ',', ?) > 0").join(' OR ')})`);
    params.push(...operationIds.map((id) => `,${id},`));
  }
  return { conditions, params };
}

/** Rows found outside an index walk, in the query's order, cut to its limit. */
function sortedPage(rows: TraceRow[], q: TraceQuery): TraceSummary[] {
  const byTk = (a: TraceRow, b: TraceRow) => compareBig(b.tk, a.tk);
  rows.sort((a, b) =>
    q.sort === 'slowest' ? compareBig(b.duration_ns, a.duration_ns) || byTk(a, b) : compareBig(b.start_ns, a.start_ns) || byTk(a, b),
  );
  return rows.slice(0, q.limit).map(toSummary);
}

function and(conditions: string[]): string {
  return conditions.length === 0 ? '' : `AND ${conditions.join(' AND ')}`;
}

function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

function msToNs(ms: number): bigint {
  return toInt64(BigInt(Math.round(ms * 1000)) * (NS_PER_MS / 1000n));
}

function unsigned(value: bigint | number): string {
  return BigInt.asUintN(64, BigInt(value)).toString();
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toSummary(row: TraceRow): TraceSummary {
  return {
    traceId: row.trace_id.toString('hex'),
    rootServiceName: row.root_service,
    rootName: row.root_name,
    hasRoot: row.root_span_id !== null,
    startTimeUnixNano: unsigned(row.start_ns),
    durationNanos: Number(row.duration_ns),
    spanCount: Number(row.span_count),
    errorCount: Number(row.error_count),
    services: JSON.parse(row.services) as string[],
  };
}

function toSpan(traceId: string, row: SpanRow): Span {
  const [spanId, parentSpanId, traceState, flags, name, kind, start, end, statusCode, statusMessage] = row;
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState,
    flags,
    name,
    kind,
    // Times past 2^63 ns are stored as the same 64 bits, i.e. negative (see toInt64).
    startTimeUnixNano: BigInt.asUintN(64, BigInt(start)),
    endTimeUnixNano: BigInt.asUintN(64, BigInt(end)),
    attributes: loadAttributes(row[12]),
    droppedAttributesCount: row[15],
    events: loadEvents(row[13]),
    droppedEventsCount: row[16],
    links: loadLinks(row[14]),
    droppedLinksCount: row[17],
    statusCode,
    statusMessage,
  };
}

// Taking back what a file import stored when the import fails or is cancelled (ADR 0009): the
// span rows its batches inserted are deleted in one transaction, and every trace they touched is
// deleted with its search rows and documents when nothing of it remains, or else rebuilt from
// the spans it keeps (summary, per-service search rows, one search document).
import type { TraceUpdate } from '../../shared/api';
import { operationTerm, resourceTerm } from '../../shared/search/attribute-terms';
import type { Db } from './connection';
import { toInt64 } from './int64';
import { attributeTerms } from './prepared-batch';
import { documentRowid } from './search-documents';
import { loadAttributes } from './stored-json';
import { mergeSpan, newTraceState, summaryFromState, type TraceState } from './trace-state';

export interface TakeBackResult {
  /** Spans deleted. */
  removed: number;
  /** The traces that changed or went (`removed`). */
  updates: TraceUpdate[];
}

/** The sum of a take-back done over several transactions: a trace named twice keeps its last update. */
export class TakeBackTotal {
  private removed = 0;
  private readonly updates = new Map<string, TraceUpdate>();

  add(part: TakeBackResult): void {
    this.removed += part.removed;
    for (const update of part.updates) {
      this.updates.delete(update.traceId);
      this.updates.set(update.traceId, update);
    }
  }

  result(): TakeBackResult {
    return { removed: this.removed, updates: [...this.updates.values()] };
  }
}

/** What taking back needs of the SpanWriter (its caches and statements stay its own). */
export interface TakeBackHost {
  loadTrace(traceId: string): TraceState | null;
  saveTrace(state: TraceState): void;
  serviceId(name: string): number;
  operationId(serviceId: number, name: string): number;
  insertTraceService(serviceId: number, start: bigint, tk: number): void;
  insertDocument(rowid: bigint, terms: string): void;
}

/** Row ids as ranges: a trace's spans in one transaction get consecutive ids. */
export class StoredRows {
  /** [from, to, from, to, ...], inclusive; those before `next` are taken. */
  private readonly ranges: number[] = [];
  private next = 0;

  add(id: number): void {
    const last = this.ranges.length - 1;
    if (last > this.next && this.ranges[last] === id - 1) this.ranges[last] = id;
    else this.ranges.push(id, id);
  }

  get empty(): boolean {
    return this.next >= this.ranges.length;
  }

  /** Takes the first ranges not yet taken, about `rows` rows (a longer range is split). */
  take(rows: number): number[] {
    const out: number[] = [];
    let left = rows;
    while (left > 0 && !this.empty) {
      const from = this.ranges[this.next]!;
      const to = this.ranges[this.next + 1]!;
      if (to - from + 1 <= left) {
        out.push(from, to);
        left -= to - from + 1;
        this.next += 2;
      } else {
        out.push(from, from + left - 1);
        this.ranges[this.next] = from + left;
        left = 0;
      }
    }
    return out;
  }
}

/** A span as take-back reads it back to recompute its trace. */
interface RemainingSpan {
  spanId: Buffer;
  parentSpanId: Buffer | null;
  name: string;
  start: bigint;
  end: bigint;
  statusCode: bigint;
  service: string;
  resourceId: bigint;
  attributes: string;
}

export class TakeBack {
  private readonly q;
  private readonly transaction;

  constructor(
    db: Db,
    private readonly host: TakeBackHost,
  ) {
    this.q = {
      spansInRange: db
        .prepare(
          `SELECT s.tk AS tk, r.service_name AS service, s.name AS name, count(*) AS n FROM spans s JOIN resources r ON r.id = s.resource_id
           WHERE s.id BETWEEN ? AND ? GROUP BY s.tk, r.service_name, s.name`,
        )
        .safeIntegers(false),
      deleteRange: db.prepare('DELETE FROM spans WHERE id BETWEEN ? AND ?'),
      traceIdOf: db.prepare('SELECT trace_id FROM traces WHERE tk = ?').pluck(),
      spansOfTrace: db
        .prepare(
          `SELECT s.span_id AS spanId, s.parent_span_id AS parentSpanId, s.name AS name, s.start_ns AS start, s.end_ns AS "end",
             s.status_code AS statusCode, r.service_name AS service, s.resource_id AS resourceId, s.attributes AS attributes
           FROM spans s JOIN resources r ON r.id = s.resource_id WHERE s.tk = ? ORDER BY s.id`,
        )
        .safeIntegers(true),
      deleteTraceService: db.prepare('DELETE FROM trace_services WHERE service_id = ? AND start_ns = ? AND tk = ?'),
      deleteDocument: db.prepare('DELETE FROM span_terms WHERE rowid = ?'),
      deleteTrace: db.prepare('DELETE FROM traces WHERE tk = ?'),
      dropOperationSpans: db.prepare(
        'UPDATE operations SET span_count = span_count - ? WHERE name = ? AND service_id = (SELECT id FROM services WHERE name = ?)',
      ),
      dropServiceSpans: db.prepare('UPDATE services SET span_count = span_count - ? WHERE name = ?'),
    };
    this.transaction = db.transaction((ranges: readonly number[]) => this.inTransaction(ranges));
  }

  /** Deletes the rows in `ranges` ([from, to, ...], inclusive) and mends what they leave behind. */
  deleteRows(ranges: readonly number[]): TakeBackResult {
    return this.transaction(ranges);
  }

  private inTransaction(ranges: readonly number[]): TakeBackResult {
    const { q, host } = this;
    const traces = new Set<number>();
    const spansByOperation = new Map<string, { service: string; name: string; n: number }>();
    let removed = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const from = ranges[i]!;
      const to = ranges[i + 1]!;
      for (const row of q.spansInRange.all(from, to) as { tk: number; service: string; name: string; n: number }[]) {
        traces.add(row.tk);
        const key = `${row.service}\u0000${row.name}`;
        const entry = spansByOperation.get(key);
        if (entry) entry.n += row.n;
        else spansByOperation.set(key, { service: row.service, name: row.name, n: row.n });
      }
      removed += q.deleteRange.run(from, to).changes;
    }
    const updates: TraceUpdate[] = [];
    for (const tk of traces) {
      const traceId = (q.traceIdOf.get(tk) as Buffer).toString('hex');
      const before = host.loadTrace(traceId)!;
      const start = toInt64(before.startNs);
      for (const id of before.serviceIds) q.deleteTraceService.run(id, start, tk);
      const remaining = q.spansOfTrace.all(tk) as RemainingSpan[];
      for (let n = 0; n < before.documents; n++) q.deleteDocument.run(documentRowid(tk, n));
      if (remaining.length === 0) {
        q.deleteTrace.run(tk);
        updates.push({ traceId, isNew: false, removed: true, summary: summaryFromState(before) });
        continue;
      }
      // One document with the terms of what remains (operation terms are not verified by a search).
      const state: TraceState = { ...newTraceState(traceId, remaining[0]!.start, remaining[0]!.end), tk, documents: 1 };
      const terms = new Set<string>();
      for (const span of remaining) {
        terms.add(resourceTerm(Number(span.resourceId)));
        for (const term of attributeTerms(loadAttributes(span.attributes)).split(' ')) if (term !== '') terms.add(term);
        const serviceId = host.serviceId(span.service);
        mergeSpan(
          state,
          {
            spanId: span.spanId.toString('hex'),
            parentSpanId: span.parentSpanId === null ? '' : span.parentSpanId.toString('hex'),
            name: span.name,
            start: span.start,
            end: span.end,
            statusCode: Number(span.statusCode),
          },
          span.service,
        );
        state.serviceIds.add(serviceId);
        state.operationIds.add(host.operationId(serviceId, span.name));
      }
      for (const id of state.operationIds) terms.add(operationTerm(id));
      host.insertDocument(documentRowid(tk, 0), [...terms].join(' '));
      host.saveTrace(state);
      for (const id of state.serviceIds) host.insertTraceService(id, toInt64(state.startNs), tk);
      updates.push({ traceId, isNew: false, summary: summaryFromState(state) });
    }
    // Pickers count down; a service or operation left with no span is hidden, not deleted, as
    // its id may still be named by search terms of other traces.
    for (const { service, name, n } of spansByOperation.values()) {
      q.dropOperationSpans.run(n, name, service);
      q.dropServiceSpans.run(n, service);
    }
    return { removed, updates };
  }
}

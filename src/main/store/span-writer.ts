// Writes decoded spans in one transaction per call: spans, their search terms, the per-trace
// summary and the per-trace search tables, and the service/operation pickers. Spans of one
// trace may come in any order, over any number of calls; the summary is merged each time.
import type { TraceUpdate } from '../../shared/api';
import type { DecodedBatch, InstrumentationScope, Resource } from '../../shared/model';
import { operationTerm, resourceTerm } from '../../shared/search/attribute-terms';
import { BoundedCache } from './bounded-cache';
import type { Db } from './connection';
import { toInt64 } from './int64';
import { prepareBatch, type PreparedBatch, type PreparedGroup, type PreparedSpan } from './prepared-batch';
import { MAX_DOCUMENT, documentRowid } from './search-documents';
import { StoredRows, TakeBack, type TakeBackResult } from './span-take-back';
import { storeAttributes } from './stored-json';
import { mergeSpan, newTraceState, summaryFromState, type TraceState } from './trace-state';

export interface WriteResult {
  /** Spans stored (exact re-deliveries of a stored span are not counted). */
  stored: number;
  duplicates: number;
  updates: TraceUpdate[];
}

/** The ids a group of spans resolves to, shared by its spans. */
interface GroupIds {
  resourceId: number;
  scopeId: number;
  serviceId: number;
  serviceName: string;
  resourceTerm: string;
}

interface TraceAccumulator {
  traceId: string;
  spans: PreparedSpan[];
  groups: GroupIds[];
  operations: number[];
  /** The tag of each span's batch (undefined for live traffic). */
  tags: (number | undefined)[];
}

// A failed import's rows are taken back this many at a time, so that live traffic commits in
// between: 83,968 spans (100 MB of NDJSON) took ~0.9 s in one transaction.
const TAKE_BACK_ROWS_PER_TRANSACTION = 20_000;

// Recently written traces, so that a trace arriving over several batches is merged without a
// lookup. 50,000 entries cover every trace still receiving spans at 10k spans/s for minutes.
const TRACE_CACHE_SIZE = 50_000;

export class SpanWriter {
  private readonly insertSpan;
  private readonly insertTerms;
  private readonly selectTrace;
  private readonly insertTrace;
  private readonly updateTrace;
  private readonly insertTraceService;
  private readonly moveTraceService;
  private readonly bumpService;
  private readonly bumpOperation;
  private readonly selectResource;
  private readonly insertResource;
  private readonly selectScope;
  private readonly insertScope;
  private readonly selectService;
  private readonly insertService;
  private readonly selectOperation;
  private readonly insertOperation;

  private readonly resourceIds = new BoundedCache<string, number>(10_000);
  private readonly scopeIds = new BoundedCache<string, number>(10_000);
  private readonly serviceIds = new Map<string, number>();
  private readonly operationIds = new BoundedCache<string, number>(100_000);
  private readonly traces = new BoundedCache<string, TraceState>(TRACE_CACHE_SIZE);
  private readonly writeTransaction;
  /** The span rows each tag's batches stored, kept until the tag is kept or taken back. */
  private readonly tagged = new Map<number, StoredRows>();
  /** Rows tagged batches stored in the transaction running now, added to `tagged` once it commits. */
  private taggedNow = new Map<number, number[]>();
  private readonly takingBack: TakeBack;

  constructor(db: Db) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (tk, span_id, parent_span_id, trace_state, flags, name, kind, start_ns, end_ns,
         status_code, status_message, resource_id, scope_id, attributes, events, links,
         dropped_attributes_count, dropped_events_count, dropped_links_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertTerms = db.prepare('INSERT INTO span_terms (rowid, terms) VALUES (?, ?)');
    this.selectTrace = db
      .prepare(
        `SELECT tk, start_ns, end_ns, span_count, error_count, root_span_id, root_service, root_name, services, service_ids, operation_ids,
           documents FROM traces WHERE trace_id = ?`,
      )
      .safeIntegers(true);
    this.insertTrace = db.prepare(
      `INSERT INTO traces (trace_id, start_ns, end_ns, duration_ns, span_count, error_count, root_span_id, root_service, root_name, services,
         service_ids, operation_ids, documents)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateTrace = db.prepare(
      `UPDATE traces SET start_ns = ?, end_ns = ?, duration_ns = ?, span_count = ?, error_count = ?,
         root_span_id = ?, root_service = ?, root_name = ?, services = ?, service_ids = ?, operation_ids = ?, documents = ? WHERE tk = ?`,
    );
    this.insertTraceService = db.prepare('INSERT OR IGNORE INTO trace_services (service_id, start_ns, tk) VALUES (?, ?, ?)');
    this.moveTraceService = db.prepare('UPDATE trace_services SET start_ns = ? WHERE service_id = ? AND start_ns = ? AND tk = ?');
    this.bumpService = db.prepare('UPDATE services SET span_count = span_count + ?, last_seen_ns = max(last_seen_ns, ?) WHERE id = ?');
    this.bumpOperation = db.prepare('UPDATE operations SET span_count = span_count + ?, last_seen_ns = max(last_seen_ns, ?) WHERE id = ?');
    this.selectResource = db.prepare('SELECT id FROM resources WHERE fingerprint = ?').pluck();
    this.insertResource = db.prepare(
      'INSERT INTO resources (fingerprint, service_name, attributes, dropped_attributes_count, schema_url) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectScope = db.prepare('SELECT id FROM scopes WHERE fingerprint = ?').pluck();
    this.insertScope = db.prepare(
      'INSERT INTO scopes (fingerprint, name, version, attributes, dropped_attributes_count, schema_url) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectService = db.prepare('SELECT id FROM services WHERE name = ?').pluck();
    this.insertService = db.prepare('INSERT INTO services (name) VALUES (?)');
    this.selectOperation = db.prepare('SELECT id FROM operations WHERE service_id = ? AND name = ?').pluck();
    this.insertOperation = db.prepare('INSERT INTO operations (service_id, name) VALUES (?, ?)');
    this.writeTransaction = db.transaction((batches: readonly PreparedBatch[]) => this.writeInTransaction(batches));
    this.takingBack = new TakeBack(db, {
      loadTrace: (traceId) => this.loadTrace(traceId),
      saveTrace: (state) => this.saveTrace(state),
      serviceId: (name) => this.serviceId(name),
      operationId: (serviceId, name) => this.operationId(serviceId, name),
      insertTraceService: (serviceId, start, tk) => void this.insertTraceService.run(serviceId, start, tk),
      insertDocument: (rowid, terms) => void this.insertTerms.run(rowid, terms),
    });
  }

  /** Stores every span of the batches in one transaction; returns once it is committed. */
  write(batches: readonly DecodedBatch[]): WriteResult {
    return this.writePrepared(batches.map(prepareBatch));
  }

  /** write() for batches already prepared (on another thread). */
  writePrepared(batches: readonly PreparedBatch[]): WriteResult {
    try {
      const result = this.writeTransaction(batches);
      for (const [tag, ids] of this.taggedNow) {
        let rows = this.tagged.get(tag);
        if (!rows) this.tagged.set(tag, (rows = new StoredRows()));
        for (const id of ids) rows.add(id);
      }
      return result;
    } catch (error) {
      // The transaction rolled back: cached trace states may describe rows that were never
      // written, so forget them all.
      this.traces.clear();
      throw error;
    } finally {
      this.taggedNow = new Map();
    }
  }

  /** What the tag's batches stored stays: forget their rows. */
  keep(tag: number): void {
    this.tagged.delete(tag);
  }

  /**
   * Deletes every span the tag's batches stored (spans that were already stored before are not
   * theirs and stay), and the traces left with no span; the traces that keep spans get their
   * summary, search rows and search document rebuilt from what remains, and the pickers count the
   * deleted spans down. One transaction takes back at most about `rowsPerTransaction` rows;
   * `done` says whether more remain (call again: writes may commit in between).
   */
  takeBack(tag: number, rowsPerTransaction = TAKE_BACK_ROWS_PER_TRANSACTION): TakeBackResult & { done: boolean } {
    const rows = this.tagged.get(tag);
    if (!rows) return { removed: 0, updates: [], done: true };
    const ranges = rows.take(rowsPerTransaction);
    if (rows.empty) this.tagged.delete(tag);
    if (ranges.length === 0) return { removed: 0, updates: [], done: true };
    try {
      return { ...this.takingBack.deleteRows(ranges), done: !this.tagged.has(tag) };
    } catch (error) {
      this.tagged.delete(tag);
      throw error;
    } finally {
      // Ids and trace states may name rows that are gone.
      this.resetCaches();
    }
  }

  private writeInTransaction(batches: readonly PreparedBatch[]): WriteResult {
    const byTrace = new Map<string, TraceAccumulator>();
    const serviceCounts = new Map<number, { count: number; lastSeen: bigint }>();
    const operationCounts = new Map<number, { count: number; lastSeen: bigint }>();
    for (const batch of batches) {
      const groups = batch.groups.map((group) => this.groupIds(group));
      for (const span of batch.spans) {
        let acc = byTrace.get(span.traceId);
        if (!acc) {
          acc = { traceId: span.traceId, spans: [], groups: [], operations: [], tags: [] };
          byTrace.set(span.traceId, acc);
        }
        const ids = groups[span.group]!;
        acc.spans.push(span);
        acc.groups.push(ids);
        acc.operations.push(this.operationId(ids.serviceId, span.name));
        acc.tags.push(batch.tag);
      }
    }

    let stored = 0;
    let duplicates = 0;
    const updates: TraceUpdate[] = [];
    const serviceRows: SearchRow[] = [];
    for (const acc of byTrace.values()) {
      const cached = this.traces.get(acc.traceId);
      const existing = cached ?? this.loadTrace(acc.traceId);
      const isNew = existing === null;
      const first = acc.spans[0]!;
      const state: TraceState = existing ?? newTraceState(first.traceId, first.start, first.end);
      const startBefore = state.startNs;
      const newServices: number[] = [];
      const newOperations: number[] = [];
      const merge = (i: number) => {
        const { serviceId, serviceName } = acc.groups[i]!;
        const operationId = acc.operations[i]!;
        mergeSpan(state, acc.spans[i]!, serviceName);
        if (!state.serviceIds.has(serviceId)) {
          state.serviceIds.add(serviceId);
          newServices.push(serviceId);
        }
        if (!state.operationIds.has(operationId)) {
          state.operationIds.add(operationId);
          newOperations.push(operationId);
        }
      };
      // A new trace's summary is computed before its row is written, so the row (and its
      // start and duration index entries) is written once: writing a placeholder and updating
      // it moved two index entries per trace, ~45 us a trace with one span.
      let fresh: boolean[] | null = null;
      if (isNew) {
        // The same span twice in one write (same id and start) is stored once. Keyed by span id
        // first: a "${id}:${start}" key per span converted every start time to text.
        const seen = new Map<string, bigint>();
        let seenOthers: Set<string> | null = null;
        fresh = acc.spans.map((span, i) => {
          const first = seen.get(span.spanId);
          if (first === undefined) seen.set(span.spanId, span.start);
          else {
            if (first === span.start) return false;
            seenOthers ??= new Set();
            const key = `${span.spanId}:${span.start}`;
            if (seenOthers.has(key)) return false;
            seenOthers.add(key);
          }
          merge(i);
          return true;
        });
        // Every fresh span of a new trace is stored (no row has its tk yet), so its first
        // search document is written below; the row records it from the start.
        state.documents = 1;
        state.tk = this.insertTraceRow(acc.traceId, state);
      }
      const tk = state.tk;
      let added = 0;
      // One search document per trace per transaction (its rowid is the first new span's id):
      // spans of a trace repeat most terms (method, user, resource), so this writes ~70 % fewer
      // index entries than a document per span; attribute search matches traces anyway.
      // The document's text is the spans' term strings as prepared, repeats and all: FTS5 keeps
      // one entry per term per document (detail=none), and splitting them into a Set here
      // cost the writer ~1.5 us per span in 500-span transactions (bench/store-profile.ts:
      // 58.6k -> 64.5k spans/s, mean of three runs each).
      const terms: string[] = [];
      let lastResourceTerm = '';
      let anyStored = false;
      for (let i = 0; i < acc.spans.length; i++) {
        if (fresh !== null && !fresh[i]) {
          duplicates++;
          continue;
        }
        const span = acc.spans[i]!;
        const { resourceId, scopeId, serviceId, resourceTerm: resourceTermText } = acc.groups[i]!;
        const operationId = acc.operations[i]!;
        const result = this.insertSpan.run(
          tk,
          Buffer.from(span.spanId, 'hex'),
          span.parentSpanId === '' ? null : Buffer.from(span.parentSpanId, 'hex'),
          span.traceState,
          span.flags,
          span.name,
          span.kind,
          toInt64(span.start),
          toInt64(span.end),
          span.statusCode,
          span.statusMessage,
          resourceId,
          scopeId,
          span.attributes,
          span.events,
          span.links,
          span.droppedAttributes,
          span.droppedEvents,
          span.droppedLinks,
        );
        if (result.changes === 0) {
          duplicates++;
          continue;
        }
        added++;
        anyStored = true;
        const tag = acc.tags[i];
        if (tag !== undefined) {
          let ids = this.taggedNow.get(tag);
          if (!ids) this.taggedNow.set(tag, (ids = []));
          ids.push(Number(result.lastInsertRowid));
        }
        if (resourceTermText !== lastResourceTerm) {
          terms.push(resourceTermText);
          lastResourceTerm = resourceTermText;
        }
        if (span.terms !== '') terms.push(span.terms);
        if (!isNew) merge(i);
        count(serviceCounts, serviceId, span.end);
        count(operationCounts, operationId, span.end);
      }
      stored += added;
      // Operations are searched through the same documents (see operationTerm).
      for (const id of newOperations) terms.push(operationTerm(id));
      const document = isNew ? 0 : state.documents;
      // Past 2^24 writes to one trace its later terms go unindexed rather than fail the write.
      if (anyStored && document <= MAX_DOCUMENT) {
        if (!isNew) state.documents++;
        this.insertTerms.run(documentRowid(tk, document), terms.join(' '));
      }
      if (!isNew) {
        if (added === 0) continue;
        this.saveTrace(state);
        if (state.startNs !== startBefore) {
          // Rows added in this write are inserted below at the new start.
          const from = toInt64(startBefore);
          const to = toInt64(state.startNs);
          for (const id of state.serviceIds) if (!newServices.includes(id)) this.moveTraceService.run(to, id, from, tk);
        }
      }
      const start = toInt64(state.startNs);
      for (const id of newServices) serviceRows.push({ id, start, tk });
      this.traces.set(acc.traceId, state);
      updates.push({ traceId: acc.traceId, isNew, summary: summaryFromState(state) });
    }
    // The per-trace search rows go in key order: consecutive inserts land in the same leaf
    // (a transaction's rows fall into one leaf per service).
    for (const r of serviceRows.sort(byKey)) this.insertTraceService.run(r.id, r.start, r.tk);
    for (const [id, { count: n, lastSeen }] of serviceCounts) this.bumpService.run(n, toInt64(lastSeen), id);
    for (const [id, { count: n, lastSeen }] of operationCounts) this.bumpOperation.run(n, toInt64(lastSeen), id);
    return { stored, duplicates, updates };
  }

  /** Writes a new trace's row with its summary; returns its tk. */
  private insertTraceRow(traceId: string, state: TraceState): number {
    const info = this.insertTrace.run(
      Buffer.from(traceId, 'hex'),
      toInt64(state.startNs),
      toInt64(state.endNs),
      toInt64(state.endNs - state.startNs),
      state.spanCount,
      state.errorCount,
      state.rootSpanId === null ? null : Buffer.from(state.rootSpanId, 'hex'),
      state.rootService,
      state.rootName,
      JSON.stringify(state.services),
      idList(state.serviceIds),
      idList(state.operationIds),
      state.documents,
    );
    return Number(info.lastInsertRowid);
  }

  private saveTrace(state: TraceState): void {
    this.updateTrace.run(
      toInt64(state.startNs),
      toInt64(state.endNs),
      toInt64(state.endNs - state.startNs),
      state.spanCount,
      state.errorCount,
      state.rootSpanId === null ? null : Buffer.from(state.rootSpanId, 'hex'),
      state.rootService,
      state.rootName,
      JSON.stringify(state.services),
      idList(state.serviceIds),
      idList(state.operationIds),
      state.documents,
      state.tk,
    );
  }

  private loadTrace(traceId: string): TraceState | null {
    const row = this.selectTrace.get(Buffer.from(traceId, 'hex')) as
      | {
          tk: bigint;
          start_ns: bigint;
          end_ns: bigint;
          span_count: bigint;
          error_count: bigint;
          root_span_id: Buffer | null;
          root_service: string;
          root_name: string;
          services: string;
          service_ids: string;
          operation_ids: string;
          documents: bigint;
        }
      | undefined;
    if (!row) return null;
    const tk = Number(row.tk);
    const serviceIds = parseIdList(row.service_ids);
    const operationIds = parseIdList(row.operation_ids);
    return {
      tk,
      traceId,
      startNs: row.start_ns,
      endNs: row.end_ns,
      spanCount: Number(row.span_count),
      errorCount: Number(row.error_count),
      rootSpanId: row.root_span_id === null ? null : row.root_span_id.toString('hex'),
      rootStartNs: null,
      rootService: row.root_service,
      rootName: row.root_name,
      services: JSON.parse(row.services) as string[],
      serviceIds,
      operationIds,
      documents: Number(row.documents),
    };
  }

  private groupIds(group: PreparedGroup): GroupIds {
    const resourceId = this.resourceId(group.resourceKey, group.resource, group.serviceName);
    return {
      resourceId,
      scopeId: this.scopeId(group.scopeKey, group.scope),
      serviceId: this.serviceId(group.serviceName),
      serviceName: group.serviceName,
      resourceTerm: resourceTerm(resourceId),
    };
  }

  private resourceId(fingerprint: string, resource: Resource, serviceName: string): number {
    let id = this.resourceIds.get(fingerprint);
    if (id === undefined) {
      id =
        (this.selectResource.get(fingerprint) as number | undefined) ??
        Number(
          this.insertResource.run(
            fingerprint,
            serviceName,
            storeAttributes(resource.attributes),
            resource.droppedAttributesCount,
            resource.schemaUrl,
          ).lastInsertRowid,
        );
      this.resourceIds.set(fingerprint, id);
    }
    return id;
  }

  private scopeId(fingerprint: string, scope: InstrumentationScope): number {
    let id = this.scopeIds.get(fingerprint);
    if (id === undefined) {
      id =
        (this.selectScope.get(fingerprint) as number | undefined) ??
        Number(
          this.insertScope.run(
            fingerprint,
            scope.name,
            scope.version,
            storeAttributes(scope.attributes),
            scope.droppedAttributesCount,
            scope.schemaUrl,
          ).lastInsertRowid,
        );
      this.scopeIds.set(fingerprint, id);
    }
    return id;
  }

  private serviceId(name: string): number {
    let id = this.serviceIds.get(name);
    if (id === undefined) {
      id = (this.selectService.get(name) as number | undefined) ?? Number(this.insertService.run(name).lastInsertRowid);
      this.serviceIds.set(name, id);
    }
    return id;
  }

  private operationId(serviceId: number, name: string): number {
    const key = `${serviceId}\u0000${name}`;
    let id = this.operationIds.get(key);
    if (id === undefined) {
      id =
        (this.selectOperation.get(serviceId, name) as number | undefined) ??
        Number(this.insertOperation.run(serviceId, name).lastInsertRowid);
      this.operationIds.set(key, id);
    }
    return id;
  }

  /** Forgets cached ids and trace states: call after rows were deleted behind the writer's back. */
  resetCaches(): void {
    this.resourceIds.clear();
    this.scopeIds.clear();
    this.serviceIds.clear();
    this.operationIds.clear();
    this.traces.clear();
  }
}

/** A row of trace_services to insert. */
interface SearchRow {
  id: number;
  start: bigint;
  tk: number;
}

function byKey(a: SearchRow, b: SearchRow): number {
  return a.id - b.id || (a.start < b.start ? -1 : a.start > b.start ? 1 : a.tk - b.tk);
}

function idList(ids: Set<number>): string {
  return [...ids].join(',');
}

function parseIdList(text: string): Set<number> {
  return new Set(text === '' ? [] : text.split(',').map(Number));
}


function count(counts: Map<number, { count: number; lastSeen: bigint }>, id: number, seen: bigint): void {
  const entry = counts.get(id);
  if (entry) {
    entry.count++;
    if (seen > entry.lastSeen) entry.lastSeen = seen;
  } else counts.set(id, { count: 1, lastSeen: seen });
}

// The schema history: a new file gets every migration; a file written by an older version is
// brought up to date with its traces still found by every search; a newer one is refused.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../src/main/store/database';
import { MIGRATIONS } from '../../../src/main/store/migrations';
import { SpanWriter } from '../../../src/main/store/span-writer';
import { TraceReader } from '../../../src/main/store/trace-reader';
import { traceQuerySchema, type TraceQueryInput } from '../../../src/shared/api';
import { batch, resource, sid, span, tid } from '../../support/domain-spans';
import { makeTempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** A database at schema 1 holding one trace (start 5 s) with the operations api:"GET /old" and api:"SELECT". */
function writeSchemaOne(path: string): void {
  const raw = new Database(path);
  raw.exec(MIGRATIONS[0]!);
  raw.pragma('user_version = 1');
  raw.exec(`
    INSERT INTO resources (id, fingerprint, service_name, attributes, dropped_attributes_count, schema_url)
      VALUES (1, 'r1', 'api', '["service.name","api"]', 0, '');
    INSERT INTO scopes (id, fingerprint, name, version, attributes, dropped_attributes_count, schema_url) VALUES (1, 's1', 'old', '', '[]', 0, '');
    INSERT INTO services (id, name, span_count, last_seen_ns) VALUES (1, 'api', 2, 6000000000);
    INSERT INTO operations (id, service_id, name, span_count, last_seen_ns) VALUES (1, 1, 'GET /old', 1, 6000000000), (2, 1, 'SELECT', 1, 5500000000);
    INSERT INTO traces (tk, trace_id, start_ns, end_ns, duration_ns, span_count, error_count, root_span_id, root_service, root_name,
        services, service_ids, operation_ids)
      VALUES (1, unhex('${tid(1)}'), 5000000000, 6000000000, 1000000000, 2, 0, unhex('${sid(1)}'), 'api', 'GET /old', '["api"]', '1', '1,2');
    INSERT INTO trace_services (service_id, start_ns, tk) VALUES (1, 5000000000, 1);
    INSERT INTO trace_operations (operation_id, start_ns, tk) VALUES (1, 5000000000, 1), (2, 5000000000, 1);
    INSERT INTO spans (id, tk, span_id, parent_span_id, trace_state, flags, name, kind, start_ns, end_ns, status_code, status_message,
        resource_id, scope_id, attributes, events, links, dropped_attributes_count, dropped_events_count, dropped_links_count)
      VALUES (1, 1, unhex('${sid(1)}'), NULL, '', 1, 'GET /old', 2, 5000000000, 6000000000, 0, '', 1, 1, '[]', '[]', '[]', 0, 0, 0),
             (2, 1, unhex('${sid(2)}'), unhex('${sid(1)}'), '', 1, 'SELECT', 3, 5000000000, 5500000000, 0, '', 1, 1, '[]', '[]', '[]', 0, 0, 0);
    INSERT INTO span_terms (rowid, terms) VALUES (1, 'r1');
  `);
  raw.close();
}

describe('schema migrations', () => {
  it('creates a new database at the latest schema', () => {
    const db = openDatabase({ path: `${dir.path}/new.db` });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('moves operation search of a schema 1 database into its search documents', () => {
    const path = `${dir.path}/old.db`;
    writeSchemaOne(path);
    const db = openDatabase({ path });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'trace_operations'").pluck().get()).toBe(0);
    const reader = new TraceReader(db);
    const ids = (input: TraceQueryInput) => reader.search(traceQuerySchema.parse(input)).map((s) => parseInt(s.traceId, 16));
    expect(ids({ operation: 'GET /old' })).toEqual([1]);
    expect(ids({ service: 'api', operation: 'SELECT' })).toEqual([1]);

    // New traces with the same operation are found alongside, in start order.
    new SpanWriter(db).write([
      batch([resource('api'), [span(tid(2), sid(1), '', 'GET /old', 9000, 9100), span(tid(3), sid(1), '', 'GET /old', 1000, 1100)]]),
    ]);
    expect(ids({ operation: 'GET /old' })).toEqual([2, 1, 3]);
    expect(ids({ operation: 'SELECT' })).toEqual([1]);
    expect(ids({ operation: 'GET /old', sort: 'slowest' })).toEqual([1, 3, 2]); // equal durations: latest stored first
    // Attribute search reads documents of both schemas: schema 1's (a span id as rowid) and new ones.
    expect(ids({ attr: ['service.name=api'] }).sort()).toEqual([1, 2, 3]);
    db.close();
  });

  it('refuses a database written by a newer version, naming both schema versions', () => {
    const path = `${dir.path}/newer.db`;
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase({ path })).toThrow(`schema ${MIGRATIONS.length + 1}, this version knows ${MIGRATIONS.length}`);
  });
});

-- Tracedeck span store, schema 1.
--
-- Layout rule (measured in ../shared/research/performance.md §2.2 and bench/ingest.ts):
-- no index on `spans` has a key that is random across spans. The random 16-byte trace id lives
-- only in `traces` (one row per trace); spans carry the arrival-ordered trace key `tk`, so every
-- spans index is append-mostly. Per-trace search tables are keyed by (key, start) and
-- maintained at ingest, so listing never scans or groups spans.

-- Resources and instrumentation scopes, deduplicated by content.
CREATE TABLE resources (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,      -- canonical JSON of everything below
  service_name TEXT NOT NULL,
  attributes TEXT NOT NULL,              -- stored JSON (src/main/store/stored-json.ts)
  dropped_attributes_count INTEGER NOT NULL,
  schema_url TEXT NOT NULL
);

CREATE TABLE scopes (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  attributes TEXT NOT NULL,              -- stored JSON
  dropped_attributes_count INTEGER NOT NULL,
  schema_url TEXT NOT NULL
);

-- The service and operation pickers: maintained at ingest (a GROUP BY over 5M spans takes ~21 s).
CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  span_count INTEGER NOT NULL DEFAULT 0,
  last_seen_ns INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE operations (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id),
  name TEXT NOT NULL,
  span_count INTEGER NOT NULL DEFAULT 0,
  last_seen_ns INTEGER NOT NULL DEFAULT 0,
  UNIQUE (service_id, name)
);

-- One row per trace: the summary the trace list shows, maintained as spans arrive.
CREATE TABLE traces (
  tk INTEGER PRIMARY KEY,                -- arrival order; what spans refer to
  trace_id BLOB NOT NULL UNIQUE,         -- 16 bytes; trace by id
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  duration_ns INTEGER NOT NULL,
  span_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  root_span_id BLOB,                     -- NULL until a span without parent arrives
  root_service TEXT NOT NULL,            -- the root's, or the earliest span's until the root arrives
  root_name TEXT NOT NULL,
  services TEXT NOT NULL,                -- JSON array of service names, in order of first arrival
  service_ids TEXT NOT NULL,             -- "3,7": this trace's rows in trace_services, for the writer
  operation_ids TEXT NOT NULL            -- "12,40,41": its rows in trace_operations
);
-- Serves: newest traces; time range.
CREATE INDEX traces_by_start ON traces (start_ns);
-- Serves: traces slower/faster than a bound, slowest first.
CREATE INDEX traces_by_duration ON traces (duration_ns);
-- Serves: errors only, newest first.
CREATE INDEX traces_with_errors_by_start ON traces (start_ns) WHERE error_count > 0;

-- Serves: newest traces that involve a service; "does trace tk involve service s" (by its start).
-- One B-tree per table, keyed for the search: a second index by tk cost ~1 us per span at
-- ingest; the writer finds a trace's rows from traces.service_ids / operation_ids instead.
CREATE TABLE trace_services (
  service_id INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,             -- copy of traces.start_ns, kept in step at ingest
  tk INTEGER NOT NULL,
  PRIMARY KEY (service_id, start_ns, tk)
) WITHOUT ROWID;

-- Serves: newest traces that contain an operation (service + span name).
CREATE TABLE trace_operations (
  operation_id INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  tk INTEGER NOT NULL,
  PRIMARY KEY (operation_id, start_ns, tk)
) WITHOUT ROWID;

CREATE TABLE spans (
  id INTEGER PRIMARY KEY,                -- arrival order
  tk INTEGER NOT NULL,
  span_id BLOB NOT NULL,
  parent_span_id BLOB,                   -- NULL for roots
  trace_state TEXT NOT NULL,
  flags INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  status_code INTEGER NOT NULL,
  status_message TEXT NOT NULL,
  resource_id INTEGER NOT NULL REFERENCES resources(id),
  scope_id INTEGER NOT NULL REFERENCES scopes(id),
  attributes TEXT NOT NULL,              -- stored JSON (src/main/store/stored-json.ts)
  events TEXT NOT NULL,                  -- stored JSON, '[]' when none
  links TEXT NOT NULL,                   -- stored JSON, '[]' when none
  dropped_attributes_count INTEGER NOT NULL,
  dropped_events_count INTEGER NOT NULL,
  dropped_links_count INTEGER NOT NULL
);
-- Serves: all spans of a trace; and drops exact re-deliveries (an SDK retry, a re-imported file).
CREATE UNIQUE INDEX spans_of_trace ON spans (tk, span_id, start_ns);

-- Serves: attribute search (`user_id = 42`, `http.route = /api/orders`). One document per trace
-- per write (rowid = the id of the first span written), made of the hashed `key=value` terms of
-- its spans and their resource terms, so any attribute of any span is searchable without an index
-- per key. Contentless and detail=none: only "which documents have this term" is stored.
-- Candidate traces are verified against the stored attributes, so hash collisions never reach a
-- result. contentless_delete lets retention delete a trace's documents (it rules out
-- columnsize = 0, which would save one varint per document).
-- Terms are ASCII [a-z0-9]: the ascii tokenizer skips unicode61's case folding tables.
CREATE VIRTUAL TABLE span_terms USING fts5 (terms, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
-- Merge segments only when 16 accumulate at a level (the default is 4): with the small
-- transactions of a live stream, merging was most of the commit cost. +14 % store throughput
-- with 2,048-span transactions; attribute search stays ~3 ms p95 at 1M spans (bench/run.ts).
INSERT INTO span_terms (span_terms, rank) VALUES ('automerge', 16);

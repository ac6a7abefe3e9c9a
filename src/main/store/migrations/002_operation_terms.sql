-- Tracedeck span store, schema 2: operation search moves from trace_operations into span_terms.
--
-- trace_operations, keyed (operation_id, start_ns, tk), took a row per operation per trace, and
-- every commit touched one leaf of it per operation in the batch (~460 in the bench workload):
-- 40 % of the pages a commit wrote. Store loop over 3M spans in 8,192-span transactions
-- (bench/store-profile.ts): 40.6k spans/s with it, 59.3k without; write CPU 27.6 -> 19.3 us/span.
-- A trace's search documents now carry the term `o<operation id>` of each of its operations.
--
-- Search documents name their trace in their rowid from now on: 2^61 + tk * 2^24 + n for the
-- trace's n-th document (traces.documents counts them), so the reader needs no lookup to map a
-- document to its trace (schema 1 used the id of a span, whose row had to be read).
ALTER TABLE traces ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;

-- Traces stored before this migration get one document each with their operation terms, under
-- the rowid -tk, which the reader maps back to the trace too; their older documents keep a span
-- id as rowid (below 2^61, above 0).
INSERT INTO span_terms (rowid, terms)
  SELECT -tk, group_concat('o' || operation_id, ' ') FROM trace_operations GROUP BY tk;
DROP TABLE trace_operations;

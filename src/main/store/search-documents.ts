// Where a trace's search documents live in `span_terms`: their rowids name the trace.

/**
 * The rowid of a trace's n-th search document: DOCUMENT_ROWID_BASE + tk * 2^24 + n, so that the
 * reader gets a document's trace without a lookup. Mapping documents to traces through the span
 * whose id was their rowid (schema 1) read a random page of the spans table per document:
 * ~9 us each with a cold cache, 8.5 ms for an operation in 916 documents at 5M spans.
 * 2^24 documents per trace (one per write that touches it) and 2^37 traces fit below 2^63.
 */
export const DOCUMENT_ROWID_BASE = 1n << 61n;

/** Past this many writes to one trace its later terms go unindexed rather than fail the write. */
export const MAX_DOCUMENT = 0xffffff;

export function documentRowid(tk: number, n: number): bigint {
  return DOCUMENT_ROWID_BASE + (BigInt(tk) << 24n) + BigInt(n);
}

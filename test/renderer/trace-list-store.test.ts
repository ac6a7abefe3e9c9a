// The trace list store against a small in-memory search (the store's only dependency), to pin
// down paging, live updates, pausing and stale answers. The real API is covered end to end.
import { describe, expect, it, vi } from 'vitest';
import type { TraceQueryInput, TraceSummary } from '../../src/shared/api';
import { NO_FILTERS } from '../../src/renderer/src/features/trace-list/filters';
import { compareRows } from '../../src/renderer/src/features/trace-list/live-merge';
import { createTraceListStore, LIVE_INTERVAL_MS, LIVE_INTERVAL_WHILE_SCROLLING_MS, NEXT_PAGE_SIZE, PAGE_SIZE, SCROLL_PAUSE_MS } from '../../src/renderer/src/features/trace-list/trace-list-store';
import { waitFor } from '../support/wait-for';

function row(n: number, service = 'web'): TraceSummary {
  return {
    traceId: n.toString(16).padStart(32, '0'),
    rootServiceName: service,
    rootName: 'GET /',
    hasRoot: true,
    startTimeUnixNano: String(1_000_000 * n),
    durationNanos: 1000,
    spanCount: 1,
    errorCount: 0,
    services: [service],
  };
}

/** A store of summaries that answers searches like the server: service filter, paging, traceId. */
function memoryApi(initial: TraceSummary[]) {
  const traces = [...initial];
  const queries: TraceQueryInput[] = [];
  let gate: Promise<void> | null = null;
  return {
    traces,
    queries,
    hold(promise: Promise<void>) {
      gate = promise;
    },
    async searchTraces(query: TraceQueryInput): Promise<TraceSummary[]> {
      queries.push(query);
      if (gate) await gate;
      let rows = traces.filter((t) => !query.service || t.services.includes(query.service)).sort((a, b) => compareRows(a, b, 'newest'));
      if (query.traceId) rows = rows.filter((t) => query.traceId!.includes(t.traceId));
      if (query.after) rows = rows.slice(rows.findIndex((t) => t.traceId === query.after) + 1);
      return rows.slice(0, Number(query.limit ?? 50));
    },
  };
}

const ids = (rows: TraceSummary[]) => rows.map((r) => parseInt(r.traceId, 16));

describe('trace list store', () => {
  it('loads the first page, then the next ones after the last row', async () => {
    const api = memoryApi(Array.from({ length: PAGE_SIZE + 20 }, (_, n) => row(n + 1)));
    const store = createTraceListStore(api);
    store.getState().setFilters(NO_FILTERS);
    await waitFor(() => store.getState().phase === 'ready', 'first page');
    expect(store.getState().rows).toHaveLength(PAGE_SIZE);
    expect(store.getState().complete).toBe(false);
    store.getState().loadMore();
    await waitFor(() => store.getState().complete, 'last page');
    expect(ids(store.getState().rows)).toEqual(Array.from({ length: PAGE_SIZE + 20 }, (_, n) => PAGE_SIZE + 20 - n));
    expect(api.queries[1]).toMatchObject({ after: row(21).traceId, limit: NEXT_PAGE_SIZE });
  });

  it('asks the store which updated traces match, and merges only those', async () => {
    const api = memoryApi([row(1), row(2, 'api')]);
    const store = createTraceListStore(api);
    store.getState().setFilters({ ...NO_FILTERS, service: 'web' });
    await waitFor(() => store.getState().phase === 'ready', 'first page');
    api.traces.push(row(3), row(4, 'api'));
    store.getState().receiveUpdates([
      { traceId: row(3).traceId, isNew: true, summary: row(3) },
      { traceId: row(4).traceId, isNew: true, summary: row(4, 'api') },
    ]);
    await waitFor(() => store.getState().rows.length === 2, 'merged update');
    expect(ids(store.getState().rows)).toEqual([3, 1]);
    expect(api.queries.at(-1)).toMatchObject({ service: 'web', traceId: [row(3).traceId, row(4).traceId] });
  });

  it('asks about a burst of updated traces in questions of 200', async () => {
    const api = memoryApi([row(1)]);
    const store = createTraceListStore(api);
    store.getState().setFilters(NO_FILTERS);
    await waitFor(() => store.getState().phase === 'ready', 'first page');
    const burst = Array.from({ length: 450 }, (_, n) => row(n + 2));
    api.traces.push(...burst);
    store.getState().receiveUpdates(burst.map((r) => ({ traceId: r.traceId, isNew: true, summary: r })));
    await waitFor(() => store.getState().rows.length === 451, 'merged burst');
    expect(api.queries.slice(1).map((q) => q.traceId?.length)).toEqual([200, 200, 50]);
  });

  it('counts what arrives while paused and searches again on resume', async () => {
    const api = memoryApi([row(1)]);
    const store = createTraceListStore(api);
    store.getState().setFilters(NO_FILTERS);
    await waitFor(() => store.getState().phase === 'ready', 'first page');
    store.getState().setPaused(true);
    api.traces.push(row(2));
    store.getState().receiveUpdates([{ traceId: row(2).traceId, isNew: true, summary: row(2) }]);
    expect(store.getState().missedWhilePaused).toBe(1);
    expect(ids(store.getState().rows)).toEqual([1]);
    store.getState().setPaused(false);
    await waitFor(() => store.getState().rows.length === 2, 'reload on resume');
    expect(store.getState().missedWhilePaused).toBe(0);
  });

  it('drops the answer of a search that was replaced by a newer one', async () => {
    const api = memoryApi([row(1), row(2, 'api')]);
    const store = createTraceListStore(api);
    let release!: () => void;
    api.hold(new Promise<void>((resolve) => (release = resolve)));
    store.getState().setFilters(NO_FILTERS);
    store.getState().setFilters({ ...NO_FILTERS, service: 'api' });
    release();
    await waitFor(() => store.getState().phase === 'ready', 'search');
    expect(ids(store.getState().rows)).toEqual([2]);
  });

  it('moves the selection within the rows', async () => {
    const api = memoryApi([row(1), row(2), row(3)]);
    const store = createTraceListStore(api);
    store.getState().setFilters(NO_FILTERS);
    await waitFor(() => store.getState().phase === 'ready', 'first page');
    store.getState().moveSelection(1);
    expect(store.getState().selectedTraceId).toBe(row(3).traceId);
    store.getState().moveSelection(5);
    expect(store.getState().selectedTraceId).toBe(row(1).traceId);
    store.getState().moveSelection(-1);
    expect(store.getState().selectedTraceId).toBe(row(2).traceId);
  });

  it('reports a failed search', async () => {
    const store = createTraceListStore({ searchTraces: () => Promise.reject(new Error('HTTP 500')) });
    store.getState().setFilters(NO_FILTERS);
    await waitFor(() => store.getState().phase === 'error', 'error');
    expect(store.getState().error).toBe('HTTP 500');
  });
});

describe('trace list store while the list is scrolled', () => {
  it('applies live updates in a pause in scrolling, or after a second of scrolling at most', async () => {
    vi.useFakeTimers();
    try {
      const api = memoryApi([row(1)]);
      const store = createTraceListStore(api);
      store.getState().setFilters(NO_FILTERS);
      await vi.advanceTimersByTimeAsync(0);
      expect(store.getState().phase).toBe('ready');
      const arrive = (n: number) => {
        api.traces.push(row(n));
        store.getState().receiveUpdates([{ traceId: row(n).traceId, isNew: true, summary: row(n) }]);
      };

      // Scrolled without a pause: held until a second after the update came.
      store.getState().noteScroll();
      arrive(2);
      for (let t = 0; t < LIVE_INTERVAL_WHILE_SCROLLING_MS - 100; t += 50) {
        store.getState().noteScroll();
        await vi.advanceTimersByTimeAsync(50);
      }
      expect(ids(store.getState().rows)).toEqual([1]);
      for (let t = 0; t < 150; t += 50) {
        store.getState().noteScroll();
        await vi.advanceTimersByTimeAsync(50);
      }
      expect(ids(store.getState().rows)).toEqual([2, 1]);

      // A pause in scrolling applies what came meanwhile.
      await vi.advanceTimersByTimeAsync(LIVE_INTERVAL_MS);
      store.getState().noteScroll();
      arrive(3);
      await vi.advanceTimersByTimeAsync(SCROLL_PAUSE_MS - 50);
      expect(ids(store.getState().rows)).toEqual([2, 1]);
      await vi.advanceTimersByTimeAsync(100);
      expect(ids(store.getState().rows)).toEqual([3, 2, 1]);
      store.getState().dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('marks traces for an export: one at a time, a range from the selected row, kept across searches', async () => {
    const api = memoryApi(Array.from({ length: 10 }, (_, n) => row(n + 1, n % 2 ? 'api' : 'web')));
    const store = createTraceListStore(api);
    store.getState().setFilters(NO_FILTERS);
    await waitFor(() => store.getState().phase === 'ready', 'first page');
    const rows = store.getState().rows; // newest first: 10, 9, ... 1
    store.getState().toggleMarked(rows[1]!.traceId);
    store.getState().markRange(rows[4]!.traceId);
    expect([...store.getState().marked].map((id) => parseInt(id, 16)).sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
    expect(store.getState().selectedTraceId).toBe(rows[4]!.traceId);
    store.getState().toggleMarked(rows[2]!.traceId);
    expect(store.getState().marked.has(rows[2]!.traceId)).toBe(false);
    store.getState().setFilters({ ...NO_FILTERS, service: 'api' });
    await waitFor(() => store.getState().rows.length === 5, 'the new search');
    expect(store.getState().marked.size).toBe(3);
    store.getState().clearMarked();
    expect(store.getState().marked.size).toBe(0);
  });
});

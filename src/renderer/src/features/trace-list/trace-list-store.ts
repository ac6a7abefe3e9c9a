// The trace list's state: the rows of the current search, paging, the live feed and the
// selection. The filters themselves live in the URL; the view hands them in with setFilters.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TraceSummary, TraceUpdate, TracedeckClientApi } from '../../../../shared/api';
import { filtersToParams, filtersToQuery, type TraceFilters } from './filters';
import { mergeMatching } from './live-merge';

/** The first page is small so that it paints at once; scrolling then loads bigger pages. */
export const PAGE_SIZE = 100;
export const NEXT_PAGE_SIZE = 500;
/** A live list keeps at most this many rows; scrolling further loads them again by page. */
export const MAX_LIVE_ROWS = 5000;
/**
 * Live updates are applied at most this often (each costs one small query and one render); the
 * first after a quiet spell at once, so a new trace shows after the core's 100 ms coalescing plus
 * one query, and at most one interval more under a steady stream.
 */
export const LIVE_INTERVAL_MS = 200;
/**
 * While the list is being scrolled, live updates wait for a pause in scrolling, for at most this
 * long: each one re-renders the rows in view, and at every 200 ms they put the frame-time p95
 * of a fast scroll at 21 ms with 10,000 spans/s arriving (bench/trace-list-ui.ts).
 */
export const LIVE_INTERVAL_WHILE_SCROLLING_MS = 1000;
/** Scrolling has paused once no scroll came for this long. */
export const SCROLL_PAUSE_MS = 150;
// 200 ids keep a GET under Node's 16 KiB limit on request headers (41 bytes of URL per id).
const MAX_IDS_PER_QUERY = 200;

export interface TraceListState {
  filters: TraceFilters | null;
  rows: TraceSummary[];
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Every match is loaded. */
  complete: boolean;
  loadingMore: boolean;
  paused: boolean;
  /** Traces that arrived while paused (an upper bound: filters are applied on resume). */
  missedWhilePaused: number;
  selectedTraceId: string | null;
  /**
   * Traces marked for an export (Ctrl/Cmd+click toggles one, Shift+click marks the rows from the
   * selected one): kept across searches until cleared, at most MAX_MARKED.
   */
  marked: ReadonlySet<string>;
  /** Changes when the rows are those of a new search (not a live update or a next page). */
  searchId: number;
}

/** An export names at most this many traces (the API's traceId limit). */
export const MAX_MARKED = 1000;
const NO_MARKS: ReadonlySet<string> = new Set();

export interface TraceListActions {
  /** Shows the search for these filters (no-op when they are the current ones). */
  setFilters(filters: TraceFilters): void;
  reload(): void;
  loadMore(): void;
  /** Feed of the live updates; batches them into one query per LIVE_INTERVAL_MS. */
  receiveUpdates(updates: TraceUpdate[]): void;
  /** The view reports each scroll, so that live updates wait for a pause in scrolling. */
  noteScroll(): void;
  setPaused(paused: boolean): void;
  select(traceId: string | null): void;
  /** Marks or unmarks one trace, and selects it. */
  toggleMarked(traceId: string): void;
  /** Marks the rows from the selected one to this one (both included), and selects it. */
  markRange(traceId: string): void;
  clearMarked(): void;
  /** Moves the selection by `delta` rows (clamped); selects the first row when none is. */
  moveSelection(delta: number): void;
  dispose(): void;
}

export type TraceListStore = StoreApi<TraceListState & TraceListActions>;

export function createTraceListStore(api: Pick<TracedeckClientApi, 'searchTraces'>, now: () => number = Date.now): TraceListStore {
  // Bumped by every new search: answers to an older one are dropped.
  let generation = 0;
  let pendingIds = new Set<string>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let lastScrollAt = Number.NEGATIVE_INFINITY;
  // When the oldest update not yet applied came.
  let pendingSince = Number.POSITIVE_INFINITY;
  let flushing = false;
  let disposed = false;

  const store = createStore<TraceListState & TraceListActions>()((set, get) => {
    const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

    const search = (filters: TraceFilters) => {
      const current = ++generation;
      pendingIds = new Set();
      pendingSince = Number.POSITIVE_INFINITY;
      set({ phase: 'loading', error: null, complete: false, loadingMore: false, missedWhilePaused: 0 });
      api.searchTraces({ ...filtersToQuery(filters, now()), limit: PAGE_SIZE }).then(
        (rows) => {
          if (current !== generation) return;
          set({ rows, phase: 'ready', complete: rows.length < PAGE_SIZE, searchId: current });
          // Updates that came in while this search ran may be newer than its answer.
          if (pendingIds.size > 0) schedule();
        },
        (error: unknown) => {
          if (current === generation) set({ phase: 'error', error: describe(error), rows: [] });
        },
      );
    };

    /** When the next live update may be applied. */
    const nextFlushAt = () => {
      const t = now();
      const spaced = lastFlushAt + LIVE_INTERVAL_MS;
      if (t - lastScrollAt >= SCROLL_PAUSE_MS) return spaced;
      return Math.max(spaced, Math.min(lastScrollAt + SCROLL_PAUSE_MS, pendingSince + LIVE_INTERVAL_WHILE_SCROLLING_MS));
    };

    const flush = async () => {
      flushTimer = null;
      if (nextFlushAt() > now()) {
        schedule(); // a scroll came since this was scheduled
        return;
      }
      const { filters, paused, phase } = get();
      if (disposed || paused || filters === null || phase !== 'ready' || pendingIds.size === 0 || flushing) return;
      const ids = pendingIds;
      pendingIds = new Set();
      pendingSince = Number.POSITIVE_INFINITY;
      const current = generation;
      flushing = true;
      lastFlushAt = now();
      try {
        // A burst can name more traces than one question carries.
        const query = filtersToQuery(filters, now());
        const all = [...ids];
        const answers = await Promise.all(
          Array.from({ length: Math.ceil(all.length / MAX_IDS_PER_QUERY) }, (_, i) =>
            api.searchTraces({ ...query, traceId: all.slice(i * MAX_IDS_PER_QUERY, (i + 1) * MAX_IDS_PER_QUERY), limit: MAX_IDS_PER_QUERY }),
          ),
        );
        const matching = answers.flat();
        if (current !== generation) return;
        const { rows, complete } = get();
        const merged = mergeMatching({ rows, updatedIds: ids, matching, sort: filters.sort, complete, maxRows: MAX_LIVE_ROWS });
        set({ rows: merged.rows, complete: merged.complete });
      } catch (error) {
        if (current === generation) set({ error: `live update failed: ${describe(error)}` });
      } finally {
        flushing = false;
        if (pendingIds.size > 0) schedule();
      }
    };

    const schedule = () => {
      if (flushTimer === null && !disposed) flushTimer = setTimeout(() => void flush(), Math.max(0, nextFlushAt() - now()));
    };

    return {
      filters: null,
      rows: [],
      phase: 'loading',
      error: null,
      complete: false,
      loadingMore: false,
      paused: false,
      missedWhilePaused: 0,
      selectedTraceId: null,
      marked: NO_MARKS,
      searchId: 0,

      setFilters(filters) {
        const previous = get().filters;
        if (previous && filtersToParams(previous).toString() === filtersToParams(filters).toString()) return;
        set({ filters });
        search(filters);
      },

      reload() {
        const { filters } = get();
        if (filters) search(filters);
      },

      loadMore() {
        const { filters, rows, complete, loadingMore, phase } = get();
        if (!filters || complete || loadingMore || phase !== 'ready' || rows.length === 0) return;
        const current = generation;
        set({ loadingMore: true });
        api.searchTraces({ ...filtersToQuery(filters, now()), limit: NEXT_PAGE_SIZE, after: rows[rows.length - 1]!.traceId }).then(
          (page) => {
            if (current !== generation) return;
            const seen = new Set(get().rows.map((r) => r.traceId));
            set({ rows: [...get().rows, ...page.filter((r) => !seen.has(r.traceId))], complete: page.length < NEXT_PAGE_SIZE, loadingMore: false });
          },
          (error: unknown) => {
            if (current === generation) set({ loadingMore: false, error: describe(error) });
          },
        );
      },

      receiveUpdates(updates) {
        if (get().paused) {
          set({ missedWhilePaused: get().missedWhilePaused + updates.filter((u) => u.isNew).length });
          return;
        }
        if (pendingIds.size === 0 && updates.length > 0) pendingSince = now();
        for (const update of updates) pendingIds.add(update.traceId);
        schedule();
      },

      noteScroll() {
        lastScrollAt = now();
      },

      setPaused(paused) {
        if (paused === get().paused) return;
        set({ paused });
        // What arrived meanwhile is not known row by row: search again.
        if (!paused && get().missedWhilePaused > 0) get().reload();
        else if (!paused) schedule();
      },

      select(traceId) {
        set({ selectedTraceId: traceId });
      },

      toggleMarked(traceId) {
        const marked = new Set(get().marked);
        if (marked.has(traceId)) marked.delete(traceId);
        else if (marked.size < MAX_MARKED) marked.add(traceId);
        set({ marked, selectedTraceId: traceId });
      },

      markRange(traceId) {
        const { rows, selectedTraceId } = get();
        const to = rows.findIndex((r) => r.traceId === traceId);
        if (to < 0) return;
        const anchor = selectedTraceId === null ? -1 : rows.findIndex((r) => r.traceId === selectedTraceId);
        const from = anchor < 0 ? to : anchor;
        const marked = new Set(get().marked);
        for (let i = Math.min(from, to); i <= Math.max(from, to) && marked.size < MAX_MARKED; i++) marked.add(rows[i]!.traceId);
        set({ marked, selectedTraceId: traceId });
      },

      clearMarked() {
        set({ marked: NO_MARKS });
      },

      moveSelection(delta) {
        const { rows, selectedTraceId } = get();
        if (rows.length === 0) return;
        const at = selectedTraceId === null ? -1 : rows.findIndex((r) => r.traceId === selectedTraceId);
        const next = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + delta));
        set({ selectedTraceId: rows[next]!.traceId });
      },

      dispose() {
        disposed = true;
        generation++;
        if (flushTimer !== null) clearTimeout(flushTimer);
      },
    };
  });
  return store;
}

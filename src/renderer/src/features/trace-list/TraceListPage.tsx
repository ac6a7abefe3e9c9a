// The trace list: filters from the URL, rows from the store, live updates while it is shown.
import { useCallback, useEffect, useLayoutEffect, useMemo } from 'react';
import { client } from '../../api/client';
import { formatCount } from '../../format';
import { navigate, openTrace, parseRoute } from '../../routing/route';
import { NO_RECEIVERS, traceListStore, useStatus, useTraceList } from '../../stores';
import { EmptyState } from './EmptyState';
import { FilterBar } from './FilterBar';
import { filtersFromParams, filtersToParams, hasFilters, NO_FILTERS, type TraceFilters } from './filters';
import { TraceRows, type SelectHow } from './TraceRows';

function selectRow(traceId: string, how: SelectHow): void {
  const list = traceListStore.getState();
  if (how === 'toggle') list.toggleMarked(traceId);
  else if (how === 'range') list.markRange(traceId);
  else list.select(traceId);
}

export function TraceListPage({ params, active }: { params: URLSearchParams; active: boolean }) {
  const key = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(key)), [key]);
  const setFilters = useTraceList((s) => s.setFilters);
  // Before paint, not after it: a passive effect would start the search one frame later.
  useLayoutEffect(() => setFilters(filters), [filters, setFilters]);
  useEffect(() => client.onTraceUpdates((updates) => traceListStore.getState().receiveUpdates(updates)), []);

  const onChange = useCallback((patch: Partial<TraceFilters>) => {
    // The URL holds the filters: patch what it says now, not what this render saw.
    const route = parseRoute(window.location.hash);
    const current = filtersFromParams(route.page === 'traces' ? route.params : new URLSearchParams());
    const next = filtersToParams({ ...current, ...patch });
    // The search starts before the page renders the change (the layout effect then finds the
    // same filters and does nothing): the render of a filter change took ~14 ms in headless
    // Chromium, and the request waited for it.
    traceListStore.getState().setFilters(filtersFromParams(next));
    navigate({ page: 'traces', params: next }, { replace: true });
  }, []);
  return (
    <div className="trace-list-page" aria-hidden={!active}>
      <FilterBar filters={filters} onChange={onChange} />
      <ListBody filters={filters} onChange={onChange} />
    </div>
  );
}

function ListBody({ filters, onChange }: { filters: TraceFilters; onChange(patch: Partial<TraceFilters>): void }) {
  const rows = useTraceList((s) => s.rows);
  const phase = useTraceList((s) => s.phase);
  const error = useTraceList((s) => s.error);
  const complete = useTraceList((s) => s.complete);
  const paused = useTraceList((s) => s.paused);
  const missed = useTraceList((s) => s.missedWhilePaused);
  const selectedTraceId = useTraceList((s) => s.selectedTraceId);
  const marked = useTraceList((s) => s.marked);
  const searchId = useTraceList((s) => s.searchId);
  const { loadMore, setPaused, reload, noteScroll, clearMarked } = traceListStore.getState(); // actions never change
  const traceCount = useStatus((s) => s.status?.store.traceCount ?? null);
  const receivers = useStatus((s) => s.status?.receivers ?? NO_RECEIVERS);

  const filtered = hasFilters(filters);
  let body;
  if (phase === 'error') {
    body = (
      <div className="list-message" role="alert">
        <p>Could not load traces: {error}</p>
        <button type="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  } else if (phase === 'ready' && rows.length === 0) {
    body =
      !filtered && traceCount === 0 ? (
        <EmptyState receivers={receivers} />
      ) : (
        <div className="list-message">
          <p>No traces match these filters.</p>
          <button type="button" onClick={() => onChange({ ...NO_FILTERS, sort: filters.sort })}>
            Clear filters
          </button>
        </div>
      );
  } else {
    body = (
      <TraceRows
        rows={rows}
        searchId={searchId}
        selectedTraceId={selectedTraceId}
        marked={marked}
        hasMore={!complete}
        onNeedMore={loadMore}
        onSelect={selectRow}
        onOpen={openTrace}
        onScroll={noteScroll}
      />
    );
  }

  return (
    <section className="trace-list" aria-busy={phase === 'loading'}>
      <div className="list-header">
        <span className="result-count" aria-live="polite">
          {phase === 'loading' ? 'Searching…' : `${formatCount(rows.length)}${complete ? '' : '+'} trace${rows.length === 1 ? '' : 's'}`}
        </span>
        {phase !== 'error' && error && <span className="inline-error">{error}</span>}
        {marked.size > 0 && (
          <span className="marked-count" title="Ctrl/Cmd+click marks a trace, Shift+click the rows from the selected one; Export ▾ writes the marked traces">
            {formatCount(marked.size)} marked
            <button type="button" className="link" onClick={clearMarked}>
              Clear
            </button>
          </span>
        )}
        <button type="button" className={`live-toggle${paused ? ' paused' : ''}`} onClick={() => setPaused(!paused)} aria-pressed={!paused}>
          {paused ? `Resume live${missed > 0 ? ` (${formatCount(missed)} new)` : ''}` : 'Pause live'}
        </button>
      </div>
      <div className="column-heads" aria-hidden="true">
        <span>Start</span>
        <span>Root service · operation</span>
        <span>Duration</span>
        <span>Spans</span>
        <span>Services</span>
      </div>
      {body}
    </section>
  );
}

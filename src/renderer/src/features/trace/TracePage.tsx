// One trace, reached from the list (Enter, double-click) or by its route `#/traces/{traceId}`
// (`?span={spanId}` selects a span): the header, the waterfall and the selected span's detail.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { criticalPath } from '../../../../shared/trace/critical-path';
import { client } from '../../api/client';
import { ServiceChips } from '../../components/ServiceName';
import { formatCount, formatDuration, formatStartTime } from '../../format';
import { whenIdle } from '../../idle';
import { backToList, navigate } from '../../routing/route';
import { SpanDetail } from './SpanDetail';
import { takePrefetchedSkeleton } from './skeleton-prefetch';
import { toTraceModel, type TraceModel } from './trace-model';
import { Minimap } from './Minimap';
import { Viewport, type TimeWindow } from './viewport';
import { errorRows, revealRow, searchTrace, step } from './trace-search';
import { parentsAtOrBelow, visibleRows } from './visible-rows';
import { Waterfall } from './Waterfall';

// d3 and d3-flame-graph load with the first flamegraph, not with the app.
// Once loaded it is rendered directly: through lazy() every first render suspends, and React holds
// a revealed boundary back for 300 ms (an idle gap of ~250 ms in switching, measured).
let loadedFlamegraph: typeof import('./Flamegraph')['Flamegraph'] | null = null;
const loadFlamegraph = () =>
  import('./Flamegraph').then((m) => {
    loadedFlamegraph = m.Flamegraph;
    return m;
  });
const LazyFlamegraph = lazy(() => loadFlamegraph().then((m) => ({ default: m.Flamegraph })));
/**
 * The flamegraph's code is fetched at the first idle moment after a trace is shown, before anyone
 * can start scrolling, so that switching waits for none (fetched a second later, its evaluation
 * landed in the middle of a fast scroll and cost a long frame).
 */
function prefetchFlamegraph(): () => void {
  return whenIdle(() => void loadFlamegraph().catch(() => {}), 2000);
}

const LIVE_TRACE_INTERVAL_MS = 500;
const FIND_DELAY_MS = 150;
const NOTHING_FOUND: ReadonlySet<string> = new Set();

/** Span ids whose attributes, events or resource contain the query, asked of the store after a pause in typing. */
function useFoundByStore(traceId: string, query: string): ReadonlySet<string> {
  const [found, setFound] = useState<{ query: string; ids: ReadonlySet<string> }>({ query: '', ids: NOTHING_FOUND });
  const text = query.trim();
  useEffect(() => {
    if (text === '') return;
    let live = true;
    const timer = setTimeout(() => {
      client.findInTrace(traceId, text).then(
        (ids) => live && setFound({ query: text, ids: new Set(ids) }),
        () => live && setFound({ query: text, ids: NOTHING_FOUND }), // names and services still match
      );
    }, FIND_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [traceId, text]);
  return found.query === text ? found.ids : NOTHING_FOUND;
}

type Load = { phase: 'loading' } | { phase: 'error'; error: string } | { phase: 'missing' } | { phase: 'ready'; model: TraceModel };

export function TracePage({ traceId, params }: { traceId: string; params: URLSearchParams }) {
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let fetching = false;
    let again = false;
    setLoad({ phase: 'loading' });
    const fetchTrace = () => {
      fetching = true;
      // The tree comes with the skeleton, derived off this thread where the store is.
      (takePrefetchedSkeleton(traceId) ?? client.getTraceSkeleton(traceId))
        .then((skeleton) => (skeleton && live ? toTraceModel(skeleton) : null))
        .then(
          (model) => live && setLoad(model ? { phase: 'ready', model } : { phase: 'missing' }),
          (error: unknown) => live && setLoad({ phase: 'error', error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          fetching = false;
          if (again && live) schedule();
          again = false;
        });
    };
    // A trace still receiving spans is fetched again as they arrive, at most twice a second.
    const schedule = () => {
      if (fetching) again = true;
      else if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          fetchTrace();
        }, LIVE_TRACE_INTERVAL_MS);
      }
    };
    fetchTrace();
    const unsubscribe = client.onTraceUpdates((updates) => {
      if (updates.some((u) => u.traceId === traceId)) schedule();
    });
    return () => {
      live = false;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [traceId]);

  return (
    <section className="trace-page" aria-label={`Trace ${traceId}`}>
      <header className="trace-header">
        <button type="button" onClick={backToList} title="Back to the list (Esc)">
          ← Traces
        </button>
        <h2>
          Trace <code>{traceId}</code>
        </h2>
        <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(traceId)}>
          Copy id
        </button>
      </header>
      {load.phase === 'loading' && <p className="list-message">Loading…</p>}
      {load.phase === 'error' && (
        <p className="list-message" role="alert">
          Could not load the trace: {load.error}
        </p>
      )}
      {load.phase === 'missing' && <p className="list-message">No span of trace {traceId} is stored.</p>}
      {load.phase === 'ready' && <TraceView traceId={traceId} model={load.model} selectedSpanId={params.get('span')} view={params.get('view') === 'flame' ? 'flame' : 'waterfall'} />}
    </section>
  );
}

type View = 'waterfall' | 'flame';

function rowKey(model: TraceModel, row: number): string {
  const r = model.tree.rows[row]!;
  return r.span >= 0 ? model.spans[r.span]!.spanId : `missing:${r.missingParentId}`;
}

function keysOfRows(model: TraceModel, rows: ReadonlySet<number>): ReadonlySet<string> {
  return new Set([...rows].map((r) => rowKey(model, r)));
}

/** The rows of these keys, by lookup (a pass over every row was ~35 ms per toggle at 100,000 rows). */
function rowsOfKeys(model: TraceModel, keys: ReadonlySet<string>): ReadonlySet<number> {
  if (keys.size === 0) return new Set();
  const out = new Set<number>();
  if (model.tree.counts.DUPLICATE_ID > 0) {
    // Rows that share a span id share its key; the id map knows only the first of them.
    model.tree.rows.forEach((_, row) => {
      if (keys.has(rowKey(model, row))) out.add(row);
    });
    return out;
  }
  let placeholders: Map<string, number> | null = null;
  for (const key of keys) {
    if (key.startsWith('missing:')) {
      placeholders ??= placeholderRows(model);
      const row = placeholders.get(key);
      if (row !== undefined) out.add(row);
      continue;
    }
    const row = model.tree.rowOfSpanId.get(key);
    if (row !== undefined) out.add(row);
  }
  return out;
}

function placeholderRows(model: TraceModel): Map<string, number> {
  const out = new Map<string, number>();
  model.tree.rows.forEach((r, row) => {
    if (r.span < 0) out.set(`missing:${r.missingParentId}`, row);
  });
  return out;
}

function traceParams(spanId: string | null, view: View): URLSearchParams {
  const params = new URLSearchParams();
  if (spanId) params.set('span', spanId);
  if (view === 'flame') params.set('view', 'flame');
  return params;
}

function TraceView({ traceId, model, selectedSpanId, view }: { traceId: string; model: TraceModel; selectedSpanId: string | null; view: View }) {
  const critical = useMemo(() => criticalPath(model.tree), [model]);
  const criticalCount = useMemo(() => critical.onPath.reduce((n, x) => n + x, 0), [critical]);
  useEffect(() => prefetchFlamegraph(), []);
  // Collapsed rows are kept by span id, so they stay collapsed when late spans arrive and the
  // rows are derived again.
  const [collapsedKeys, setCollapsedKeys] = useState<ReadonlySet<string>>(new Set());
  const collapsed = useMemo(() => rowsOfKeys(model, collapsedKeys), [model, collapsedKeys]);
  const setCollapsed = useCallback(
    (update: ReadonlySet<number> | ((current: ReadonlySet<number>) => ReadonlySet<number>)) =>
      setCollapsedKeys((keys) => keysOfRows(model, typeof update === 'function' ? update(rowsOfKeys(model, keys)) : update)),
    [model],
  );
  const [criticalOnly, setCriticalOnly] = useState(false);
  const [zoom, setZoom] = useState<TimeWindow | null>(null);
  const timeWindow = zoom ?? { startNs: 0, endNs: model.tree.durationNs };
  const viewport = useMemo(() => new Viewport(), []);
  const rows = useMemo(() => {
    const visible = visibleRows(model.tree, collapsed);
    return criticalOnly ? visible.filter((r) => critical.onPath[r] === 1) : visible;
  }, [model, collapsed, criticalOnly, critical]);
  const selectedRow = selectedSpanId === null ? null : (model.tree.rowOfSpanId.get(selectedSpanId) ?? null);
  const select = useCallback(
    (row: number | null) => {
      const span = row === null ? -1 : model.tree.rows[row]!.span;
      navigate({ page: 'trace', traceId, params: traceParams(span >= 0 ? model.spans[span]!.spanId : null, view) }, { replace: true });
    },
    [model, traceId, view],
  );
  // Switching views keeps the selection (both read it from the URL).
  const setView = (next: View) => navigate({ page: 'trace', traceId, params: traceParams(selectedSpanId, next) }, { replace: true });
  const toggle = useCallback(
    (row: number, whole: boolean) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (next.has(row)) {
          next.delete(row);
          // Expanding a whole subtree opens everything below too.
          if (whole) for (let r = row + 1; r < model.tree.rows[row]!.subtreeEnd; r++) next.delete(r);
        } else {
          next.add(row);
        }
        return next;
      }),
    [model],
  );
  const [query, setQuery] = useState('');
  const found = useFoundByStore(traceId, query);
  const matches = useMemo(() => searchTrace(model, query, found), [model, query, found]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const errors = useMemo(() => errorRows(model), [model]);
  const goTo = useCallback(
    (row: number | null) => {
      if (row === null) return;
      setCollapsed((current) => revealRow(model, current, row));
      select(row);
    },
    [model, select],
  );
  const searchInput = useRef<HTMLInputElement>(null);
  // Keys of the trace view: `/` search in the trace, n/N next/previous match, e/E next/previous
  // error, arrows or j/k move through the rows, left/right collapse/expand (left again: the parent).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT'))) return;
      const at = selectedRow === null ? -1 : rows.indexOf(selectedRow);
      const move = (delta: number) => {
        event.preventDefault();
        const next = at < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, at + delta));
        if (rows.length > 0) select(rows[next]!);
      };
      if (event.key === '/') {
        event.preventDefault();
        searchInput.current?.focus();
      } else if (event.key === 'n' || event.key === 'N') goTo(step(matches, selectedRow, event.key === 'n' ? 1 : -1));
      else if (event.key === 'e' || event.key === 'E') goTo(step(errors, selectedRow, event.key === 'e' ? 1 : -1));
      else if (event.key === 'ArrowDown' || event.key === 'j') move(1);
      else if (event.key === 'ArrowUp' || event.key === 'k') move(-1);
      else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && selectedRow !== null) {
        event.preventDefault();
        const row = model.tree.rows[selectedRow]!;
        const isCollapsed = collapsed.has(selectedRow);
        if (event.key === 'ArrowRight' && row.childCount > 0 && isCollapsed) toggle(selectedRow, false);
        else if (event.key === 'ArrowLeft' && row.childCount > 0 && !isCollapsed) toggle(selectedRow, false);
        else if (event.key === 'ArrowLeft' && row.parent >= 0) select(row.parent);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [matches, errors, selectedRow, goTo, rows, select, model, collapsed, toggle]);
  const { tree } = model;
  const first = model.spans.length > 0 ? model.traceStartUnixNano.toString() : null;
  const matchAt = selectedRow === null ? -1 : matches.indexOf(selectedRow);
  return (
    <>
      <div className="trace-facts">
        {first && <span>{formatStartTime(first)}</span>}
        <span>{formatDuration(tree.durationNs)}</span>
        <span>{formatCount(model.spans.length)} spans</span>
        <span className={model.errorCount ? 'error' : undefined}>
          {model.errorCount} error{model.errorCount === 1 ? '' : 's'}
        </span>
        <span>depth {tree.maxDepth + 1}</span>
        <ServiceChips services={model.services} max={8} />
      </div>
      <div className="trace-toolbar">
        <span className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'waterfall'} onClick={() => setView('waterfall')}>
            Waterfall
          </button>
          <button type="button" aria-pressed={view === 'flame'} onClick={() => setView('flame')}>
            Flamegraph
          </button>
        </span>
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" onClick={() => setCollapsed(parentsAtOrBelow(tree, 1))}>
          Collapse to top level
        </button>
        <span className="trace-search">
          <input
            ref={searchInput}
            value={query}
            placeholder="Find in trace: name, service, attribute  ( / )"
            aria-label="Find in trace"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') goTo(step(matches, selectedRow, e.shiftKey ? -1 : 1));
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
          />
          {query.trim() !== '' && (
            <span className="match-count" aria-live="polite">
              {matches.length === 0
                ? 'no match'
                : matchAt >= 0
                  ? `${formatCount(matchAt + 1)} of ${formatCount(matches.length)}`
                  : `${formatCount(matches.length)} match${matches.length === 1 ? '' : 'es'}`}
            </span>
          )}
          <button type="button" aria-label="Previous match" disabled={matches.length === 0} onClick={() => goTo(step(matches, selectedRow, -1))}>
            ↑
          </button>
          <button type="button" aria-label="Next match" disabled={matches.length === 0} onClick={() => goTo(step(matches, selectedRow, 1))}>
            ↓
          </button>
        </span>
        <label className="checkbox">
          <input type="checkbox" checked={criticalOnly} onChange={(e) => setCriticalOnly(e.target.checked)} /> Critical path only
        </label>
        <button type="button" disabled={errors.length === 0} onClick={() => goTo(step(errors, selectedRow, 1))} title="Next error span (e; E for the previous)">
          Next error
        </button>
        {zoom && (
          <button type="button" onClick={() => setZoom(null)} title="Show the whole trace again">
            Reset zoom ({formatDuration(zoom.endNs - zoom.startNs)} shown)
          </button>
        )}
        <span className="hint">
          {formatCount(rows.length)} of {formatCount(tree.rows.length)} rows · critical path:{' '}
          {formatCount(criticalCount)} spans
        </span>
      </div>
      <div className={`trace-body${selectedRow !== null ? ' with-detail' : ''}`}>
        {view === 'flame' ? (
          <FlamegraphView model={model} matches={matchSet} query={query} onSelect={select} />
        ) : (
          <div className="waterfall-pane">
            <Minimap model={model} rows={rows} window={timeWindow} viewport={viewport} onZoom={setZoom} />
            <Waterfall
              model={model}
              rows={rows}
              collapsed={collapsed}
              criticalRows={critical.onPath}
              matches={matchSet}
              selectedRow={selectedRow}
              window={timeWindow}
              viewport={viewport}
              onSelect={select}
              onToggle={toggle}
              onZoom={setZoom}
            />
          </div>
        )}
        {selectedRow !== null && <SpanDetail model={model} row={tree.rows[selectedRow]!} onClose={() => select(null)} />}
      </div>
    </>
  );
}

function FlamegraphView(props: Parameters<typeof LazyFlamegraph>[0]) {
  // Chosen once per mount: switching from the lazy component to the loaded one on a later render
  // (the code arrived meanwhile) remounted the flamegraph and lost its zoom.
  const [Loaded] = useState(() => loadedFlamegraph);
  if (Loaded) return <Loaded {...props} />;
  return (
    <Suspense fallback={<p className="list-message">Loading the flamegraph…</p>}>
      <LazyFlamegraph {...props} />
    </Suspense>
  );
}

// The app frame: problems worth a banner, the page the route names, the status bar, and the
// keyboard (`/` search, arrows or j/k move, Enter opens, Esc goes back).
import { useEffect, useState } from 'react';
import { client } from './api/client';
import { Banner } from './components/Banner';
import { DropTarget } from './features/files/DropTarget';
import { FileActions } from './features/files/FileActions';
import { ImportPanel } from './features/files/ImportPanel';
import { StatusBar } from './features/status/StatusBar';
import { TracePage } from './features/trace/TracePage';
import { SEARCH_INPUT_ID } from './features/trace-list/FilterBar';
import { TraceListPage } from './features/trace-list/TraceListPage';
import { backToList, lastListParams, openTrace, parseRoute, rememberListParams, useHash, type Route } from './routing/route';
import { NO_RECEIVERS, statusStore, traceListStore, useStatus } from './stores';

export function App() {
  const route = parseRoute(useHash());
  useEffect(() => statusStore.start(), []);
  useEffect(() => client.onConnectionChange((state) => statusStore.setConnection(state)), []);
  useKeyboard(route);
  const onList = route.page === 'traces';
  // Opened on a trace, the list is left unmounted until it is first shown: its fetches and
  // first render would otherwise share the server and the main thread with the trace's.
  const [listShown, setListShown] = useState(onList);
  if (onList && !listShown) setListShown(true);
  useEffect(() => {
    if (route.page === 'traces') rememberListParams(route.params);
  });
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <a href="#/traces">Tracedeck</a>
        </h1>
        <FileActions route={route} />
      </header>
      <Problems />
      <main className="content">
        {/* The list stays mounted under an open trace, so going back finds it where it was. */}
        {listShown && <TraceListPage params={onList ? route.params : lastListParams()} active={onList} />}
        {route.page === 'trace' && (
          <div className="overlay">
            <TracePage traceId={route.traceId} params={route.params} />
          </div>
        )}
      </main>
      <StatusBar />
      <ImportPanel />
      <DropTarget />
    </div>
  );
}

function Problems() {
  const receivers = useStatus((s) => s.status?.receivers ?? NO_RECEIVERS);
  const connection = useStatus((s) => s.connection);
  const error = useStatus((s) => s.error);
  const down = receivers.filter((r) => r.error);
  return (
    <div className="problems">
      {down.map((r) => (
        <Banner key={r.protocol} kind="error">
          {/* The error names the receiver, the address and the fix. */}
          {r.error!.charAt(0).toUpperCase() + r.error!.slice(1)}. Until then, traces sent to it are not received.
        </Banner>
      ))}
      {error ? (
        <Banner kind="error">Cannot reach the Tracedeck server ({error}). Retrying every second.</Banner>
      ) : (
        connection === 'lost' && <Banner kind="warning">The live connection to Tracedeck was lost; reconnecting. The list is not updating meanwhile.</Banner>
      )}
    </div>
  );
}

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color']);

/** Keys go to the element: text fields and editors take every key, selects their arrows. */
function takesKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return true;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  if (target.tagName === 'SELECT') return key !== '/' && key !== 'Escape';
  return false;
}

function useKeyboard(route: Route): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (takesKey(event.target, event.key)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      const list = traceListStore.getState();
      if (event.key === 'Escape') {
        if (route.page === 'trace') backToList();
        else list.select(null);
        return;
      }
      if (route.page !== 'traces') return;
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById(SEARCH_INPUT_ID)?.focus();
      } else if (event.key === 'ArrowDown' || event.key === 'j') {
        event.preventDefault();
        list.moveSelection(1);
      } else if (event.key === 'ArrowUp' || event.key === 'k') {
        event.preventDefault();
        list.moveSelection(-1);
      } else if (event.key === 'Enter' && list.selectedTraceId) {
        openTrace(list.selectedTraceId);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [route.page]);
}

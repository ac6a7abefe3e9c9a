// Routes live in the location hash (file:// in the desktop app has no server to rewrite paths):
// `#/traces?service=...` is the trace list with its filters, `#/traces/{traceId}` one trace.
import { useSyncExternalStore } from 'react';

export { formatRoute, parseRoute, type Route } from './route-format';
import { formatRoute, parseRoute, type Route } from './route-format';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

/** Goes to a route; `replace` rewrites the current history entry (typing in a filter box). */
export function navigate(route: Route, { replace = false } = {}): void {
  const hash = formatRoute(route);
  if (hash === window.location.hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

// The list's filters as they were when a trace was opened: the list stays mounted under the
// trace with them, and going back restores them.
let listParams = new URLSearchParams();

export function rememberListParams(params: URLSearchParams): void {
  listParams = params;
}

export function lastListParams(): URLSearchParams {
  return listParams;
}

// Set while the current history entry is a trace opened from the list, so that going back is
// the browser's Back (no new entry) rather than a new visit to the list.
let openedFromList = false;
window.addEventListener('hashchange', () => {
  if (parseRoute(window.location.hash).page === 'traces') openedFromList = false;
});

export function openTrace(traceId: string): void {
  openedFromList = parseRoute(window.location.hash).page === 'traces';
  navigate({ page: 'trace', traceId, params: new URLSearchParams() });
}

/** Back to the list as it was (its filters), from a trace. */
export function backToList(): void {
  if (openedFromList) {
    openedFromList = false;
    history.back();
  } else {
    navigate({ page: 'traces', params: listParams });
  }
}

// Routes live in the location hash (file:// in the desktop app has no server to rewrite paths):
// `#/traces?service=...` is the trace list with its filters, `#/traces/{traceId}` one trace.
import { useSyncExternalStore } from 'react';

export type Route = { page: 'traces'; params: URLSearchParams } | { page: 'trace'; traceId: string; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  const trace = /^\/traces\/([0-9a-fA-F]{32})$/.exec(path);
  if (trace) return { page: 'trace', traceId: trace[1]!.toLowerCase(), params };
  return { page: 'traces', params };
}

export function formatRoute(route: Route): string {
  const query = route.params.toString();
  const path = route.page === 'trace' ? `/traces/${route.traceId}` : '/traces';
  return `#${path}${query ? `?${query}` : ''}`;
}

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

// The routes as text, without React: the app's entry reads the route before the app loads
// (src/renderer/src/main.ts).
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

// The renderer's entry: starts what the route needs from the server, then loads the app. Kept
// free of React so that it runs as soon as its few KB arrive.
import { prefetchSkeleton } from './features/trace/skeleton-prefetch';
import { parseRoute } from './routing/route-format';

// The app's code is asked for first: the server answers in order, and reading a large trace
// holds its thread for a while.
void import('./app-main');
const route = parseRoute(window.location.hash);
if (route.page === 'trace') setTimeout(() => prefetchSkeleton(route.traceId), 0);

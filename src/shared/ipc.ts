// The desktop app's IPC channels. Apart from api.ts so that the preload (bundled on its own,
// sandboxed) takes only these names and types, not the validation library.
import type { TracedeckClientApi } from './api';

/** IPC channel of each request of the desktop bridge (renderer -> main, invoke/handle). */
export const IPC_REQUEST_CHANNELS = {
  listServices: 'tracedeck:list-services',
  listOperations: 'tracedeck:list-operations',
  searchTraces: 'tracedeck:search-traces',
  getTrace: 'tracedeck:get-trace',
  getTraceSkeleton: 'tracedeck:get-trace-skeleton',
  getSpans: 'tracedeck:get-spans',
  findInTrace: 'tracedeck:find-in-trace',
  getStatus: 'tracedeck:get-status',
} as const satisfies Record<Exclude<keyof TracedeckClientApi, 'onTraceUpdates'>, string>;

/** main -> renderer: a batch of TraceUpdate, sent to every window of the app. */
export const IPC_TRACE_UPDATES_CHANNEL = 'tracedeck:trace-updates';

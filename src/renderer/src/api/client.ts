// The one place that knows the transport: the desktop app's preload bridge (IPC) when it is
// there, otherwise HTTP + server-sent events to the server that served this page. Chosen once.
import type { TracedeckClientApi } from '../../../shared/api';
import type { ConnectionState } from './connection';
import { HttpClient } from './http-client';

export interface TracedeckClient extends TracedeckClientApi {
  readonly transport: 'ipc' | 'http';
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    /** Set by the desktop app's preload (src/preload/index.ts). */
    tracedeck?: TracedeckClientApi & { desktop: true };
  }
}

function ipcClient(bridge: TracedeckClientApi): TracedeckClient {
  return {
    transport: 'ipc',
    listServices: () => bridge.listServices(),
    listOperations: (service) => bridge.listOperations(service),
    searchTraces: (query) => bridge.searchTraces(query),
    getTrace: (traceId) => bridge.getTrace(traceId),
    getTraceSkeleton: (traceId) => bridge.getTraceSkeleton(traceId),
    getSpans: (traceId, spanIds) => bridge.getSpans(traceId, spanIds),
    findInTrace: (traceId, text) => bridge.findInTrace(traceId, text),
    getStatus: () => bridge.getStatus(),
    onTraceUpdates: (listener) => bridge.onTraceUpdates(listener),
    onConnectionChange: (listener) => {
      listener('connected'); // the main process is this app: the link cannot drop
      return () => {};
    },
  };
}

export const client: TracedeckClient = window.tracedeck ? ipcClient(window.tracedeck) : new HttpClient();

// The preload bridge of the desktop app: the query API as named, typed functions (the shared
// TracedeckClientApi), each one IPC request; never ipcRenderer itself. Main validates every input.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TraceUpdate, TracedeckClientApi } from '../shared/api';
import { IPC_REQUEST_CHANNELS as CHANNELS, IPC_TRACE_UPDATES_CHANNEL } from '../shared/ipc';

const bridge: TracedeckClientApi & { desktop: true } = {
  desktop: true,
  listServices: () => ipcRenderer.invoke(CHANNELS.listServices),
  listOperations: (service) => ipcRenderer.invoke(CHANNELS.listOperations, service),
  searchTraces: (query) => ipcRenderer.invoke(CHANNELS.searchTraces, query),
  getTrace: (traceId) => ipcRenderer.invoke(CHANNELS.getTrace, traceId),
  getTraceSkeleton: (traceId) => ipcRenderer.invoke(CHANNELS.getTraceSkeleton, traceId),
  getSpans: (traceId, spanIds) => ipcRenderer.invoke(CHANNELS.getSpans, { traceId, spanIds }),
  findInTrace: (traceId, text) => ipcRenderer.invoke(CHANNELS.findInTrace, { traceId, text }),
  getStatus: () => ipcRenderer.invoke(CHANNELS.getStatus),
  onTraceUpdates(listener) {
    const forward = (_event: IpcRendererEvent, updates: TraceUpdate[]) => listener(updates);
    ipcRenderer.on(IPC_TRACE_UPDATES_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(IPC_TRACE_UPDATES_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('tracedeck', bridge);

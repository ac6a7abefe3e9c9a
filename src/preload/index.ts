// The preload bridge of the desktop app: the query API as named, typed functions (the shared
// TracedeckClientApi), each one IPC request; never ipcRenderer itself. Main validates every input.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { TraceUpdate, TracedeckClientApi } from '../shared/api';
import type { ImportProgress } from '../shared/import/import-summary';
import { IPC_REQUEST_CHANNELS as CHANNELS, IPC_FILE_CHANNELS as FILES, IPC_TRACE_UPDATES_CHANNEL, type DesktopFilesBridge, type MenuCommand } from '../shared/ipc';

type PageFile = Parameters<typeof webUtils.getPathForFile>[0];

/** Listens on a main -> renderer channel; returns the unsubscribe. */
function listen<A extends unknown[]>(channel: string, listener: (...args: A) => void): () => void {
  const forward = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...(args as A));
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

const bridge: TracedeckClientApi & DesktopFilesBridge<PageFile> & { desktop: true } = {
  desktop: true,
  listServices: () => ipcRenderer.invoke(CHANNELS.listServices),
  listOperations: (service) => ipcRenderer.invoke(CHANNELS.listOperations, service),
  searchTraces: (query) => ipcRenderer.invoke(CHANNELS.searchTraces, query),
  getTrace: (traceId) => ipcRenderer.invoke(CHANNELS.getTrace, traceId),
  getTraceSkeleton: (traceId) => ipcRenderer.invoke(CHANNELS.getTraceSkeleton, traceId),
  getSpans: (traceId, spanIds) => ipcRenderer.invoke(CHANNELS.getSpans, { traceId, spanIds }),
  findInTrace: (traceId, text) => ipcRenderer.invoke(CHANNELS.findInTrace, { traceId, text }),
  getStatus: () => ipcRenderer.invoke(CHANNELS.getStatus),
  onTraceUpdates: (listener) => listen<[TraceUpdate[]]>(IPC_TRACE_UPDATES_CHANNEL, listener),
  // A dropped or picked file names its place on disk only here, in the preload; main reads it.
  importFile: (file, importId) => ipcRenderer.invoke(FILES.importFile, { importId, path: webUtils.getPathForFile(file) }),
  importPath: (path, importId) => ipcRenderer.invoke(FILES.importFile, { importId, path }),
  cancelImport: (importId) => ipcRenderer.send(FILES.cancelImport, importId),
  onImportProgress: (listener) => listen<[string, ImportProgress]>(FILES.importProgress, listener),
  exportTraces: (query) => ipcRenderer.invoke(FILES.exportTraces, query),
  onMenuCommand: (listener) => listen<[MenuCommand]>(FILES.menuCommand, listener),
};

contextBridge.exposeInMainWorld('tracedeck', bridge);

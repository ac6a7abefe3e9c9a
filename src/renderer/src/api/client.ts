// The one place that knows the transport: the desktop app's preload bridge (IPC) when it is
// there, otherwise HTTP + server-sent events to the server that served this page. Chosen once.
import type { ExportQueryInput, TracedeckClientApi } from '../../../shared/api';
import type { ImportProgress, ImportSummary } from '../../../shared/import/import-summary';
import type { DesktopFilesBridge, MenuCommand } from '../../../shared/ipc';
import type { ConnectionState } from './connection';
import { HttpClient } from './http-client';
import { ImportFailedError } from './http-files';

/** An import's progress as the page sees it: in the browser the file is uploaded first. */
export type ClientImportProgress = ImportProgress | { phase: 'uploading'; bytesRead: number; totalBytes: number; spansRead: 0 };

/** What an import reads: a dropped or picked file, or (desktop) a file main named by its path. */
export type ImportSource = File | { path: string; name: string };

export type ExportOutcome = { kind: 'download' } | { kind: 'saved'; path: string; traces: number; spans: number } | { kind: 'cancelled' };

export interface TracedeckClient extends TracedeckClientApi {
  readonly transport: 'ipc' | 'http';
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Imports a file; rejects with an ImportFailedError saying why and where. */
  importFile(source: ImportSource, onProgress: (progress: ClientImportProgress) => void, signal: AbortSignal): Promise<ImportSummary>;
  /** Exports traces: a download in the browser, a save dialog in the desktop app. */
  exportTraces(query: ExportQueryInput): Promise<ExportOutcome>;
  /** The desktop app's File menu (the browser has none). */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

type DesktopBridge = TracedeckClientApi & DesktopFilesBridge<File> & { desktop: true };

declare global {
  interface Window {
    /** Set by the desktop app's preload (src/preload/index.ts). */
    tracedeck?: DesktopBridge;
  }
}

let nextImportId = 1;

function ipcClient(bridge: DesktopBridge): TracedeckClient {
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
    async importFile(source, onProgress, signal) {
      const importId = `import-${nextImportId++}`;
      const stop = bridge.onImportProgress((id, progress) => id === importId && onProgress(progress));
      const cancel = () => bridge.cancelImport(importId);
      signal.addEventListener('abort', cancel, { once: true });
      try {
        return await ('path' in source ? bridge.importPath(source.path, importId) : bridge.importFile(source, importId));
      } catch (error) {
        // IPC errors arrive as "Error invoking remote method '…': ImportError: line 3: …".
        const message = String((error as Error).message).replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '');
        throw new ImportFailedError(message, signal.aborted);
      } finally {
        stop();
        signal.removeEventListener('abort', cancel);
      }
    },
    async exportTraces(query) {
      const saved = await bridge.exportTraces(query);
      return saved === null ? { kind: 'cancelled' } : { kind: 'saved', ...saved };
    },
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}

export const client: TracedeckClient = window.tracedeck ? ipcClient(window.tracedeck) : new HttpClient();

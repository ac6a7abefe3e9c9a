// The desktop app's IPC channels. Apart from api.ts so that the preload (bundled on its own,
// sandboxed) takes only these names and types, not the validation library.
import type { ExportQueryInput, TracedeckClientApi } from './api';
import type { ImportProgress, ImportSummary } from './import/import-summary';

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

/** Trace files in the desktop app: drops and File > Open import by path, exports go through a save dialog. */
export const IPC_FILE_CHANNELS = {
  /** renderer -> main: { importId, path } -> ImportSummary */
  importFile: 'tracedeck:import-file',
  /** renderer -> main: importId */
  cancelImport: 'tracedeck:cancel-import',
  /** main -> renderer: (importId, ImportProgress) */
  importProgress: 'tracedeck:import-progress',
  /** renderer -> main: ExportQueryInput -> ExportSaved | null (the dialog was cancelled) */
  exportTraces: 'tracedeck:export-traces',
  /** main -> renderer: a MenuCommand from the application menu */
  menuCommand: 'tracedeck:menu-command',
} as const;

/**
 * File > Import… opens its dialog in main (a page may only open a file chooser in answer to the
 * user's own input, and a menu click is not that for the page) and hands the chosen paths over;
 * File > Export… opens the page's export menu.
 */
export type MenuCommand = { kind: 'import'; paths: string[] } | { kind: 'export' };

export interface ExportSaved {
  path: string;
  traces: number;
  spans: number;
}

/**
 * What the desktop preload adds for files. `FileHandle` is the DOM File of a drop or a file
 * input (src/shared knows no DOM): the preload turns it into its path on disk.
 */
export interface DesktopFilesBridge<FileHandle = unknown> {
  importFile(file: FileHandle, importId: string): Promise<ImportSummary>;
  /** A file main named (File > Import…), by its path. */
  importPath(path: string, importId: string): Promise<ImportSummary>;
  cancelImport(importId: string): void;
  onImportProgress(listener: (importId: string, progress: ImportProgress) => void): () => void;
  exportTraces(query: ExportQueryInput): Promise<ExportSaved | null>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

// Trace files over IPC for the desktop app: imports by path (a drop or the file picker, whose File
// the preload turns into its path, or File > Import…, whose dialog names the paths), with
// progress to the window that asked and cancel by id; exports through a native save dialog.
// Senders and arguments are checked as for the query API.
import { dialog, ipcMain, BrowserWindow, type IpcMainInvokeEvent, type IpcMainEvent } from 'electron';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { exportQuerySchema } from '../../shared/api';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../shared/export/trace-writer';
import { IPC_FILE_CHANNELS, type ExportSaved } from '../../shared/ipc';
import type { TraceFiles } from '../core/trace-files';
import { parse } from './ipc';

const importRequestSchema = z
  .object({
    importId: z.string().min(1).max(64),
    path: z.string().min(1).max(4096).refine(isAbsolute, 'expected an absolute path'),
  })
  .strict();

export function bindFilesToIpc(files: TraceFiles, trusted: (event: IpcMainInvokeEvent | IpcMainEvent) => boolean): () => void {
  const running = new Map<string, AbortController>();

  ipcMain.handle(IPC_FILE_CHANNELS.importFile, async (event, arg: unknown) => {
    if (!trusted(event)) throw new Error('refused an import from an unknown frame');
    const { importId, path } = parse(importRequestSchema, arg, 'import request');
    const cancel = new AbortController();
    running.set(importId, cancel);
    try {
      return await files.importFile(path, {
        signal: cancel.signal,
        onProgress: (progress) => {
          if (!event.sender.isDestroyed()) event.sender.send(IPC_FILE_CHANNELS.importProgress, importId, progress);
        },
      });
    } finally {
      running.delete(importId);
    }
  });

  ipcMain.on(IPC_FILE_CHANNELS.cancelImport, (event, importId: unknown) => {
    if (trusted(event) && typeof importId === 'string') running.get(importId)?.abort();
  });

  ipcMain.handle(IPC_FILE_CHANNELS.exportTraces, async (event, arg: unknown): Promise<ExportSaved | null> => {
    if (!trusted(event)) throw new Error('refused an export from an unknown frame');
    const query = parse(exportQuerySchema, arg ?? {}, 'export');
    const single = query.traceId?.length === 1 ? query.traceId[0] : undefined;
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = {
      title: 'Export traces',
      defaultPath: exportFileName(query.format, single),
      filters: [{ name: EXPORT_FORMAT_INFO[query.format].label, extensions: ['json', 'jsonl', 'gz'] }],
    };
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return null;
    const counts = await files.exportToFile(query, choice.filePath);
    return { path: choice.filePath, traces: counts.traces, spans: counts.spans };
  });

  return () => {
    for (const cancel of running.values()) cancel.abort();
    ipcMain.removeHandler(IPC_FILE_CHANNELS.importFile);
    ipcMain.removeHandler(IPC_FILE_CHANNELS.exportTraces);
    ipcMain.removeAllListeners(IPC_FILE_CHANNELS.cancelImport);
  };
}

// The query API over IPC: one handler per request channel of the shared contract, each
// validating its sender (a frame of the app's own renderer, in one of its windows) and its
// input (the same zod schemas as the HTTP routes) before it calls the one TracedeckApi.
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { findTextSchema, firstIssueText, serviceNameSchema, spanIdsSchema, traceIdSchema, traceQuerySchema, type TracedeckApi } from '../../shared/api';
import { IPC_REQUEST_CHANNELS, IPC_TRACE_UPDATES_CHANNEL } from '../../shared/ipc';
import { isAppUrl } from './window';

/** Validates an IPC argument; the error names what was invalid, as the HTTP routes' do. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Error(`invalid ${what}: ${firstIssueText(result.error)}`);
}

/** A check that a message comes from a frame of the app's own renderer, in one of its windows. */
export function trustedSender(windows: () => readonly BrowserWindow[]): (event: IpcMainInvokeEvent | IpcMainEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    return frame !== null && windows().some((w) => w.webContents === event.sender) && isAppUrl(frame.url);
  };
}

/**
 * Binds the API to IPC for the given windows (a getter, so windows made later count).
 * Returns the disposer that removes every handler.
 */
export function bindApiToIpc(api: TracedeckApi, windows: () => readonly BrowserWindow[]): () => void {
  const trusted = trustedSender(windows);
  const handle = (channel: string, handler: (arg: unknown) => Promise<unknown>) => {
    ipcMain.handle(channel, (event, arg: unknown) => {
      if (!trusted(event)) throw new Error(`refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return handler(arg);
    });
  };
  handle(IPC_REQUEST_CHANNELS.listServices, () => api.listServices());
  handle(IPC_REQUEST_CHANNELS.listOperations, (arg) => api.listOperations(parse(serviceNameSchema, arg, 'service')));
  handle(IPC_REQUEST_CHANNELS.searchTraces, (arg) => api.searchTraces(parse(traceQuerySchema, arg ?? {}, 'query')));
  handle(IPC_REQUEST_CHANNELS.getTrace, (arg) => api.getTrace(parse(traceIdSchema, arg, 'traceId')));
  handle(IPC_REQUEST_CHANNELS.getTraceSkeleton, (arg) => api.getTraceSkeleton(parse(traceIdSchema, arg, 'traceId')));
  handle(IPC_REQUEST_CHANNELS.getSpans, (arg) => {
    const { traceId, spanIds } = parse(z.object({ traceId: traceIdSchema, spanIds: spanIdsSchema }).strict(), arg, 'spans request');
    return api.getSpans(traceId, spanIds);
  });
  handle(IPC_REQUEST_CHANNELS.findInTrace, (arg) => {
    const { traceId, text } = parse(z.object({ traceId: traceIdSchema, text: findTextSchema }).strict(), arg, 'find request');
    return api.findInTrace(traceId, text);
  });
  handle(IPC_REQUEST_CHANNELS.getStatus, () => api.getStatus());

  const unsubscribe = api.onTraceUpdates((updates) => {
    for (const window of windows()) if (!window.isDestroyed()) window.webContents.send(IPC_TRACE_UPDATES_CHANNEL, updates);
  });
  return () => {
    unsubscribe();
    for (const channel of Object.values(IPC_REQUEST_CHANNELS)) ipcMain.removeHandler(channel);
  };
}

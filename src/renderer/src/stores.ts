// The app's stores, one of each, bound to the one API client.
import { useStore } from 'zustand';
import type { ReceiverStatus } from '../../shared/api';
import { client } from './api/client';
import { createImportStore, type ImportActions, type ImportState } from './features/files/import-store';
import { createStatusStore, type StatusState } from './features/status/status-store';
import { createTraceListStore, type TraceListActions, type TraceListState } from './features/trace-list/trace-list-store';

/** A stable empty list for selectors (a new [] per call would re-render forever). */
export const NO_RECEIVERS: readonly ReceiverStatus[] = [];

export const traceListStore = createTraceListStore(client);
export const statusStore = createStatusStore(client);
export const importStore = createImportStore(client);

export function useTraceList<T>(selector: (state: TraceListState & TraceListActions) => T): T {
  return useStore(traceListStore, selector);
}

export function useStatus<T>(selector: (state: StatusState) => T): T {
  return useStore(statusStore, selector);
}

export function useImports<T>(selector: (state: ImportState & ImportActions) => T): T {
  return useStore(importStore, selector);
}

// The API over HTTP and server-sent events, for the UI that `tracedeck serve` serves to a
// browser. Same-origin only: the server sends no CORS headers and refuses foreign origins.
import type { ExportQueryInput, TraceQueryInput, TraceSkeleton, TraceUpdate, TracedeckClientApi } from '../../../shared/api';
import { decodeSkeleton, SKELETON_MEDIA_TYPE } from '../../../shared/trace/skeleton-codec';
import type { OtlpJsonTraces } from '../../../shared/otlp/json-encode';
import type { ImportSummary } from '../../../shared/import/import-summary';
import type { ClientImportProgress, ExportOutcome, ImportSource, TracedeckClient } from './client';
import type { ConnectionState } from './connection';
import { downloadExport, ImportFailedError, importOverHttp } from './http-files';
import { traceQueryParams } from './query-params';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw await apiError(response);
  return (await response.json()) as T;
}

async function apiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new ApiError(response.status, body?.error?.message ?? `HTTP ${response.status}`);
}

export class HttpClient implements TracedeckClient {
  readonly transport = 'http' as const;
  private events: EventSource | null = null;
  private readonly updateListeners = new Set<(updates: TraceUpdate[]) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private connection: ConnectionState = 'connecting';

  listServices() {
    return getJson<Awaited<ReturnType<TracedeckClientApi['listServices']>>>('/api/services');
  }

  listOperations(service: string) {
    return getJson<Awaited<ReturnType<TracedeckClientApi['listOperations']>>>(`/api/services/${encodeURIComponent(service)}/operations`);
  }

  searchTraces(query: TraceQueryInput) {
    return getJson<Awaited<ReturnType<TracedeckClientApi['searchTraces']>>>(`/api/traces?${traceQueryParams(query).toString()}`);
  }

  async getTrace(traceId: string): Promise<OtlpJsonTraces | null> {
    try {
      return await getJson<OtlpJsonTraces>(`/api/traces/${encodeURIComponent(traceId)}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  async getTraceSkeleton(traceId: string): Promise<TraceSkeleton | null> {
    try {
      const response = await fetch(`/api/traces/${encodeURIComponent(traceId)}/skeleton`, { headers: { Accept: SKELETON_MEDIA_TYPE } });
      if (!response.ok) throw await apiError(response);
      return decodeSkeleton(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  getSpans(traceId: string, spanIds: string[]) {
    const params = new URLSearchParams(spanIds.map((id) => ['spanId', id]));
    return getJson<OtlpJsonTraces>(`/api/traces/${encodeURIComponent(traceId)}/spans?${params.toString()}`);
  }

  findInTrace(traceId: string, text: string) {
    return getJson<string[]>(`/api/traces/${encodeURIComponent(traceId)}/find?${new URLSearchParams({ text }).toString()}`);
  }

  importFile(source: ImportSource, onProgress: (progress: ClientImportProgress) => void, signal: AbortSignal): Promise<ImportSummary> {
    // Paths come only from the desktop app's File menu.
    if ('path' in source) return Promise.reject(new ImportFailedError('a path can only be imported by the desktop app'));
    return importOverHttp(source, onProgress, signal);
  }

  exportTraces(query: ExportQueryInput): Promise<ExportOutcome> {
    return Promise.resolve(downloadExport(query));
  }

  onMenuCommand(): () => void {
    return () => {}; // the browser has no application menu
  }

  getStatus() {
    return getJson<Awaited<ReturnType<TracedeckClientApi['getStatus']>>>('/api/status');
  }

  /** One EventSource for all listeners, opened with the first and closed with the last. */
  onTraceUpdates(listener: (updates: TraceUpdate[]) => void): () => void {
    this.updateListeners.add(listener);
    this.openEvents();
    return () => {
      this.updateListeners.delete(listener);
      if (this.updateListeners.size === 0) this.closeEvents();
    };
  }

  /** 'lost' while the event stream is down (EventSource reconnects by itself). */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.connection);
    return () => this.connectionListeners.delete(listener);
  }

  private openEvents(): void {
    if (this.events) return;
    const events = new EventSource('/api/events');
    events.addEventListener('open', () => this.setConnection('connected'));
    events.addEventListener('error', () => this.setConnection('lost'));
    events.addEventListener('traces', (event) => {
      const updates = JSON.parse((event as MessageEvent<string>).data) as TraceUpdate[];
      for (const listener of this.updateListeners) listener(updates);
    });
    this.events = events;
  }

  private closeEvents(): void {
    this.events?.close();
    this.events = null;
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    for (const listener of this.connectionListeners) listener(state);
  }
}

// The one implementation of the query API contract (src/shared/api.ts). The headless server
// exposes it over HTTP and server-sent events; the desktop app binds the same object to IPC.
import { statSync } from 'node:fs';
import type {
  OperationInfo,
  ServerStatus,
  ServiceInfo,
  TraceQuery,
  TraceSkeleton,
  TraceSummary,
  TraceUpdate,
  TracedeckApi,
  ReceiverStatus,
} from '../../shared/api';
import { groupsToOtlpJson, type OtlpJsonTraces } from '../../shared/otlp/json-encode';
import { withTree } from '../../shared/trace/skeleton-tree';
import type { IngestQueue } from '../ingest/ingest-queue';
import type { IngestCounters } from '../receivers/accept-spans';
import type { TraceReader } from '../store/trace-reader';
import type { UpdateCoalescer } from './update-coalescer';

export interface StatusSources {
  databasePath: string;
  receivers: () => ReceiverStatus[];
  counters: IngestCounters;
  queue: IngestQueue;
}

export class TraceService implements TracedeckApi {
  constructor(
    private readonly reader: TraceReader,
    private readonly updates: UpdateCoalescer,
    private readonly sources: StatusSources,
  ) {}

  async listServices(): Promise<ServiceInfo[]> {
    return this.reader.listServices();
  }

  async listOperations(service: string): Promise<OperationInfo[]> {
    return this.reader.listOperations(service);
  }

  async searchTraces(query: TraceQuery): Promise<TraceSummary[]> {
    return this.reader.search(query);
  }

  async getTrace(traceId: string): Promise<OtlpJsonTraces | null> {
    const groups = this.reader.trace(traceId);
    return groups === null ? null : groupsToOtlpJson(groups);
  }

  async getTraceSkeleton(traceId: string): Promise<TraceSkeleton | null> {
    const columns = this.reader.skeleton(traceId);
    return columns === null ? null : withTree(columns);
  }

  async getSpans(traceId: string, spanIds: string[]): Promise<OtlpJsonTraces> {
    return groupsToOtlpJson(this.reader.spans(traceId, spanIds));
  }

  async findInTrace(traceId: string, text: string): Promise<string[]> {
    return this.reader.find(traceId, text);
  }

  async getStatus(): Promise<ServerStatus> {
    const { databasePath, counters, queue } = this.sources;
    return {
      receivers: this.sources.receivers(),
      store: {
        spansReceived: queue.spansStored,
        spansRejected: counters.spansRejected,
        traceCount: this.reader.traceCount(),
        databasePath,
        databaseBytes: databaseBytes(databasePath),
      },
    };
  }

  onTraceUpdates(listener: (updates: TraceUpdate[]) => void): () => void {
    return this.updates.subscribe(listener);
  }
}

/** The database file plus its write-ahead log, which holds the newest commits until a checkpoint. */
function databaseBytes(path: string): number {
  if (path === ':memory:') return 0;
  let total = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      total += statSync(file).size;
    } catch {
      // not there (yet)
    }
  }
  return total;
}

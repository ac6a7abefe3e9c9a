// Composes the core: the SQLite store, the ingest queue, both OTLP receivers and the API
// service. The headless server and the Electron main process both start it this way; nothing
// here imports electron.
import type { ReceiverStatus } from '../../shared/api';
import { IngestQueue, type IngestQueueOptions } from '../ingest/ingest-queue';
import type { IngestCounters } from '../receivers/accept-spans';
import { GrpcReceiver } from '../receivers/grpc-receiver';
import { HttpReceiver } from '../receivers/http-receiver';
import { openDatabase, type Db } from '../store/database';
import type { GroupCommitOptions } from '../store/group-commit';
import { TraceReader } from '../store/trace-reader';
import { InlineWriter, ThreadedWriter, type SpanStoreWriter } from '../store/writer-thread';
import { TraceFiles } from './trace-files';
import { TraceService } from './trace-service';
import { UpdateCoalescer } from './update-coalescer';

export const DEFAULT_GRPC_PORT = 4317;
export const DEFAULT_HTTP_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';
/** The OTLP limit the Collector uses by default is 4 MiB; SDK batches of big spans exceed it. */
export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export interface CoreOptions {
  databasePath: string;
  host?: string;
  grpcPort?: number;
  httpPort?: number;
  maxMessageBytes?: number;
  nativeBinding?: string;
  ingest?: Partial<IngestQueueOptions>;
  /** How the writer groups requests into transactions (tests hold them to fill the queue). */
  commit?: GroupCommitOptions;
}

export class TracedeckCore {
  readonly db: Db;
  readonly queue: IngestQueue;
  private readonly writer: SpanStoreWriter;
  readonly api: TraceService;
  readonly files: TraceFiles;
  readonly grpc: GrpcReceiver;
  readonly http: HttpReceiver;
  private readonly updates = new UpdateCoalescer();
  private readonly receiverErrors = new Map<'grpc' | 'http', string>();
  private closed = false;

  private constructor(readonly options: Required<Omit<CoreOptions, 'nativeBinding' | 'ingest' | 'commit'>> & CoreOptions) {
    const nativeBinding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
    // This connection migrates the schema and serves reads; a file database is written by its
    // own thread (reads see each commit as soon as it is acknowledged, WAL).
    this.db = openDatabase({ path: options.databasePath, ...nativeBinding });
    // Reads map the file (up to SQLite's 2 GiB limit) instead of copying each page into the
    // page cache: the first skeleton of a 100,000-span trace, whose ~60 MB of rows the reading
    // connection had not seen, took 600 ms with reads and 415 with the map (warm: the same).
    this.db.pragma('mmap_size = 2147418112');
    const commit = options.commit ?? {};
    this.writer =
      options.databasePath === ':memory:'
        ? new InlineWriter(this.db, commit)
        : new ThreadedWriter({ path: options.databasePath, commit, ...nativeBinding });
    this.queue = new IngestQueue(this.writer, options.ingest);
    this.queue.onCommit((updates) => this.updates.push(updates));
    const counters: IngestCounters = { spansRejected: 0 };
    const { host, grpcPort, httpPort, maxMessageBytes } = options;
    this.grpc = new GrpcReceiver(this.queue, counters, { host, port: grpcPort, maxMessageBytes });
    this.http = new HttpReceiver(this.queue, counters, { host, port: httpPort, maxBodyBytes: maxMessageBytes });
    const reader = new TraceReader(this.db);
    this.files = new TraceFiles(reader, this.queue);
    this.api = new TraceService(reader, this.updates, {
      databasePath: options.databasePath,
      counters,
      queue: this.queue,
      receivers: () => this.receiverStatus(),
    });
  }

  /**
   * Opens the store and starts both receivers. A receiver that cannot bind does not stop the
   * other: its error is in receiverStatus() (the app shows it; `tracedeck serve` exits on it).
   */
  static async start(options: CoreOptions): Promise<TracedeckCore> {
    const core = new TracedeckCore({
      host: DEFAULT_HOST,
      grpcPort: DEFAULT_GRPC_PORT,
      httpPort: DEFAULT_HTTP_PORT,
      maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
      ...options,
    });
    await Promise.all([
      core.grpc.start().catch((error: Error) => core.receiverErrors.set('grpc', error.message)),
      core.http.start().catch((error: Error) => core.receiverErrors.set('http', error.message)),
    ]);
    return core;
  }

  receiverStatus(): ReceiverStatus[] {
    const status = (protocol: 'grpc' | 'http', receiver: GrpcReceiver | HttpReceiver): ReceiverStatus => {
      const error = this.receiverErrors.get(protocol) ?? null;
      return { protocol, address: error === null ? receiver.address : null, error };
    };
    return [status('grpc', this.grpc), status('http', this.http)];
  }

  /** Stops the receivers (letting requests in flight finish), commits what was acknowledged, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.grpc.stop(), this.http.stop()]);
    await this.queue.close();
    this.updates.flush();
    await this.writer.close();
    this.db.close();
  }
}

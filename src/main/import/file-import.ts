// Imports a trace file into the store: OTLP JSON / NDJSON / protobuf, Jaeger or Zipkin JSON, each
// optionally gzip-compressed (src/shared/import reads the formats). The file is read once, in the
// import worker (import-worker.ts), and stored as it converts, through the same queue and writer
// as OTLP requests, so that re-importing a file adds no span twice (the store ignores exact
// re-deliveries) and live traffic keeps flowing meanwhile. A file that turns out not to convert,
// or an import that is cancelled, imports nothing: the writer takes back every span the import
// stored (ADR 0009).
import { statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { ImportError } from '../../shared/import/import-report';
import type { ImportProgress, ImportSummary } from '../../shared/import/import-summary';
import type { IngestQueue } from '../ingest/ingest-queue';
import type { PreparedBatch } from '../store/prepared-batch';
import { startWorker } from '../worker-script';
import type { ImportControlMessage, ImportWorkerData, ImportWorkerMessage } from './import-protocol';
import { startsWithGzipMagic } from './read-trace-file';

export type { ImportProgress, ImportSummary };

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

const QUEUE_FULL_RETRY_MS = 20;

export class ImportCancelledError extends Error {
  constructor() {
    super('the import was cancelled; nothing was imported');
    this.name = 'ImportCancelledError';
  }
}

export async function importTraceFile(path: string, queue: IngestQueue, options: ImportOptions = {}): Promise<ImportSummary> {
  const file = { path, totalBytes: statSync(path).size, compressed: startsWithGzipMagic(path) };
  if (options.signal?.aborted) throw new ImportCancelledError();
  const store = new Storing(queue);
  const workerData: ImportWorkerData = { file, tag: store.tag };
  const worker = startWorker('import-worker', new URL('./import-worker.ts', import.meta.url), { workerData });
  try {
    const done = await new Promise<Extract<ImportWorkerMessage, { type: 'done' }>>((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new ImportCancelledError()), { once: true });
      store.onFailure = reject;
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the import worker stopped (code ${code})`)));
      worker.on('message', (message: ImportWorkerMessage) => {
        if (message.type === 'batch') store.add(message.batch, message.spans, worker);
        else if (message.type === 'progress') options.onProgress?.(message.progress);
        else if (message.type === 'done') resolve(message);
        else reject(revive(message.error));
      });
    });
    await worker.terminate();
    await store.finish();
    store.keep();
    return { format: done.format, compressed: file.compressed, bytes: file.totalBytes, ...done.summary, report: done.report };
  } catch (error) {
    // No batch comes after this, so what the take-back waits for is all there is.
    await worker.terminate();
    await store.takeBack(error);
    throw error;
  }
}

/** The worker's error as the one it threw: an ImportError keeps where the file broke. */
function revive(error: Extract<ImportWorkerMessage, { type: 'failed' }>['error']): Error {
  const revived = error.name === 'ImportError' ? new ImportError(error.where ?? '', '') : new Error();
  revived.message = error.message;
  if (error.name !== 'ImportError') revived.name = error.name;
  if (error.code) (revived as Error & { code?: string }).code = error.code;
  return revived;
}

/**
 * The worker's batches handed to the ingest queue under one tag, in the order they came; each
 * commit tells the worker, which reads on. Kept when the import succeeds, taken back when not.
 */
class Storing {
  readonly tag: number;
  onFailure: (error: unknown) => void = () => {};
  private readonly inFlight = new Set<Promise<void>>();
  private handing: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(private readonly queue: IngestQueue) {
    this.tag = queue.openTag();
  }

  add(batch: PreparedBatch, spans: number, worker: Worker): void {
    this.handing = this.handing.then(async () => {
      // Live traffic may have filled the queue: an import waits for room rather than failing.
      while (this.failure === null && !this.queue.hasRoomFor(spans)) {
        await (this.inFlight.size > 0 ? Promise.race(this.inFlight) : delay(QUEUE_FULL_RETRY_MS));
      }
      if (this.failure !== null) return;
      const write: Promise<void> = this.queue.submitPrepared(batch).then(
        () => {
          this.inFlight.delete(write);
          worker.postMessage({ type: 'settled', spans } satisfies ImportControlMessage);
        },
        (error: unknown) => {
          this.inFlight.delete(write);
          this.failure ??= error;
          this.onFailure(error);
        },
      );
      this.inFlight.add(write);
    });
  }

  /** Resolves when everything handed over is committed; throws what failed. */
  async finish(): Promise<void> {
    await this.settle();
    if (this.failure !== null) throw this.failure;
  }

  keep(): void {
    this.queue.keep(this.tag);
  }

  /** Once what was handed over has settled, deletes what of it was stored. */
  async takeBack(cause: unknown): Promise<void> {
    this.failure ??= cause;
    await this.settle();
    try {
      await this.queue.takeBack(this.tag);
    } catch (error) {
      // The import failed and so did deleting what it stored: say both.
      if (cause instanceof Error) cause.message += `; the spans stored before that could not be deleted (${(error as Error).message})`;
    }
  }

  private async settle(): Promise<void> {
    await this.handing;
    await Promise.all(this.inFlight);
  }
}

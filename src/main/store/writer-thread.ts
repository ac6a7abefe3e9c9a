// Where the SpanWriter runs. A database file gets its own writer thread (ThreadedWriter); an
// in-memory database cannot be shared between threads, so `--db :memory:` writes on the calling
// thread (InlineWriter). Both take batches prepared on the receiving thread.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';
import type { PreparedBatch } from './prepared-batch';
import { SpanWriter, type WriteResult } from './span-writer';
import type { WriterReply, WriterRequest, WriterWorkerData } from './writer-protocol';

export interface SpanStoreWriter {
  write(batches: PreparedBatch[]): Promise<WriteResult>;
  /** Finishes the writes in flight, checkpoints and closes the writer's connection. */
  close(): Promise<void>;
}

export class InlineWriter implements SpanStoreWriter {
  private readonly writer: SpanWriter;

  constructor(db: Db) {
    this.writer = new SpanWriter(db);
  }

  async write(batches: PreparedBatch[]): Promise<WriteResult> {
    return this.writer.writePrepared(batches);
  }

  async close(): Promise<void> {}
}

interface Waiting {
  resolve: (result: WriteResult | null) => void;
  reject: (error: Error) => void;
}

export class ThreadedWriter implements SpanStoreWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(data: WriterWorkerData) {
    const script = workerScript();
    this.worker =
      'source' in script
        ? new Worker(script.source, { eval: true, workerData: { ...data, entry: script.entry, tsx: script.tsx } })
        : new Worker(script.url, { workerData: data });
    this.worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(`the span store could not write: ${reply.error}`));
      else waiting.resolve(reply.result);
    });
    this.worker.on('error', (error) => this.fail(new Error(`the span store's writer thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`the span store's writer thread exited (code ${code})`)));
  }

  write(batches: PreparedBatch[]): Promise<WriteResult> {
    return this.request({ type: 'write', id: this.nextId++, batches }) as Promise<WriteResult>;
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.request({ type: 'close', id: this.nextId++ });
    await this.worker.terminate();
  }

  private request(message: WriterRequest): Promise<WriteResult | null> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/**
 * The worker's entry: next to the build (out/main/writer-worker.js, an electron-vite input), or,
 * when running from source (tests, benchmarks), the TypeScript file loaded through tsx's loader,
 * registered inside the worker (a worker does not inherit the parent's module hooks).
 */
function workerScript(): { url: URL } | { source: string; entry: string; tsx: string } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // tsx's ESM loader API (its package export './esm/api' under the 'import' condition).
    const tsxPackage = createRequire(here).resolve('tsx/package.json');
    const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
    const source = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });`;
    return { source, entry: new URL('./writer-worker.ts', here).href, tsx };
  }
  for (const candidate of ['./writer-worker.js', '../writer-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  throw new Error(`writer-worker.js is missing next to ${fileURLToPath(here)}; rebuild with npm run build`);
}

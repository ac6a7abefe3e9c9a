// A real headless server on ephemeral loopback ports with a real SQLite file.
import { join } from 'node:path';
import { HeadlessServer } from '../../src/main/headless/serve';
import type { IngestQueueOptions } from '../../src/main/ingest/ingest-queue';
import { makeTempDir } from './temp-dir';

export interface TestServer {
  server: HeadlessServer;
  databasePath: string;
  /** http://127.0.0.1:PORT of the query API. */
  apiUrl: string;
  /** http://127.0.0.1:PORT/v1/traces */
  otlpHttpUrl: string;
  /** http://127.0.0.1:PORT (what the gRPC exporter takes as url) */
  otlpGrpcUrl: string;
  grpcAddress: string;
  getJson: <T = unknown>(path: string, init?: RequestInit) => Promise<T>;
  close: () => Promise<void>;
}

export async function startTestServer(
  options: { maxMessageBytes?: number; ingest?: Partial<IngestQueueOptions>; commitDelayMs?: number; databasePath?: string } = {},
): Promise<TestServer> {
  const dir = makeTempDir();
  const databasePath = options.databasePath ?? join(dir.path, 'traces.db');
  const server = await HeadlessServer.start({
    databasePath,
    grpcPort: 0,
    httpPort: 0,
    uiPort: 0,
    rendererRoot: null,
    ...(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
    ...(options.ingest ? { ingest: options.ingest } : {}),
    ...(options.commitDelayMs ? { commit: { delayMs: options.commitDelayMs } } : {}),
  });
  const apiUrl = `http://127.0.0.1:${server.web.port}`;
  return {
    server,
    databasePath,
    apiUrl,
    otlpHttpUrl: `http://127.0.0.1:${server.core.http.port}/v1/traces`,
    otlpGrpcUrl: `http://127.0.0.1:${server.core.grpc.port}`,
    grpcAddress: `127.0.0.1:${server.core.grpc.port}`,
    async getJson<T>(path: string, init?: RequestInit): Promise<T> {
      const response = await fetch(apiUrl + path, init);
      if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async close() {
      await server.close();
      dir.remove();
    },
  };
}

// Trace files over HTTP (docs/api.md):
// - POST /api/import: the request body is a trace file (any format the importer reads, gzip or
//   not). It is spooled to a temporary file, then imported. The answer is the import summary as
//   JSON, or, for `Accept: application/x-ndjson`, a stream of `{"progress":…}` lines ending in
//   `{"summary":…}` or `{"error":…}`. A client that goes away cancels the import.
// - GET /api/export?format=…&<the search filters or traceId=…>: every matching trace, streamed.
// - GET /api/traces/{id}?format=…[&download=1]: one trace in an export format.
// Writing routes take no cross-origin requests at all, not even from other localhost pages.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportFormatSchema, exportQuerySchema, traceIdSchema, type ExportQuery } from '../../shared/api';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../shared/export/trace-writer';
import { ImportError } from '../../shared/import/import-report';
import type { ImportProgress, ImportSummary } from '../../shared/import/import-summary';
import type { TraceFiles } from '../core/trace-files';
import { ImportCancelledError } from '../import/file-import';
import { HttpError, parse, queryObject, sendJson } from './api-routes';

const PROGRESS_INTERVAL_MS = 100;

/** Answers the file routes; returns false for any other request. */
export async function routeFiles(files: TraceFiles, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (path === '/api/import') {
    if (req.method !== 'POST') throw new HttpError(405, 'POST a trace file to /api/import');
    refuseCrossOrigin(req);
    await importBody(files, req, res);
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/api/export') {
    const query = parse(exportQuerySchema, queryObject(url.searchParams), 'export');
    sendExport(files, res, query, exportFileName(query.format), true);
    return true;
  }
  const trace = /^\/api\/traces\/([^/]+)$/.exec(path);
  if (trace && url.searchParams.has('format')) {
    const traceId = parse(traceIdSchema, decodeURIComponent(trace[1]!), 'traceId');
    const format = parse(exportFormatSchema, url.searchParams.get('format'), 'format');
    if (!files.hasTrace(traceId)) throw new HttpError(404, `no trace ${traceId} is stored`);
    const query = parse(exportQuerySchema, { traceId: [traceId], format }, 'export');
    sendExport(files, res, query, exportFileName(format, traceId), url.searchParams.get('download') === '1');
    return true;
  }
  return false;
}

function sendExport(files: TraceFiles, res: ServerResponse, query: ExportQuery, fileName: string, download: boolean): void {
  res.writeHead(200, {
    'Content-Type': `${EXPORT_FORMAT_INFO[query.format].mediaType}; charset=utf-8`,
    'Cache-Control': 'no-store',
    ...(download ? { 'Content-Disposition': `attachment; filename="${fileName}"` } : {}),
  });
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  pipeline(Readable.from(files.exportText(query)), res).catch(() => res.destroy());
}

/**
 * A page may send a "simple" POST to any origin without asking first, so a foreign page could
 * import into the store. Only the UI this server serves (its own origin) and non-browser clients
 * (no Origin header) may.
 */
function refuseCrossOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
    throw new HttpError(403, `origin ${origin} may not import into this server; use its own UI or a client without an Origin`);
  }
}

async function importBody(files: TraceFiles, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
  const spool = join(tmpdir(), `tracedeck-import-${randomUUID()}`);
  const cancel = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) cancel.abort();
  });
  try {
    // Opened before the body is read, so that a spool that cannot be made is an answer (500),
    // not a torn connection (pipeline destroys the request on any error).
    const spoolFile = createWriteStream(spool, { mode: 0o600 });
    await once(spoolFile, 'open');
    try {
      await pipeline(req, spoolFile);
    } catch (error) {
      // The client went away during the upload (cancelled), or the disk filled up: the request is
      // gone either way, so there is no one to answer.
      if (!cancel.signal.aborted) console.error('tracedeck: import upload failed:', (error as Error).message);
      return;
    }
    if (streaming) {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
      const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
      let last = 0;
      const onProgress = (progress: ImportProgress) => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS && progress.bytesRead < progress.totalBytes) return;
        last = now;
        line({ progress });
      };
      try {
        const summary: ImportSummary = await files.importFile(spool, { onProgress, signal: cancel.signal });
        line({ summary });
      } catch (error) {
        line({ error: importErrorBody(error) });
      }
      res.end();
      return;
    }
    try {
      sendJson(res, 200, await files.importFile(spool, { signal: cancel.signal }));
    } catch (error) {
      if (error instanceof ImportError || error instanceof ImportCancelledError) throw new HttpError(400, error.message, importErrorBody(error));
      throw error;
    }
  } finally {
    await unlink(spool).catch(() => undefined);
  }
}

function importErrorBody(error: unknown): { message: string; where?: string; cancelled?: boolean } {
  if (error instanceof ImportError) return { message: error.message, where: error.where };
  if (error instanceof ImportCancelledError) return { message: error.message, cancelled: true };
  console.error('tracedeck: import failed:', error);
  return { message: `the import failed: ${(error as Error).message}` };
}

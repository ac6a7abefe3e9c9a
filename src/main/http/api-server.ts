// The headless server's HTTP port: the query API under /api/ and the renderer for a browser.
// It is never the OTLP port. Every request must name a local Host (DNS rebinding) and, when
// a browser sends an Origin, a local one; responses carry a strict Content-Security-Policy.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TracedeckApi } from '../../shared/api';
import { ListenError, formatAddress } from '../receivers/listen-error';
import type { TraceFiles } from '../core/trace-files';
import { HttpError, routeApi, sendJson } from './api-routes';
import { routeFiles } from './file-routes';
import { isLocalHost, isLocalOrigin } from './local-origin';
import { serveStatic } from './static-files';

export const DEFAULT_UI_PORT = 4320;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // React style props and d3-flame-graph set inline styles
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface ApiServerOptions {
  host: string;
  port: number;
  /** The built renderer; null serves the API only. */
  rendererRoot: string | null;
}

export class ApiServer {
  private server: Server | null = null;
  port = 0;

  constructor(
    private readonly api: TracedeckApi,
    private readonly files: TraceFiles,
    private readonly options: ApiServerOptions,
  ) {}

  get address(): string {
    return formatAddress(this.options.host, this.port);
  }

  get url(): string {
    return `http://${this.address}/`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof HttpError) sendJson(res, error.status, { error: { message: error.message, issues: error.issues } });
        else {
          console.error('tracedeck: API request failed:', error);
          sendJson(res, 500, { error: { message: 'internal error' } });
        }
      });
    });
    const requested = formatAddress(this.options.host, this.options.port);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new ListenError('the query API and UI server', requested, '--ui-port', error)));
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!isLocalHost(req.headers.host)) throw new HttpError(403, `host ${JSON.stringify(req.headers.host ?? '')} is not local`);
    const origin = req.headers.origin;
    if (origin !== undefined && !isLocalOrigin(origin)) throw new HttpError(403, `origin ${origin} is not local`);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      if (await routeFiles(this.files, req, res, url)) return;
      if (!(await routeApi(this.api, req, res, url))) throw new HttpError(404, `no API route ${url.pathname}`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `method ${req.method} is not allowed`);
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Frame-Options', 'DENY');
    if (this.options.rendererRoot && serveStatic(this.options.rendererRoot, url.pathname, res)) return;
    throw new HttpError(404, this.options.rendererRoot ? `no such file ${url.pathname}` : 'the UI is not built (npm run build)');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // event streams never end on their own
    });
  }
}

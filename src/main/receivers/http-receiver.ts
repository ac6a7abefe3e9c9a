// OTLP/HTTP: POST /v1/traces with protobuf or JSON bodies (OTLP 1.x specification,
// "OTLP/HTTP"). The port answers nothing else but CORS preflight, so no web page can read
// traces through it; pages on localhost may export (the browser OTel SDK), others may not.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DecodedBatch } from '../../shared/model';
import { OtlpJsonError, parseOtlpJsonText } from '../../shared/otlp/json-decode';
import { decodeExportTraceRequest } from '../../shared/otlp/protobuf-decode';
import { encodeExportResponse, encodeRpcStatus, exportResponseJson, rpcStatusJson, type PartialSuccess } from '../../shared/otlp/responses';
import { isLocalOrigin } from '../http/local-origin';
import { BodyError, readBody } from '../http/read-body';
import { OverloadedError, type IngestQueue } from '../ingest/ingest-queue';
import { acceptSpans, type IngestCounters } from './accept-spans';
import { ListenError, formatAddress } from './listen-error';

export const TRACES_PATH = '/v1/traces';

export interface HttpReceiverOptions {
  host: string;
  port: number;
  /** Largest accepted body, compressed and after decompression. */
  maxBodyBytes: number;
}

type Encoding = 'protobuf' | 'json';

// google.rpc.Code values used in error bodies.
const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
const RESOURCE_EXHAUSTED = 8;
const UNIMPLEMENTED = 12;
const UNAVAILABLE = 14;
const NOT_FOUND = 5;

export class HttpReceiver {
  private server: Server | null = null;
  port = 0;

  constructor(
    private readonly queue: IngestQueue,
    private readonly counters: IngestCounters,
    private readonly options: HttpReceiverOptions,
  ) {}

  get address(): string {
    return formatAddress(this.options.host, this.port);
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error('tracedeck: OTLP/HTTP handler failed:', error);
        if (!res.headersSent) sendStatus(res, 500, 'json', UNAVAILABLE, 'internal error');
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 65_000; // longer than the SDKs' idle sockets, so reuse never races a close
    const requested = formatAddress(this.options.host, this.options.port);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new ListenError('the OTLP/HTTP receiver', requested, '--http-port', error)));
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!isLocalOrigin(origin)) {
        req.resume();
        sendStatus(res, 403, 'json', PERMISSION_DENIED, `origin ${origin} may not export to Tracedeck; only pages on localhost may`);
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path !== TRACES_PATH) {
      req.resume();
      sendStatus(res, 404, 'json', NOT_FOUND, `no such path; OTLP/HTTP traces go to POST ${TRACES_PATH}`);
      return;
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Content-Type, Content-Encoding');
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('Allow', 'POST, OPTIONS');
      sendStatus(res, 405, 'json', UNIMPLEMENTED, `method ${req.method} is not allowed; use POST`);
      return;
    }
    const encoding = encodingOf(req.headers['content-type']);
    if (encoding === null) {
      req.resume();
      sendStatus(
        res,
        415,
        'json',
        INVALID_ARGUMENT,
        `unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}; use application/x-protobuf or application/json`,
      );
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, this.options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      // The rest of an oversized body is not read: close the connection after answering.
      res.setHeader('Connection', 'close');
      sendStatus(res, error.status, encoding, error.status === 413 ? RESOURCE_EXHAUSTED : INVALID_ARGUMENT, error.message);
      return;
    }
    // Decoding and submitting happen in a plain function: nothing of the decoded request stays
    // reachable from this frame while it waits for the commit (see accept-spans.ts).
    let accepted: Promise<PartialSuccess | null>;
    try {
      accepted = this.decodeAndAccept(encoding, body);
    } catch (error) {
      const what = error instanceof OtlpJsonError ? 'invalid OTLP/JSON' : 'undecodable ExportTraceServiceRequest';
      sendStatus(res, 400, encoding, INVALID_ARGUMENT, `${what}: ${(error as Error).message}`);
      return;
    }
    try {
      const partial = await accepted;
      if (encoding === 'protobuf') send(res, 200, encoding, Buffer.from(encodeExportResponse(partial)));
      else send(res, 200, encoding, JSON.stringify(exportResponseJson(partial)));
    } catch (error) {
      if (error instanceof OverloadedError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
        sendStatus(res, 429, encoding, RESOURCE_EXHAUSTED, error.message);
      } else {
        res.setHeader('Retry-After', '5');
        sendStatus(res, 503, encoding, UNAVAILABLE, (error as Error).message);
      }
    }
  }

  /** Throws a decoding error synchronously; the promise settles once the spans are committed. */
  private decodeAndAccept(encoding: Encoding, body: Buffer): Promise<PartialSuccess | null> {
    const decoded: DecodedBatch = encoding === 'protobuf' ? decodeExportTraceRequest(body) : parseOtlpJsonText(decodeUtf8(body));
    return acceptSpans(this.queue, decoded, this.counters);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}

function encodingOf(contentType: string | undefined): Encoding | null {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return null;
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new OtlpJsonError('', 'the body is not valid UTF-8');
  }
}

function send(res: ServerResponse, status: number, encoding: Encoding, body: Buffer | string): void {
  res.writeHead(status, {
    'Content-Type': encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Error bodies are a google.rpc.Status in the request's encoding (OTLP/HTTP "Failures"). */
function sendStatus(res: ServerResponse, status: number, encoding: Encoding, code: number, message: string): void {
  if (encoding === 'protobuf') send(res, status, encoding, Buffer.from(encodeRpcStatus(code, message)));
  else send(res, status, encoding, JSON.stringify(rpcStatusJson(code, message)));
}

// The query API over HTTP: each route validates its input with the shared schemas and calls the
// one TracedeckApi object. docs/api.md documents every route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { findTextSchema, firstIssueText, serviceNameSchema, spanIdsSchema, traceIdSchema, traceQuerySchema, type TraceUpdate, type TracedeckApi } from '../../shared/api';
import { encodeSkeleton, SKELETON_MEDIA_TYPE } from '../../shared/trace/skeleton-codec';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}

/** Answers an /api/ request; returns false when no route matches. */
export async function routeApi(api: TracedeckApi, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `method ${req.method} is not allowed here`);
  if (path === '/api/services') {
    sendJson(res, 200, await api.listServices());
    return true;
  }
  const operations = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
  if (operations) {
    const service = parse(serviceNameSchema, decodeURIComponent(operations[1]!), 'service');
    sendJson(res, 200, await api.listOperations(service));
    return true;
  }
  if (path === '/api/traces') {
    sendJson(res, 200, await api.searchTraces(parse(traceQuerySchema, queryObject(url.searchParams), 'query')));
    return true;
  }
  const trace = /^\/api\/traces\/([^/]+)$/.exec(path);
  if (trace) {
    const traceId = parse(traceIdSchema, decodeURIComponent(trace[1]!), 'traceId');
    const body = await api.getTrace(traceId);
    if (body === null) throw new HttpError(404, `no trace ${traceId} is stored`);
    sendJson(res, 200, body);
    return true;
  }
  const part = /^\/api\/traces\/([^/]+)\/(skeleton|spans|find)$/.exec(path);
  if (part) {
    const traceId = parse(traceIdSchema, decodeURIComponent(part[1]!), 'traceId');
    if (part[2] === 'skeleton') {
      const started = performance.now();
      const skeleton = await api.getTraceSkeleton(traceId);
      if (skeleton === null) throw new HttpError(404, `no trace ${traceId} is stored`);
      const read = performance.now();
      const body = encodeSkeleton(skeleton);
      // Where the server's time went, for the browser's devtools and the benchmarks.
      const timing = `read;dur=${(read - started).toFixed(1)}, encode;dur=${(performance.now() - read).toFixed(1)}`;
      res.writeHead(200, { 'Content-Type': SKELETON_MEDIA_TYPE, 'Content-Length': body.byteLength, 'Cache-Control': 'no-store', 'Server-Timing': timing });
      res.end(body);
    } else if (part[2] === 'spans') {
      sendJson(res, 200, await api.getSpans(traceId, parse(spanIdsSchema, url.searchParams.getAll('spanId'), 'spanId')));
    } else {
      sendJson(res, 200, await api.findInTrace(traceId, parse(findTextSchema, url.searchParams.get('text') ?? '', 'text')));
    }
    return true;
  }
  if (path === '/api/status') {
    sendJson(res, 200, await api.getStatus());
    return true;
  }
  if (path === '/api/events') {
    streamEvents(api, req, res);
    return true;
  }
  return false;
}

const REPEATABLE = new Set(['attr', 'traceId']);

/** Repeatable parameters (attr, traceId) become arrays; the rest stay single strings. */
export function queryObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).filter((v) => v !== '');
    if (REPEATABLE.has(key)) out[key] = values;
    else if (values.length > 0) out[key] = values[values.length - 1];
  }
  return out;
}

export function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new HttpError(400, `invalid ${what}: ${firstIssueText(result.error)}`, issues);
}

// Server-sent events: `event: traces` with a JSON array of TraceUpdate, coalesced by the core.
// A comment every 15 s keeps proxies and idle timers from closing a quiet stream.
function streamEvents(api: TracedeckApi, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = api.onTraceUpdates((updates: TraceUpdate[]) => {
    res.write(`event: traces\ndata: ${JSON.stringify(updates)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('close', stop);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

// Query API latency against a running server holding the ingest run's spans: each query 200
// times, sequentially, over HTTP keep-alive; p50 and p95 in milliseconds, from sending the
// request to the parsed body.
//
// The client is node:http, not fetch: undici's fetch adds its own work per call, which showed at
// the tail. Same server, same 400 trace ids (5M spans): trace by id p95 5.4-5.5 ms with fetch,
// 2.5-3.3 ms with node:http, 2.45 ms with curl; an in-process read + encode is 0.6-1.5 ms p95.
import { Agent, get } from 'node:http';
import type { TraceSummary } from '../src/shared/api';
import { percentile } from './support/stats';
import { USER_IDS, random } from './support/workload';

export interface QueryResult {
  name: string;
  target: number;
  p50: number;
  p95: number;
  /** Mean rows returned: a query that finds nothing measures nothing. */
  rows: number;
}

const ITERATIONS = 200;
// The first runs of a query shape prepare its statement and compile the server's code for it
// (the JIT): a long-running server has done that long before. Left out of the figures.
const WARM_UP = 50;

/** GET on the keep-alive connection: the status and the parsed JSON body. */
function getJson(agent: Agent, base: string, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(base + path, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error as Error);
        }
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function timeQuery(agent: Agent, base: string, name: string, target: number, path: (i: number) => string): Promise<QueryResult> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < ITERATIONS + WARM_UP; i++) {
    const started = performance.now();
    const { status, body } = await getJson(agent, base, path(i));
    const elapsed = performance.now() - started;
    if (status !== 200) throw new Error(`${name}: HTTP ${status} ${JSON.stringify(body)}`);
    if (i < WARM_UP) continue;
    times.push(elapsed);
    rows += Array.isArray(body) ? body.length : (body as { resourceSpans?: unknown[] }).resourceSpans ? 1 : 0;
  }
  times.sort((a, b) => a - b);
  return { name, target, p50: percentile(times, 50), p95: percentile(times, 95), rows: rows / ITERATIONS };
}

export async function measureQueries(apiPort: number): Promise<QueryResult[]> {
  const base = `http://127.0.0.1:${apiPort}`;
  const rand = random(7);
  // Trace ids from all over the store: the newest, and the newest before points spread in time.
  const newest = (await (await fetch(`${base}/api/traces?limit=1000`)).json()) as TraceSummary[];
  const oldest = (await (await fetch(`${base}/api/traces?limit=1000&sort=slowest`)).json()) as TraceSummary[];
  const ids = [...newest, ...oldest].map((t) => t.traceId);
  // Every operation of every service, common and rare alike.
  const operations: string[] = [];
  for (let s = 0; s < 10; s++) {
    const service = `service-${s}`;
    for (const o of (await (await fetch(`${base}/api/services/${service}/operations`)).json()) as { name: string }[]) {
      operations.push(`service=${service}&operation=${encodeURIComponent(o.name)}`);
    }
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return [
      await timeQuery(agent, base, 'trace by id', 5, () => `/api/traces/${ids[Math.floor(rand() * ids.length)]}`),
      await timeQuery(agent, base, 'newest traces of a service', 20, (i) => `/api/traces?service=service-${i % 10}`),
      await timeQuery(agent, base, 'newest traces of an operation', 20, (i) => `/api/traces?${operations[(i * 7919) % operations.length]}`),
      await timeQuery(agent, base, 'traces slower than 1.5 s', 20, () => '/api/traces?minDurationMs=1500'),
      await timeQuery(agent, base, 'errors only', 20, () => '/api/traces?status=error'),
      await timeQuery(agent, base, 'attribute filter user_id=N', 50, () => `/api/traces?attr=user_id=${Math.floor(rand() * USER_IDS)}`),
      await timeQuery(agent, base, 'service picker', 5, () => '/api/services'),
      await timeQuery(agent, base, 'operation picker', 5, (i) => `/api/services/service-${i % 10}/operations`),
    ];
  } finally {
    agent.destroy();
  }
}

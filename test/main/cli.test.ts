// `tracedeck serve` as users run it: a child process with a real database file.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/database';
import { TraceReader } from '../../src/main/store/trace-reader';
import { traceQuerySchema } from '../../src/shared/api';
import { BUILT, NOT_BUILT_REASON, runCli, startServe } from '../support/cli-process';
import { httpRequest } from '../support/http-request';
import { jsonBody } from '../support/otlp-bodies';
import { makeSdkSpans } from '../support/sdk-spans';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => dir.remove());

async function post(httpPort: number, service: string) {
  const spans = makeSdkSpans(service);
  const response = await httpRequest(`http://127.0.0.1:${httpPort}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: jsonBody(spans),
  });
  expect(response.status).toBe(200);
  return spans;
}

describe.skipIf(!BUILT)(`tracedeck serve${BUILT ? '' : ` (skipped: ${NOT_BUILT_REASON})`}`, () => {
  it('keeps every acknowledged span after kill -9, and serves it again after a restart', async () => {
    const db = join(dir.path, 'crash.db');
    const serve = await startServe(['--db', db]);
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(...(await post(serve.httpPort, `crash-${i}`)));
    serve.child.kill('SIGKILL');
    expect((await serve.exited).signal).toBe('SIGKILL');

    const reopened = openDatabase({ path: db });
    const reader = new TraceReader(reopened);
    for (const span of sent) {
      const groups = reader.trace(span.spanContext().traceId);
      expect(groups?.flatMap((g) => g.spans).some((s) => s.spanId === span.spanContext().spanId)).toBe(true);
    }
    expect(reader.search(traceQuerySchema.parse({ limit: 100 }))).toHaveLength(10);
    reopened.close();

    const again = await startServe(['--db', db]);
    const response = await httpRequest(`http://127.0.0.1:${again.uiPort}/api/traces?service=crash-3`);
    expect(JSON.parse(response.text)).toHaveLength(2);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('on SIGTERM writes what it acknowledged, says so and exits 0', async () => {
    const db = join(dir.path, 'term.db');
    const serve = await startServe(['--db', db]);
    const [span] = await post(serve.httpPort, 'term');
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect(serve.output()).toMatch(/SIGTERM, writing what was acknowledged and stopping/);
    const reopened = openDatabase({ path: db, readonly: true });
    expect(new TraceReader(reopened).summary(span!.spanContext().traceId)).not.toBeNull();
    reopened.close();
  });

  it('names the port and the flag in one line when a port is taken', async () => {
    const first = await startServe(['--db', ':memory:']);
    try {
      const second = runCli(['serve', '--db', ':memory:', '--grpc-port', String(first.grpcPort), '--http-port', '0', '--ui-port', '0']);
      expect((await second.exited).code).toBe(1);
      const lines = second.output().trim().split('\n');
      expect(lines).toEqual([
        `tracedeck: the OTLP/gRPC receiver cannot listen on 127.0.0.1:${first.grpcPort}: the port is already in use (another Tracedeck or an OpenTelemetry Collector?); choose another with --grpc-port N`,
      ]);
      const third = runCli(['serve', '--db', ':memory:', '--grpc-port', '0', '--http-port', '0', '--ui-port', String(first.uiPort)]);
      expect((await third.exited).code).toBe(1);
      expect(third.output()).toMatch(/^tracedeck: .* --ui-port N\n$/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('explains a bad flag instead of starting', async () => {
    const run = runCli(['serve', '--grpc-port', 'many']);
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(/--grpc-port.*expected a port number/);
  });
});

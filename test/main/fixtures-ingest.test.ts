// Real OTLP files written by other projects, sent to the OTLP/HTTP receiver as they are: every
// span with valid ids comes back from the API exactly as the file had it; the others are counted
// as partial success.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOtlpJsonText } from '../../src/shared/otlp/json-decode';
import { spanToOtlpJson, type OtlpJsonTraces } from '../../src/shared/otlp/json-encode';
import { decodeExportTraceRequest } from '../../src/shared/otlp/protobuf-decode';
import { invalidSpanReason } from '../../src/shared/otlp/validate';
import type { DecodedBatch, Span } from '../../src/shared/model';
import { httpRequest } from '../support/http-request';
import { readExportResponse } from '../support/otlp-bodies';
import { HAS_SHARED_FIXTURES, NO_SHARED_FIXTURES_REASON, sharedFixtureFiles } from '../support/shared-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

// A fresh store per file: several files reuse the same trace and span ids with other contents,
// and a re-delivered span keeps what was stored first.
let server: TestServer;
beforeEach(async () => {
  if (HAS_SHARED_FIXTURES) server = await startTestServer();
});
afterEach(async () => {
  await server?.close();
});

/** Spans a receiver must keep: valid ids; the last copy of a duplicate is ignored. */
function keptSpans(batch: DecodedBatch): Span[] {
  const seen = new Set<string>();
  const kept: Span[] = [];
  for (const group of batch.groups) {
    for (const span of group.spans) {
      const normalized = { ...span, parentSpanId: /^0*$/.test(span.parentSpanId) ? '' : span.parentSpanId };
      if (invalidSpanReason(normalized) !== null) continue;
      const key = `${span.traceId}/${span.spanId}/${span.startTimeUnixNano}`;
      if (!seen.has(key)) kept.push(normalized);
      seen.add(key);
    }
  }
  return kept;
}

async function expectStored(spans: Span[]) {
  for (const span of spans) {
    const trace = await server.getJson<OtlpJsonTraces>(`/api/traces/${span.traceId}`);
    const stored = trace.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).filter((s) => s.spanId === span.spanId);
    expect(stored).toContainEqual(spanToOtlpJson(span));
  }
}

const jsonFiles = sharedFixtureFiles('otlp-json', '.json');
const protobufFiles = sharedFixtureFiles('otlp-protobuf', '.protobuf-bin');

describe.skipIf(!HAS_SHARED_FIXTURES)(`shared OTLP fixtures through OTLP/HTTP${HAS_SHARED_FIXTURES ? '' : ` (${NO_SHARED_FIXTURES_REASON})`}`, () => {
  it.each(jsonFiles.map((f) => [basename(f), f]))('%s as application/json', async (_name, file) => {
    const text = readFileSync(file!, 'utf8');
    const decoded = parseOtlpJsonText(text);
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    expect(response.status).toBe(200);
    const rejected = decoded.spanCount - decoded.groups.reduce((n, g) => n + g.spans.filter((s) => invalidSpanReason({ ...s, parentSpanId: '' }) === null).length, 0);
    const body = JSON.parse(response.text) as { partialSuccess?: { rejectedSpans: string } };
    expect(Number(body.partialSuccess?.rejectedSpans ?? 0)).toBe(rejected);
    await expectStored(keptSpans(decoded));
  });

  it('the NDJSON file, one request per line, children before parents', async () => {
    const [file] = sharedFixtureFiles('otlp-json', '.jsonl');
    const lines = readFileSync(file!, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const spans: Span[] = [];
    for (const line of lines) {
      const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: line });
      expect(response.status).toBe(200);
      spans.push(...keptSpans(parseOtlpJsonText(line)));
    }
    await expectStored(spans);
    const traceIds = new Set(spans.map((s) => s.traceId));
    for (const traceId of traceIds) {
      const summary = (await server.getJson<{ traceId: string; hasRoot: boolean; spanCount: number }[]>('/api/traces?limit=1000')).find(
        (s) => s.traceId === traceId,
      );
      expect(summary).toMatchObject({ hasRoot: true, spanCount: spans.filter((s) => s.traceId === traceId).length });
    }
  });

  it.each(protobufFiles.map((f) => [basename(f), f]))('%s as application/x-protobuf', async (_name, file) => {
    const bytes = readFileSync(file!);
    const response = await httpRequest(server.otlpHttpUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: bytes });
    expect(response.status).toBe(200);
    expect(readExportResponse(response.body)).toBeNull();
    await expectStored(keptSpans(decodeExportTraceRequest(bytes)));
  });
});

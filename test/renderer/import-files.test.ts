// The import store (one file at a time, progress, cancel, errors) over a fake transport, and
// where an import's summary links to.
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/shared/import/import-summary';
import type { ClientImportProgress, ImportSource } from '../../src/renderer/src/api/client';
import { ImportFailedError } from '../../src/renderer/src/api/http-files';
import { importedTracesRoute } from '../../src/renderer/src/features/files/import-links';
import { createImportStore } from '../../src/renderer/src/features/files/import-store';
import { formatRoute } from '../../src/renderer/src/routing/route-format';
import { waitFor } from '../support/wait-for';

const summary = (traces: number, traceIds: string[]): ImportSummary => ({
  format: 'otlp-json',
  compressed: false,
  bytes: 10,
  spans: traces * 2,
  traces,
  services: ['web'],
  startUnixNano: '1700000000000500000',
  endUnixNano: '1700000005000000001',
  traceIds,
  report: { repairs: [], dropped: [], droppedCount: 0, warnings: [] },
});

/** A transport whose imports finish when the test says. */
function fakeClient() {
  const calls: { name: string; progress: (p: ClientImportProgress) => void; signal: AbortSignal; finish: (s: ImportSummary) => void; fail: (e: Error) => void }[] = [];
  return {
    calls,
    importFile: (file: ImportSource, progress: (p: ClientImportProgress) => void, signal: AbortSignal) =>
      new Promise<ImportSummary>((finish, fail) => {
        calls.push({ name: file.name, progress, signal, finish, fail });
        signal.addEventListener('abort', () => fail(new ImportFailedError('the import was cancelled', true)));
      }),
  };
}

const file = (name: string) => new File(['{}'], name);

describe('the import store', () => {
  it('imports one file at a time, in order, with progress and the summary', async () => {
    const client = fakeClient();
    const store = createImportStore(client);
    store.getState().importFiles([file('a.json'), file('b.json')]);
    expect(store.getState().jobs.map((j) => [j.name, j.phase])).toEqual([
      ['a.json', 'uploading'],
      ['b.json', 'waiting'],
    ]);
    client.calls[0]!.progress({ phase: 'importing', bytesRead: 5, totalBytes: 10, spansRead: 7 });
    expect(store.getState().jobs[0]).toMatchObject({ phase: 'importing', bytesRead: 5, spansRead: 7 });
    client.calls[0]!.finish(summary(3, ['a', 'b', 'c']));
    await waitFor(() => store.getState().jobs[1]!.phase === 'uploading', 'the second import to start');
    expect(store.getState().jobs.map((j) => j.phase)).toEqual(['done', 'uploading']);
    expect(client.calls.map((c) => c.name)).toEqual(['a.json', 'b.json']);
    client.calls[1]!.fail(new ImportFailedError('line 3: the line ends inside its JSON value'));
    await waitFor(() => store.getState().jobs[1]!.phase === 'failed', 'the second import to fail');
    expect(store.getState().jobs[1]).toMatchObject({ phase: 'failed', error: 'line 3: the line ends inside its JSON value' });
  });

  it('cancels the running import and one still waiting; dismisses finished ones only', async () => {
    const client = fakeClient();
    const store = createImportStore(client);
    store.getState().importFiles([file('a.json'), file('b.json'), file('c.json')]);
    const [a, b] = store.getState().jobs;
    store.getState().cancel(b!.id);
    store.getState().dismiss(a!.id); // running: stays
    store.getState().cancel(a!.id);
    await waitFor(() => store.getState().jobs[2]!.phase === 'uploading', 'the third import to start');
    expect(client.calls[0]!.signal.aborted).toBe(true);
    expect(store.getState().jobs.map((j) => [j.name, j.phase])).toEqual([
      ['a.json', 'cancelled'],
      ['b.json', 'cancelled'],
      ['c.json', 'uploading'],
    ]);
    store.getState().dismiss(a!.id);
    expect(store.getState().jobs.map((j) => j.name)).toEqual(['b.json', 'c.json']);
  });
});

describe('importing a file named by its path (the desktop app\'s File > Import…)', () => {
  it('learns its size from the first progress report', async () => {
    const client = fakeClient();
    const store = createImportStore(client);
    store.getState().importFiles([{ path: '/home/me/trace.json', name: 'trace.json' }]);
    expect(store.getState().jobs[0]).toMatchObject({ name: 'trace.json', size: 0 });
    client.calls[0]!.progress({ phase: 'importing', bytesRead: 10, totalBytes: 400, spansRead: 1 });
    expect(store.getState().jobs[0]).toMatchObject({ size: 400, totalBytes: 400 });
    client.calls[0]!.finish(summary(1, ['ab'.repeat(16)]));
    await waitFor(() => store.getState().jobs[0]!.phase !== 'importing', 'the import to end');
    expect(store.getState().jobs[0]!.phase).toBe('done');
  });
});

describe('the link to imported traces', () => {
  it('opens the one trace, or lists the time range the file covers', () => {
    expect(formatRoute(importedTracesRoute(summary(1, ['ab'.repeat(16)]))!)).toBe(`#/traces/${'ab'.repeat(16)}`);
    expect(formatRoute(importedTracesRoute(summary(2, ['x', 'y']))!)).toBe('#/traces?range=custom&start=1700000000000&end=1700000005001');
    expect(importedTracesRoute(summary(0, []))).toBeNull();
  });
});

// Trace files end to end in Chromium against two `tracedeck serve` processes: a Jaeger file
// dropped on the page, a file that breaks after its first traces (nothing of it stays, in the
// store or the list), a 30 MB NDJSON file picked with the file input (its progress watched, one
// import cancelled and nothing of it kept), the summary's link to the imported traces, and a
// trace exported from the trace view and imported into the other server's fresh database, where
// it is the same trace.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsToOtlpJson } from '../../src/shared/otlp/json-encode';
import { BUILT, NOT_BUILT_REASON, startServe, stopServe, type ServeProcess } from '../support/cli-process';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON, launchChromium, openPage, screenshot } from '../support/browser';
import { batch, intAttr, resource, sid, span, stringAttr, tid } from '../support/domain-spans';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const skipReason = !BUILT ? NOT_BUILT_REASON : !HAS_CHROMIUM ? NO_CHROMIUM_REASON : null;

/** Traces from..to as OTLP NDJSON, five spans each over three services, a few attributes each. */
function ndjson(from: number, to: number): string {
  const lines: string[] = [];
  for (let n = from; n <= to; n++) {
    const at = 1_700_000_000_000 + n * 1000;
    const attrs = [stringAttr('http.route', `/api/items/${n % 50}`), intAttr('user_id', n % 97)];
    lines.push(
      JSON.stringify(
        groupsToOtlpJson(
          batch(
            [resource('gateway'), [span(tid(n), sid(1), '', 'GET /api/items', at, at + 40, { kind: 2, attributes: attrs })]],
            [resource('items', [stringAttr('host.name', 'items-1')]), [span(tid(n), sid(2), sid(1), 'load item', at + 2, at + 30, { attributes: attrs }), span(tid(n), sid(3), sid(2), 'SELECT item', at + 3, at + 12, { kind: 3, attributes: attrs })]],
            [resource('pricing'), [span(tid(n), sid(4), sid(2), 'price', at + 13, at + 29, { attributes: attrs }), span(tid(n), sid(5), sid(4), 'GET rates', at + 14, at + 28, { kind: 3, statusCode: n % 10 === 0 ? 2 : 0, attributes: attrs })]],
          ).groups,
        ),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

const JAEGER_TRACE = {
  data: [
    {
      traceID: 'abcdef0123456789',
      spans: [
        { traceID: 'abcdef0123456789', spanID: '1111111111111111', operationName: 'HTTP GET /checkout', references: [], startTime: 1_690_000_000_000_000, duration: 120_000, tags: [{ key: 'http.status_code', type: 'int64', value: 200 }], logs: [], processID: 'p1' },
        { traceID: 'abcdef0123456789', spanID: '2222222222222222', operationName: 'charge', references: [{ refType: 'CHILD_OF', traceID: 'abcdef0123456789', spanID: '1111111111111111' }], startTime: 1_690_000_000_010_000, duration: 80_000, tags: [{ key: 'error', type: 'bool', value: true }], logs: [{ timestamp: 1_690_000_000_050_000, fields: [{ key: 'event', type: 'string', value: 'retry' }] }], processID: 'p2' },
      ],
      processes: { p1: { serviceName: 'shop', tags: [] }, p2: { serviceName: 'payments', tags: [{ key: 'region', type: 'string', value: 'eu' }] } },
    },
  ],
};
const JAEGER_TRACE_ID = '0000000000000000abcdef0123456789';

describe.skipIf(skipReason !== null)(`import and export in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir: ReturnType<typeof makeTempDir>;
  let source: ServeProcess;
  let target: ServeProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let bigFile: string;

  beforeAll(async () => {
    dir = makeTempDir();
    [source, target] = await Promise.all([startServe(['--db', `${dir.path}/source.db`]), startServe(['--db', `${dir.path}/target.db`])]);
    bigFile = `${dir.path}/collector-export.jsonl`;
    writeFileSync(bigFile, ndjson(1, 10_000));
    expect(statSync(bigFile).size).toBeGreaterThan(30_000_000);
    browser = await launchChromium();
    ({ page, errors } = await openPage(browser, { width: 1360, height: 820 }));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([stopServe(source), stopServe(target)]);
    dir?.remove();
  });

  const ui = (serve: ServeProcess) => `http://127.0.0.1:${serve.uiPort}/`;
  const card = (name: string) => page.getByRole('region', { name: `Import of ${name}` });

  async function drop(name: string, text: string): Promise<void> {
    const dataTransfer = await page.evaluateHandle(
      ({ name: fileName, text: body }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([body], fileName, { type: 'application/json' }));
        return transfer;
      },
      { name, text },
    );
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await page.dispatchEvent('main', 'dragover', { dataTransfer });
    await page.locator('.drop-target').waitFor();
    await screenshot(page, 'import-drop-target');
    await page.dispatchEvent('main', 'drop', { dataTransfer });
  }

  it('imports a Jaeger file dropped on the page and links to its trace', async () => {
    await page.goto(ui(source));
    await page.locator('.file-actions').getByRole('button', { name: 'Import…' }).waitFor(); // the app is mounted: it listens for drops
    await drop('jaeger-trace.json', JSON.stringify(JAEGER_TRACE));
    await card('jaeger-trace.json').locator('.import-summary').waitFor();
    const text = await card('jaeger-trace.json').innerText();
    expect(text).toContain('Jaeger JSON: 1 traces, 2 spans, 2 services (payments, shop)');
    await card('jaeger-trace.json').getByText('1 note: repairs, drops, warnings').click();
    expect(await card('jaeger-trace.json').innerText()).toContain('64-bit trace id padded to 128 bits');
    await card('jaeger-trace.json').getByRole('link', { name: 'Open the imported trace' }).click();
    await page.waitForURL(new RegExp(`#/traces/${JAEGER_TRACE_ID}`));
    await page.locator('.waterfall-row', { hasText: 'charge' }).waitFor();
    await page.getByRole('button', { name: 'Dismiss jaeger-trace.json' }).click();
    await page.keyboard.press('Escape');
  });

  it('says why a dropped file is not imported, and where', async () => {
    await drop('v1.json', JSON.stringify([{ traceId: 'a', id: 'b', name: 'x', annotations: [{ timestamp: 1, value: 'cs', endpoint: { serviceName: 's' } }], binaryAnnotations: [] }]));
    const error = card('v1.json').getByRole('alert');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^Not imported: .*Zipkin v1/);
    await page.getByRole('button', { name: 'Dismiss v1.json' }).click();
  });

  const stored = async (serve: ServeProcess, traceId: string) => (await fetch(`${ui(serve)}api/traces/${traceId}`)).status === 200;

  it('keeps nothing of a file that breaks after its first traces, in the store or the list', async () => {
    const lines = ndjson(20_001, 20_300).trimEnd().split('\n');
    lines[lines.length - 1] = lines.at(-1)!.slice(0, 60);
    await drop('broken.jsonl', lines.join('\n'));
    const error = card('broken.jsonl').getByRole('alert');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^Not imported: line 300: /);
    await screenshot(page, 'import-broken');
    expect(await stored(source, tid(20_001))).toBe(false);
    expect(await stored(source, tid(20_299))).toBe(false);
    // The list heard that the traces it may have shown meanwhile went.
    await page.waitForFunction((id) => document.querySelector(`.trace-row[data-trace-id="${id}"]`) === null, tid(20_299));
    expect(await page.locator('.trace-row').count()).toBe(1); // the Jaeger trace
    await page.getByRole('button', { name: 'Dismiss broken.jsonl' }).click();
  });

  it('imports a 30 MB NDJSON file from the file picker with its progress, and can cancel one', async () => {
    // Cancelled while it runs: the card says so and the import stops.
    await page.setInputFiles('#import-files', bigFile);
    const running = card('collector-export.jsonl');
    await running.locator('.import-progress').filter({ hasText: 'Importing' }).waitFor();
    expect(await running.locator('progress').count()).toBe(1);
    await screenshot(page, 'import-progress');
    await running.getByRole('button', { name: 'Cancel' }).click();
    await running.locator('[data-phase="cancelled"], .import-card.cancelled').or(page.locator('.import-card.cancelled')).first().waitFor();
    expect(await page.locator('.import-card.cancelled').innerText()).toContain('cancelled');
    // The server hears of it when the connection closes, and then takes back what it stored.
    await waitFor(async () => !(await stored(source, tid(1))), 'the cancelled import to be taken back');
    await page.getByRole('button', { name: 'Dismiss collector-export.jsonl' }).click();

    // Again, to the end: the progress, then the summary.
    await page.setInputFiles('#import-files', bigFile);
    await card('collector-export.jsonl').locator('.import-progress', { hasText: 'Importing' }).waitFor();
    await card('collector-export.jsonl').locator('.import-summary').waitFor({ timeout: 120_000 });
    const text = await card('collector-export.jsonl').innerText();
    expect(text).toContain('OTLP/JSON lines (NDJSON): 10000 traces, 50000 spans, 3 services (gateway, items, pricing)');
    await screenshot(page, 'import-summary');
    await card('collector-export.jsonl').getByRole('link', { name: 'Show the 10,000 imported traces' }).click();
    await page.waitForURL(/#\/traces\?range=custom&start=\d+&end=\d+$/);
    // The search of the new range has answered (until then the list shows its last rows).
    await page.locator('.result-count', { hasText: /^\d+\+ traces$/ }).waitFor();
    expect(await page.locator('.trace-row').first().innerText()).toContain('gateway');
  });

  it('exports the open trace and imports the file into another database as the same trace', async () => {
    const traceId = tid(10_000);
    await page.goto(`${ui(source)}#/traces/${traceId}`);
    await page.locator('.waterfall-row').first().waitFor();
    await page.getByRole('button', { name: 'Export ▾' }).click();
    await screenshot(page, 'export-menu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /OTLP\/JSON\s/ }).first().click()]);
    expect(download.suggestedFilename()).toBe(`trace-${traceId}.json`);
    const exported = `${dir.path}/exported.json`;
    await download.saveAs(exported);
    expect(JSON.parse(readFileSync(exported, 'utf8')).resourceSpans).toHaveLength(3);

    await page.goto(ui(target));
    await page.setInputFiles('#import-files', exported);
    await card('exported.json').locator('.import-summary').waitFor();
    expect(await card('exported.json').innerText()).toContain('1 traces, 5 spans, 3 services');
    const get = async (serve: ServeProcess) => (await fetch(`${ui(serve)}api/traces/${traceId}`)).json();
    expect(await get(target)).toEqual(await get(source));

    // The list's export is every trace the search matches, as a download named for the time.
    await page.goto(`${ui(source)}#/traces?service=pricing&status=error&range=all`);
    await page.locator('.trace-row').first().click(); // selected: the menu offers it too
    await page.getByRole('button', { name: 'Export ▾' }).click();
    expect(await page.getByRole('menu').innerText()).toMatch(/Export the selected trace as[^]*Export the traces matching the search as/);
    await screenshot(page, 'export-menu-list');
    const matching = page.getByRole('group', { name: 'Export the traces matching the search' });
    const [listDownload] = await Promise.all([page.waitForEvent('download'), matching.getByRole('menuitem', { name: /Jaeger JSON/ }).click()]);
    expect(listDownload.suggestedFilename()).toMatch(/^traces-.*\.jaeger\.json$/);
    const listed = JSON.parse(readFileSync((await listDownload.path())!, 'utf8')) as { data: unknown[] };
    expect(listed.data).toHaveLength(1000);

    // A selection: Ctrl+click marks a row, Shift+click the rows from the selected one.
    const rows = page.locator('.trace-row');
    const wanted = await rows.evaluateAll((all) => all.slice(0, 4).map((r) => r.getAttribute('data-trace-id')!));
    await rows.nth(0).click({ modifiers: ['ControlOrMeta'] });
    await rows.nth(2).click({ modifiers: ['Shift'] });
    await rows.nth(3).click({ modifiers: ['ControlOrMeta'] });
    expect(await page.locator('.marked-count').innerText()).toContain('4 marked');
    await screenshot(page, 'list-marked');
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const markedGroup = page.getByRole('group', { name: 'Export the 4 marked traces' });
    const [markedDownload] = await Promise.all([page.waitForEvent('download'), markedGroup.getByRole('menuitem', { name: /OTLP\/JSON lines/ }).click()]);
    const lines = readFileSync((await markedDownload.path())!, 'utf8').trim().split('\n');
    const exportedIds = lines.map((line) => (JSON.parse(line) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId);
    expect(exportedIds.sort()).toEqual([...wanted].sort());
    await page.locator('.marked-count').getByRole('button', { name: 'Clear' }).click();
    expect(await page.locator('.marked-count').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

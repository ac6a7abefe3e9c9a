// The trace list end to end: `tracedeck serve` (the built CLI, its own process, a real SQLite
// file) serving the built UI to headless Chromium; traces sent by the OTel SDK's OTLP exporter.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, NOT_BUILT_REASON, startServe, stopServe, type ServeProcess } from '../support/cli-process';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON, launchChromium, openPage, screenshot } from '../support/browser';
import { sendTraces, type TraceShape } from '../support/sdk-traffic';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const skipReason = !BUILT ? NOT_BUILT_REASON : !HAS_CHROMIUM ? NO_CHROMIUM_REASON : null;

describe.skipIf(skipReason !== null)(`trace list in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let ui: string;
  let otlp: string;

  beforeAll(async () => {
    dir = makeTempDir();
    serve = await startServe(['--db', `${dir.path}/e2e.db`]);
    ui = `http://127.0.0.1:${serve.uiPort}/`;
    otlp = `http://127.0.0.1:${serve.httpPort}/v1/traces`;
    browser = await launchChromium();
    ({ page, errors } = await openPage(browser, { width: 1360, height: 820 }));
  });

  afterAll(async () => {
    await browser?.close();
    await stopServe(serve);
    dir?.remove();
  });

  const rowIds = (p: Page = page) => p.locator('.trace-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')!));
  /** Waits until the list shows exactly these traces, in this order. */
  const waitForRows = async (expected: string[], p: Page = page) => {
    let shown: string[] = [];
    await waitFor(async () => {
      shown = await rowIds(p);
      return shown.length === expected.length && expected.every((id, i) => shown[i] === id);
    }, 'the list to show the expected rows', 10_000).catch(() => {
      throw new Error(`expected rows ${JSON.stringify(expected.map((id) => ids.indexOf(id)))}, shown ${JSON.stringify(shown.map((id) => ids.indexOf(id)))} (trace numbers; -1 = other)`);
    });
  };

  // Ten traces of three services, newest last: durations 10..100 ms, every third an error,
  // user_id = n % 4, and a child span in "inventory" for the even ones.
  const base = Date.now() - 60_000;
  const shapes: TraceShape[] = Array.from({ length: 10 }, (_, n) => ({
    service: ['frontend', 'checkout', 'payments'][n % 3]!,
    name: n % 2 === 0 ? 'GET /api/orders' : 'POST /api/cart',
    durationMs: (n + 1) * 10,
    startMs: base + n * 1000,
    error: n % 3 === 0,
    attributes: { user_id: n % 4, 'http.route': n % 2 === 0 ? '/api/orders' : '/api/cart' },
    children: n % 2 === 0 ? [{ service: 'inventory', name: 'SELECT stock' }] : [],
  }));
  let ids: string[] = [];
  const newestFirst = (match: (n: number) => boolean) => ids.map((id, n) => ({ id, n })).filter(({ n }) => match(n)).reverse().map(({ id }) => id);

  it('shows how to send traces while the store is empty, with the real addresses', async () => {
    await page.goto(ui);
    await page.getByRole('heading', { name: 'Waiting for traces' }).waitFor();
    const text = await page.locator('.empty-state').innerText();
    expect(text).toContain(`http://localhost:${serve.httpPort}`);
    expect(text).toContain(`http://localhost:${serve.grpcPort}`);
    expect(text).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(text).toContain('Have a trace file');
    // Its Import… opens the same file picker as the header's.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.empty-state').getByRole('button', { name: 'Import…' }).click()]);
    expect(chooser.isMultiple()).toBe(true);
    await screenshot(page, 'trace-list-empty');
  });

  it('fills live as the SDK exports traces, newest first', async () => {
    ids = await sendTraces(otlp, shapes);
    await waitForRows(newestFirst(() => true));
    const first = page.locator(`.trace-row[data-trace-id="${ids[9]}"]`);
    expect(await first.locator('.cell.root').innerText()).toContain('POST /api/cart');
    expect(await first.locator('.cell.duration').innerText()).toContain('100 ms');
    expect(await first.locator('.cell.services').innerText()).toBe('frontend');
    const errorRow = page.locator(`.trace-row[data-trace-id="${ids[9 - 0 - 9]}"]`); // n = 0: an error, two services
    expect(await errorRow.locator('.error-mark').innerText()).toBe('1');
    expect(await errorRow.locator('.cell.services').innerText()).toMatch(/frontend\s*inventory/);
    await page.getByTestId('spans-received').filter({ hasText: '15 spans received' }).waitFor();
    await screenshot(page, 'trace-list-live');
  });

  it('filters by service, duration, errors and attributes, and keeps each in the URL', async () => {
    await page.getByLabel('Service', { exact: true }).selectOption('checkout');
    await waitForRows(newestFirst((n) => n % 3 === 1));
    expect(page.url()).toContain('service=checkout');
    // The service's operations fill the operation picker (after the list's own search).
    await page.getByLabel('Operation', { exact: true }).selectOption('POST /api/cart');
    await waitForRows(newestFirst((n) => n % 3 === 1 && n % 2 === 1));
    expect(new URL(page.url()).hash).toContain('operation=POST');
    expect(await page.getByLabel('Operation', { exact: true }).locator('option').allInnerTexts()).toEqual(['All operations', 'GET /api/orders', 'POST /api/cart']);

    await page.getByLabel('Service', { exact: true }).selectOption('');
    expect(await page.getByLabel('Operation', { exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Minimum duration (ms)').fill('50');
    await page.getByLabel('Minimum duration (ms)').press('Enter');
    await page.getByLabel('Maximum duration (ms)').fill('80');
    await page.getByLabel('Maximum duration (ms)').press('Enter');
    await waitForRows(newestFirst((n) => (n + 1) * 10 >= 50 && (n + 1) * 10 <= 80));

    await page.getByLabel('Minimum duration (ms)').fill('');
    await page.getByLabel('Minimum duration (ms)').press('Enter');
    await page.getByLabel('Maximum duration (ms)').fill('');
    await page.getByLabel('Maximum duration (ms)').press('Enter');
    await page.getByLabel('Errors only').check();
    await waitForRows(newestFirst((n) => n % 3 === 0));

    await page.keyboard.press('/');
    await page.keyboard.type('user_id=2');
    await page.keyboard.press('Enter');
    await waitForRows(newestFirst((n) => n % 3 === 0 && n % 4 === 2));
    expect(new URL(page.url()).hash).toContain('attr=user_id%3D2');
    await screenshot(page, 'trace-list-filtered');
  });

  it('gives the same rows when the URL of a filtered view is opened afresh', async () => {
    await page.getByLabel('Errors only').uncheck();
    await page.getByLabel('Service', { exact: true }).selectOption('frontend');
    const expected = newestFirst((n) => n % 4 === 2 && n % 3 === 0);
    await waitForRows(expected);
    const fresh = await browser.newPage();
    await fresh.goto(page.url());
    await waitForRows(expected, fresh);
    expect(await fresh.getByLabel('Service', { exact: true }).inputValue()).toBe('frontend');
    expect(await fresh.locator('.chip.attr').innerText()).toContain('user_id=2');
    await fresh.close();
  });

  it('tells when nothing matches, and clears the filters', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('user_id=99');
    await page.keyboard.press('Enter');
    await page.getByText('No traces match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await waitForRows(newestFirst(() => true));
  });

  it('moves with the keyboard, opens a trace with Enter and comes back with Esc', async () => {
    await page.locator('.result-count').click();
    await page.keyboard.press('Escape'); // no selection: the first j selects the first row
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('.trace-row.selected').getAttribute('data-trace-id')).toBe(ids[8]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`Trace ${ids[8]}`) }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/traces/${ids[8]}`);
    await page.locator('.waterfall-row').nth(1).waitFor();
    expect(await page.locator('.waterfall-row').count()).toBe(2); // n = 8 has a child span
    await page.keyboard.press('Escape');
    await page.locator('.trace-page').waitFor({ state: 'detached' });
    expect(await page.locator('.trace-row.selected').getAttribute('data-trace-id')).toBe(ids[8]);
    expect(new URL(page.url()).hash).toBe('#/traces');

    // A trace's own URL opens it directly; Esc then goes to the list.
    const direct = await browser.newPage();
    await direct.goto(`${ui}#/traces/${ids[3]}`);
    await direct.getByRole('heading', { name: new RegExp(`Trace ${ids[3]}`) }).waitFor();
    await direct.keyboard.press('Escape');
    await waitForRows(newestFirst(() => true), direct);
    await direct.close();
  });

  it('sorts slowest first', async () => {
    await page.getByLabel('Sort').selectOption('slowest');
    await waitForRows([...ids].reverse()); // duration grows with n
    await page.getByLabel('Sort').selectOption('newest');
  });

  it('keeps the rows in view in place when new traces arrive above them, and pauses the feed', async () => {
    const more = await sendTraces(
      otlp,
      Array.from({ length: 150 }, (_, n) => ({ service: 'bulk', name: `GET /items/${n}`, durationMs: 5, startMs: base + 20_000 + n })),
    );
    await page.locator(`.trace-row[data-trace-id="${more[149]}"]`).waitFor();
    // Every one of them in (they can come in several live updates), then scrolled, and the
    // scroll event delivered (the list learns its offset from it), before taking the place.
    await page.waitForFunction(() => document.querySelector('.result-count')?.textContent?.startsWith('160'), undefined, { timeout: 10_000 });
    const list = page.locator('.trace-rows');
    await list.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          el.addEventListener('scroll', () => resolve(), { once: true });
          el.scrollTop = 40 * 60 + 10;
        }),
    );
    const before = await page.evaluate(() => {
      const el = document.querySelector('.trace-rows')!;
      const top = el.getBoundingClientRect().top;
      const row = [...document.querySelectorAll('.trace-row')].find((r) => r.getBoundingClientRect().bottom > top + 1)!;
      return { id: row.getAttribute('data-trace-id'), offset: row.getBoundingClientRect().top - top };
    });
    const newer = await sendTraces(otlp, Array.from({ length: 5 }, (_, n) => ({ service: 'late', name: 'GET /late', durationMs: 3, startMs: Date.now() + n })));
    // Wait until the new traces are in the list (above, out of view), then compare.
    await page.waitForFunction(() => document.querySelector('.result-count')?.textContent?.startsWith('165'), undefined, { timeout: 10_000 });
    const after = await page.evaluate((id) => {
      const el = document.querySelector('.trace-rows')!;
      const row = document.querySelector(`.trace-row[data-trace-id="${id}"]`)!;
      return { id, offset: row.getBoundingClientRect().top - el.getBoundingClientRect().top };
    }, before.id);
    expect(after).toEqual(before);

    await list.evaluate((el) => (el.scrollTop = 0));
    await page.getByRole('button', { name: 'Pause live' }).click();
    const paused = await sendTraces(otlp, [{ service: 'late', name: 'GET /while-paused', durationMs: 3, startMs: Date.now() + 100 }]);
    await page.getByRole('button', { name: 'Resume live (1 new)' }).waitFor();
    expect(await page.locator(`.trace-row[data-trace-id="${paused[0]}"]`).count()).toBe(0);
    await page.getByRole('button', { name: /Resume live/ }).click();
    await page.locator(`.trace-row[data-trace-id="${paused[0]}"]`).waitFor();
    expect((await rowIds()).slice(0, 1)).toEqual([paused[0]]);
    void newer;
  });

  it('starts a new search at the top', async () => {
    const list = page.locator('.trace-rows');
    await list.evaluate((el) => (el.scrollTop = 40 * 100));
    await page.getByLabel('Sort').selectOption('slowest');
    await page.waitForFunction(() => document.querySelector('.trace-rows')?.scrollTop === 0);
    await page.getByLabel('Sort').selectOption('newest');
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});

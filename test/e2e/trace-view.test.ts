// The trace view end to end: a trace made by the OTel SDK (every attribute type, events with an
// exception, a link, a remote parent) sent over OTLP, opened by its URL in Chromium.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, NOT_BUILT_REASON, startServe, stopServe, type ServeProcess } from '../support/cli-process';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON, launchChromium, openPage, screenshot } from '../support/browser';
import { makeSdkSpans } from '../support/sdk-spans';
import { waitFor } from '../support/wait-for';
import { makeTraces, sendSpans } from '../support/sdk-traffic';
import { buildBigTrace } from '../../bench/support/big-trace';

const skipReason = !BUILT ? NOT_BUILT_REASON : !HAS_CHROMIUM ? NO_CHROMIUM_REASON : null;

describe.skipIf(skipReason !== null)(`trace view in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let traceId: string;

  beforeAll(async () => {
    serve = await startServe(['--db', ':memory:']);
    const spans = makeSdkSpans('orders');
    await sendSpans(otlp(), spans);
    traceId = spans.find((s) => s.name === 'GET /api/orders/:id')!.spanContext().traceId;
    browser = await launchChromium();
    ({ page, errors } = await openPage(browser, { width: 1440, height: 860 }));
  });

  afterAll(async () => {
    await browser?.close();
    await stopServe(serve);
  });

  const otlp = () => `http://127.0.0.1:${serve.httpPort}/v1/traces`;
  const rowNames = () => page.locator('.waterfall-row .row-name').allInnerTexts();

  it('shows the spans as a tree with the header facts', async () => {
    await page.goto(`http://127.0.0.1:${serve.uiPort}/#/traces/${traceId}`);
    await page.locator('.waterfall-row').first().waitFor();
    expect(await rowNames()).toEqual(['GET /api/orders/:id', 'SELECT orders', 'charge card']);
    expect(await page.locator('.waterfall-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-level')))).toEqual(['1', '2', '2']);
    const facts = await page.locator('.trace-facts').innerText();
    expect(facts).toContain('3 spans');
    expect(facts).toContain('1 error');
    await screenshot(page, 'trace-view');
  });

  it('collapses and expands a subtree', async () => {
    await page.locator('.waterfall-row').first().getByRole('button', { name: 'Collapse' }).click();
    expect(await rowNames()).toEqual(['GET /api/orders/:id']);
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await rowNames()).toHaveLength(3);
  });

  it('selects a span and reads its attributes, events and status, with the span in the URL', async () => {
    await page.locator('.waterfall-row', { hasText: 'charge card' }).click();
    const detail = page.getByRole('complementary', { name: 'Span detail' });
    const loaded = page.locator('[aria-label="Span detail"][aria-busy="false"]');
    await loaded.waitFor();
    const text = await detail.innerText();
    expect(text).toContain('charge card');
    expect(text).toMatch(/error: card declined|error/);
    expect(text).toContain('exception');
    expect(text).toContain('PaymentError');
    expect(new URL(page.url()).hash).toMatch(new RegExp(`#/traces/${traceId}\\?span=[0-9a-f]{16}`));
    await page.locator('.waterfall-row', { hasText: 'GET /api/orders/:id' }).click();
    await page.locator('[aria-label="Span detail"][aria-busy="false"] h3', { hasText: 'GET /api/orders/:id' }).waitFor();
    const root = await detail.innerText();
    expect(root).toContain('user_id');
    expect(root).toContain('42');
    expect(root).toContain('["new-checkout", "dark-mode"]');
    expect(root).toContain('Grüße, 世界 🚀');
    expect(root).toContain('service.name');
    await screenshot(page, 'trace-view-detail');
    // Reloading the URL selects the same span.
    await page.reload();
    await page.getByRole('complementary', { name: 'Span detail' }).waitFor();
    expect(await page.getByRole('complementary', { name: 'Span detail' }).locator('h3').innerText()).toBe('GET /api/orders/:id');
  });

  it('finds spans by name, service or attribute, and steps through them and through errors', async () => {
    await page.locator('.trace-facts').click(); // nothing focused that takes keys
    await page.keyboard.press('/');
    await page.keyboard.type('orders'); // the service of every span; the root is selected
    await page.getByText('1 of 3').waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('2 of 3').waitFor();
    expect(await page.locator('.waterfall-row.selected .row-name').innerText()).toBe('SELECT orders');
    const only = async (text: string) => {
      await page.getByLabel('Find in trace').fill(text);
      await page.waitForFunction(() => document.querySelectorAll('.waterfall-row.match').length === 1);
      return page.locator('.waterfall-row.match .row-name').allInnerTexts();
    };
    expect(await only('order:42')).toEqual(['SELECT orders']); // an event attribute's value
    expect(await only('dark-mode')).toEqual(['GET /api/orders/:id']); // inside an array value
    expect(await only('card declined')).toEqual(['charge card']); // the exception event's message
    await page.getByLabel('Find in trace').fill('');
    // e: the next error span, revealed even inside a collapsed parent.
    await page.locator('.waterfall-row').first().getByRole('button', { name: 'Collapse' }).click();
    await page.locator('body').click({ position: { x: 700, y: 700 } });
    await page.keyboard.press('e');
    await page.locator('.waterfall-row.selected', { hasText: 'charge card' }).waitFor();
    expect(await rowNames()).toHaveLength(3);
  });

  it('zooms to a time range dragged on the axis, shows only the critical path, and resets', async () => {
    await page.getByRole('button', { name: 'Expand all' }).click();
    const axis = page.locator('.waterfall-head .axis');
    const box = (await axis.boundingBox())!;
    // The second half of the 50 ms trace: 25-50 ms.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByRole('button', { name: /Reset zoom/ }).waitFor();
    expect(await page.locator('.waterfall-head .tick').first().innerText()).toBe('25.0 ms');
    await screenshot(page, 'trace-view-zoomed');
    await page.getByRole('button', { name: /Reset zoom/ }).click();
    expect(await page.locator('.waterfall-head .tick').first().innerText()).toBe('0 ns');
    expect(await page.locator('.minimap canvas').count()).toBe(2);

    await page.getByLabel('Critical path only').check();
    // root 0-50 ms: charge card (30-45 ms) ends last; SELECT orders (5-25 ms) before it.
    expect(await rowNames()).toEqual(['GET /api/orders/:id', 'SELECT orders', 'charge card']);
    await page.getByLabel('Critical path only').uncheck();
  });

  it('moves through the rows with the keyboard and collapses with the arrows', async () => {
    await page.locator('.waterfall-row', { hasText: 'GET /api/orders/:id' }).click();
    await page.keyboard.press('j');
    await page.locator('.waterfall-row.selected', { hasText: 'SELECT orders' }).waitFor();
    await page.keyboard.press('ArrowLeft'); // a leaf: to its parent
    await page.locator('.waterfall-row.selected', { hasText: 'GET /api/orders/:id' }).waitFor();
    await page.keyboard.press('ArrowLeft'); // collapses it
    await page.waitForFunction(() => document.querySelectorAll('.waterfall-row').length === 1);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelectorAll('.waterfall-row').length === 3);
  });

  it('switches to the flamegraph and back, keeping the selected span', async () => {
    await page.getByLabel('Find in trace').fill('');
    await page.getByRole('button', { name: 'Flamegraph' }).click();
    const frames = page.locator('.flamegraph g.frame');
    await frames.first().waitFor();
    expect(await frames.count()).toBe(3);
    expect(new URL(page.url()).hash).toContain('view=flame');
    await screenshot(page, 'trace-flamegraph');
    await page.locator('.flamegraph g.frame[name^="orders: SELECT orders"]').click();
    const detail = page.getByRole('complementary', { name: 'Span detail' });
    await detail.locator('h3', { hasText: 'SELECT orders' }).waitFor();
    // The click zoomed into the frame: as wide as the root above it, its sibling gone; a click on
    // the root zooms back out.
    const width = (name: string) => page.locator(`.flamegraph g.frame[name^="${name}"] rect`).evaluateAll((rects) => rects.map((r) => Math.round(r.getBoundingClientRect().width)));
    await waitFor(async () => {
      const [root] = await width('orders: GET /api/orders/:id');
      return root !== undefined && (await width('orders: SELECT orders'))[0] === root && (await width('orders: charge card')).length === 0;
    }, 'the flamegraph to zoom into SELECT orders');
    await page.locator('.flamegraph g.frame[name^="orders: GET /api/orders/:id"]').click();
    await waitFor(async () => (await width('orders: charge card')).length === 1, 'the flamegraph to zoom out');
    await page.locator('.flamegraph g.frame[name^="orders: SELECT orders"]').click();
    await detail.locator('h3', { hasText: 'SELECT orders' }).waitFor();
    await page.getByRole('button', { name: 'Waterfall' }).click();
    await page.locator('.waterfall-row.selected', { hasText: 'SELECT orders' }).waitFor();
    expect(new URL(page.url()).hash).not.toContain('view=flame');
  });

  it('fills in late spans in place, keeping the selection', async () => {
    const { spans } = makeTraces([
      { service: 'gateway', name: 'GET /late', durationMs: 40, children: [{ service: 'auth', name: 'check token' }, { service: 'billing', name: 'late charge' }] },
    ]);
    const late = spans.filter((s) => s.name === 'late charge');
    await sendSpans(otlp(), spans.filter((s) => s.name !== 'late charge'));
    const lateTrace = late[0]!.spanContext().traceId;
    const rootSpan = spans.find((s) => s.name === 'GET /late')!.spanContext().spanId;
    await page.goto(`http://127.0.0.1:${serve.uiPort}/#/traces/${lateTrace}?span=${rootSpan}`);
    await page.locator('.waterfall-row.selected', { hasText: 'GET /late' }).waitFor();
    expect(await rowNames()).toEqual(['GET /late', 'check token']);
    await sendSpans(otlp(), late);
    await page.locator('.waterfall-row', { hasText: 'late charge' }).waitFor();
    expect(await rowNames()).toEqual(['GET /late', 'check token', 'late charge']);
    expect(await page.locator('.waterfall-row.selected .row-name').innerText()).toBe('GET /late');
  });

  it('hides the spans off the critical path when asked to', async () => {
    // root 0-50 ms; load cart 5-45 ms determines it; write audit (10-20 ms) runs under load cart's shadow.
    const { spans, traceIds } = makeTraces([
      {
        service: 'shop',
        name: 'GET /checkout',
        durationMs: 50,
        children: [
          { service: 'cart', name: 'load cart', startOffsetMs: 5, durationMs: 40 },
          { service: 'audit', name: 'write audit', startOffsetMs: 10, durationMs: 10 },
        ],
      },
    ]);
    await sendSpans(otlp(), spans);
    await page.goto(`http://127.0.0.1:${serve.uiPort}/#/traces/${traceIds[0]}`);
    await page.locator('.waterfall-row', { hasText: 'write audit' }).waitFor();
    expect(await rowNames()).toEqual(['GET /checkout', 'load cart', 'write audit']);
    await page.getByLabel('Critical path only').check();
    expect(await rowNames()).toEqual(['GET /checkout', 'load cart']);
    await page.getByLabel('Critical path only').uncheck();
    expect(await rowNames()).toHaveLength(3);
  });

  it('follows a link to a stored trace and says when the linked trace is not stored', async () => {
    // The orders trace's "charge card" links to a trace that is not stored.
    await page.goto(`http://127.0.0.1:${serve.uiPort}/#/traces/${traceId}`);
    await page.locator('.waterfall-row', { hasText: 'charge card' }).click();
    const detail = page.getByRole('complementary', { name: 'Span detail' });
    await detail.locator('.links', { hasText: 'not stored here' }).waitFor();
    expect(await detail.locator('.links a').count()).toBe(0);

    const ordersRoot = (await page.locator('.waterfall-row', { hasText: 'GET /api/orders/:id' }).getAttribute('data-span-id')) ?? '';
    const { spans, traceIds } = makeTraces([{ service: 'batch', name: 'settle payments', durationMs: 10, links: [{ traceId, spanId: ordersRoot }] }]);
    await sendSpans(otlp(), spans);
    await page.goto(`http://127.0.0.1:${serve.uiPort}/#/traces/${traceIds[0]}`);
    await page.locator('.waterfall-row', { hasText: 'settle payments' }).click();
    const link = detail.locator('.links a');
    await link.waitFor();
    await link.click();
    await page.locator('.waterfall-row.selected', { hasText: 'GET /api/orders/:id' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/traces/${traceId}?span=${ordersRoot}`);
  });

  it('shows a large trace, its tree derived by the server', async () => {
    const big = buildBigTrace(25_000, 25);
    for (const body of big.requests) {
      const response = await fetch(otlp(), { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array(body) });
      expect(response.status).toBe(200);
    }
    await page.goto(`http://127.0.0.1:${serve.uiPort}/#/traces/${big.traceId}`);
    await page.locator('.waterfall-row').first().waitFor();
    expect(await page.locator('.trace-facts').innerText()).toContain('25,000 spans');
    await page.getByLabel('Find in trace').fill('svc-'); // every span's service
    await page.locator('.match-count', { hasText: '25,000 matches' }).waitFor();
    await page.getByLabel('Find in trace').fill('');
    await page.locator('.waterfall-row[aria-level="1"]').getByRole('button', { name: 'Collapse' }).click();
    expect(await page.locator('.waterfall-row').count()).toBe(1);
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});

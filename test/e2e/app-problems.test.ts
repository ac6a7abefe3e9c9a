// Problems the UI must show rather than swallow: a receiver that could not bind (the desktop app
// keeps running without it) and a server that went away (browser mode). Plus the dark theme.
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TracedeckCore } from '../../src/main/core/tracedeck-core';
import { ApiServer } from '../../src/main/http/api-server';
import { BUILT, NOT_BUILT_REASON, startServe } from '../support/cli-process';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON, launchChromium, screenshot } from '../support/browser';
import type { Browser } from 'playwright-core';

const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const skipReason = !BUILT ? NOT_BUILT_REASON : !HAS_CHROMIUM ? NO_CHROMIUM_REASON : null;

describe.skipIf(skipReason !== null)(`problems shown in the UI${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('names the receiver that could not bind and why, while the rest works', async () => {
    // The desktop app composes the core like this; a port in use leaves that receiver down.
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as { port: number }).port;
    const core = await TracedeckCore.start({ databasePath: ':memory:', grpcPort: busyPort, httpPort: 0 });
    const web = new ApiServer(core.api, core.files, { host: '127.0.0.1', port: 0, rendererRoot: RENDERER });
    await web.start();
    try {
      const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1280, height: 720 } });
      await page.goto(web.url);
      const banner = page.getByRole('alert').filter({ hasText: 'The OTLP/gRPC receiver cannot listen' });
      await banner.waitFor();
      expect(await banner.innerText()).toContain(`127.0.0.1:${busyPort}`);
      expect(await page.locator('.status-bar .receiver.down').innerText()).toBe('OTLP/gRPC not listening');
      await page.getByRole('heading', { name: 'Waiting for traces' }).waitFor();
      expect(await page.locator('.empty-state tr', { hasText: 'OTLP/gRPC' }).innerText()).toContain('not listening');
      // The dark theme follows the OS preference.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(21, 24, 30)');
      await screenshot(page, 'receiver-down-dark');
      await page.close();
    } finally {
      await web.stop();
      await core.close();
      blocker.close();
    }
  });

  it('says so when the server goes away', async () => {
    const serve = await startServe(['--db', ':memory:']);
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${serve.uiPort}/`);
    await page.getByRole('heading', { name: 'Waiting for traces' }).waitFor();
    await page.locator('.status-bar .connection.connected').waitFor();
    serve.child.kill('SIGTERM');
    await serve.exited;
    await page.getByRole('alert').filter({ hasText: 'Cannot reach the Tracedeck server' }).waitFor();
    expect(await page.locator('.status-bar .connection').innerText()).toBe('server unreachable');
    await page.close();
  });
});

// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core; never a
// downloaded browser. The flags are the ones this machine needs: root (no sandbox), no GPU and
// no network beyond loopback.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TRACEDECK_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const NO_CHROMIUM_REASON = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set TRACEDECK_CHROMIUM); .ci/run installs it`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Saves a screenshot under test-results/screenshots/ (to look at; nothing compares pixels). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = new URL('../../test-results/screenshots/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname });
}

/** Collects console errors and uncaught exceptions of a page, so a test can assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** A page with the tests' default timeout, and the list its console errors are collected into. */
export async function openPage(browser: Browser, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  return { page, errors: pageErrors(page) };
}

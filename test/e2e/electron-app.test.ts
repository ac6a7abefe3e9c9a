// The desktop app in Electron, driven by Playwright's _electron: where the Electron binary
// exists (it downloads on first use, which this project's CI machine cannot) and a display is
// there. Elsewhere it is skipped with the reason.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../../src/main/electron/native-sqlite';
import { CHROMIUM_ARGS } from '../support/browser';
import { makeTempDir } from '../support/temp-dir';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));

function electronBinary(): { path: string | null; reason: string } {
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, reason: 'the Electron binary is not installed (the electron package downloads it on first use; no download here)' };
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary, reason: '' } : { path: null, reason: `the Electron binary is missing (${binary})` };
}

const binary = electronBinary();
const version = (require('electron/package.json') as { version: string }).version;
const skipReason =
  binary.path === null
    ? binary.reason
    : process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
      ? 'no display (DISPLAY unset; run under xvfb-run)'
      : electronSqliteBinding(root, version) === null
        ? 'better-sqlite3 has no Electron build yet (node bin/prepare-electron-sqlite.js)'
        : !existsSync(join(root, 'out', 'main', 'index.js'))
          ? 'the app is not built (npm run build)'
          : null;

describe.skipIf(skipReason !== null)(`desktop app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('opens one secure window that lists traces over IPC', async () => {
    const dir = makeTempDir();
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [root, ...CHROMIUM_ARGS],
      env: { ...process.env, TRACEDECK_DB: join(dir.path, 'desktop.db') },
    });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { name: 'Waiting for traces' }).waitFor();
      const preferences = await app.evaluate(({ BrowserWindow }) => {
        const [w] = BrowserWindow.getAllWindows();
        const prefs = (w!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { count: BrowserWindow.getAllWindows().length, sandbox: prefs.sandbox, contextIsolation: prefs.contextIsolation, nodeIntegration: prefs.nodeIntegration };
      });
      expect(preferences).toEqual({ count: 1, sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      const status = await window.evaluate(() => (window as unknown as { tracedeck: { getStatus(): Promise<{ store: { traceCount: number } }> } }).tracedeck.getStatus());
      expect(status.store.traceCount).toBe(0);
      await expect(window.evaluate(() => (window as unknown as { tracedeck: { getTrace(id: string): Promise<unknown> } }).tracedeck.getTrace('not-an-id'))).rejects.toThrow(/invalid traceId/);

      // File > Import… and Export… are in the menu; a picked file is imported by its path over IPC.
      const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.items.find((i) => i.label === 'File')!.submenu!.items.map((i) => i.label));
      expect(menu).toEqual(expect.arrayContaining(['Import Trace Files…', 'Export Traces…']));
      const file = join(dir.path, 'trace.json');
      writeFileSync(file, JSON.stringify({ data: [{ traceID: 'a1', spans: [{ traceID: 'a1', spanID: 'b1', operationName: 'op', startTime: 1, duration: 2, processID: 'p1' }], processes: { p1: { serviceName: 'desktop-svc' } } }] }));
      await window.setInputFiles('#import-files', file);
      await window.getByRole('region', { name: 'Import of trace.json' }).locator('.import-summary').waitFor();
      expect(await window.getByRole('region', { name: 'Import of trace.json' }).innerText()).toContain('Jaeger JSON: 1 traces, 1 spans, 1 services (desktop-svc)');
    } finally {
      await app.close();
      dir.remove();
    }
  });
});

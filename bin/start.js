#!/usr/bin/env node
// `npm start`: opens the desktop app, or, where Electron cannot start (its binary could not be
// downloaded, or there is no display), says why in one line and runs headless instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    // electron fetches its binary on first use; a machine without internet cannot.
    const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
    if (install.status !== 0 || !existsSync(pathFile)) return { reason: 'the Electron binary could not be downloaded' };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { reason: `the Electron binary is missing (${binary})` };
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

const root = join(dirname(new URL(import.meta.url).pathname), '..');

/** The app needs better-sqlite3 built for Electron's ABI; made once, beside the Node build. */
function prepareSqlite() {
  const prepare = spawnSync(process.execPath, [join(root, 'bin', 'prepare-electron-sqlite.js')], { stdio: 'inherit' });
  return prepare.status === 0 ? null : 'better-sqlite3 could not be built for Electron (see the messages above)';
}

const electron = electronBinary();
const reason = !electron.binary ? electron.reason : !hasDisplay() ? 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' : prepareSqlite();
const child = reason
  ? (console.log(`Tracedeck: cannot open the desktop app: ${reason}; running headless, open the UI URL below in a browser.`),
    spawn(process.execPath, [join(root, 'bin', 'tracedeck.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }))
  : spawn(electron.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// The Electron main process: a thin shell around the core (src/main/core), which runs the same
// way under plain Node in `tracedeck serve`. It owns the app's lifecycle, its one kind of
// window (./electron/window.ts) and the IPC binding of the query API (./electron/ipc.ts).
import { app, BrowserWindow, dialog, session } from 'electron';
import { defaultDatabasePath } from './core/data-dir';
import { TracedeckCore } from './core/tracedeck-core';
import { bindFilesToIpc } from './electron/file-ipc';
import { bindApiToIpc, trustedSender } from './electron/ipc';
import { installMenu } from './electron/menu';
import { electronSqliteBinding } from './electron/native-sqlite';
import { createMainWindow } from './electron/window';
import { CONTENT_SECURITY_POLICY } from './http/api-server';

let core: TracedeckCore | null = null;
let unbindIpc: (() => void) | null = null;
const windows: BrowserWindow[] = [];

function openWindow(): BrowserWindow {
  const window = createMainWindow();
  windows.push(window);
  window.on('closed', () => windows.splice(windows.indexOf(window), 1));
  return window;
}

function focusWindow(): void {
  const window = windows[0] ?? openWindow();
  if (window.isMinimized()) window.restore();
  window.focus();
}

async function start(): Promise<void> {
  // The renderer's own meta tag sets the same policy; the header also covers the dev server.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  const nativeBinding = electronSqliteBinding(app.getAppPath(), process.versions.electron);
  if (nativeBinding === null) {
    throw new Error(`no better-sqlite3 build for Electron ${process.versions.electron}: run \`npm start\`, which prepares it (node bin/prepare-electron-sqlite.js)`);
  }
  // Receivers that cannot bind (a port in use) do not stop the app: the window shows which and why.
  core = await TracedeckCore.start({ databasePath: process.env.TRACEDECK_DB ?? defaultDatabasePath(), nativeBinding });
  const unbindApi = bindApiToIpc(core.api, () => windows);
  const unbindFiles = bindFilesToIpc(core.files, trustedSender(() => windows));
  unbindIpc = () => {
    unbindApi();
    unbindFiles();
  };
  installMenu(() => BrowserWindow.getFocusedWindow() ?? windows[0]);
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit(); // the first instance gets 'second-instance' and comes to the front
} else {
  app.on('second-instance', focusWindow);
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Tracedeck could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
  // Closing the window quits on Linux and Windows; macOS apps stay in the dock.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && windows.length === 0) openWindow();
  });
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    unbindIpc?.();
    // Everything acknowledged is committed before the process goes.
    void closing.close().finally(() => app.exit(0));
  });
}

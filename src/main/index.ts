// The Electron main process: a thin shell around the core (src/main/core), which runs the same
// way under plain Node in `tracedeck serve`. Issue 4 grows this into the desktop app (IPC,
// single instance, native better-sqlite3 build for Electron's ABI).
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { defaultDatabasePath } from './core/data-dir';
import { TracedeckCore } from './core/tracedeck-core';
import { CONTENT_SECURITY_POLICY } from './http/api-server';

let core: TracedeckCore | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Tracedeck',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  core = await TracedeckCore.start({ databasePath: process.env.TRACEDECK_DB ?? defaultDatabasePath() });
  createWindow();
}, (error: unknown) => {
  console.error('tracedeck:', error);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!core) return;
  event.preventDefault();
  const closing = core;
  core = null;
  void closing.close().finally(() => app.exit(0));
});

// The one way the app makes a window: sandboxed, context-isolated, no Node in the page, no
// navigation away from the app and no new windows. Every BrowserWindow comes from here.
import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the renderer is loaded from: the built files, or electron-vite's dev server. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev && /^http:\/\/(localhost|127\.0\.0\.1):\d+\/?$/.test(dev) ? dev : pathToFileURL(join(__dirname, '../renderer/index.html')).href;
}

/** True for a URL of the app's own renderer (any route in its hash). */
export function isAppUrl(url: string): boolean {
  const base = rendererUrl().replace(/\/$/, '');
  const withoutHash = url.split('#')[0]!.replace(/\/$/, '');
  return withoutHash === base || withoutHash === `${base}/index.html`;
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'Tracedeck',
    show: false,
    backgroundColor: '#15181e',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  const contents = window.webContents;
  // Links out of the app (e.g. documentation) open in the user's browser, and only http(s).
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  void window.loadURL(rendererUrl());
  return window;
}

// The preload bridge. Issue 4 exposes the query API here as named, typed functions over
// validated IPC; until then the renderer only learns that it runs in the desktop app.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('tracedeck', { desktop: true });

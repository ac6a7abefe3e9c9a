// Serves the built renderer (out/renderer) to a browser in headless mode. Only files under the
// root; unknown paths fall back to index.html so client-side routes reload.
import { readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function serveStatic(root: string, pathname: string, res: ServerResponse): boolean {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return false;
  let stat = statOrNull(file);
  if (!stat || stat.isDirectory()) {
    if (extname(relative) !== '') return false; // a missing asset is a 404, not the app
    file = join(root, 'index.html');
    stat = statOrNull(file);
    if (!stat) return false;
  }
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': stat.size,
    // Hashed assets never change; index.html must be re-read to pick up a new build.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  // Read at once (the largest file is ~300 KB): a stream's reads wait behind whatever the event
  // loop runs next, and the skeleton of a 100,000-span trace held the app's code back ~1.1 s.
  res.end(readFileSync(file));
  return true;
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

#!/usr/bin/env node
// The `tracedeck` command: runs the built CLI (out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('tracedeck: not built yet; run `npm run build` in the tracedeck folder first');
  process.exit(1);
}
await import(pathToFileURL(cli).href);

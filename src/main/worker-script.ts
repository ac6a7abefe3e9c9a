// Starts one of the core's worker threads from its entry: next to the build (out/main/NAME.js, an
// electron-vite input), or, when running from source (tests, benchmarks), the TypeScript file
// loaded through tsx's loader, registered inside the worker (a worker does not inherit the
// parent's module hooks).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * `name`: the build's entry name (electron-vite input); `source`: the entry's TypeScript file,
 * as `new URL('./name.ts', import.meta.url)` from the module that starts it.
 */
export function startWorker(name: string, source: URL, options: WorkerOptions & { workerData?: object }): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // tsx's ESM loader API (its package export './esm/api' under the 'import' condition).
    const tsxPackage = createRequire(here).resolve('tsx/package.json');
    const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
    const loader = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });`;
    return new Worker(loader, { ...options, eval: true, workerData: { ...options.workerData, entry: source.href, tsx } });
  }
  for (const candidate of [`./${name}.js`, `../${name}.js`]) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, options);
  }
  throw new Error(`${name}.js is missing next to ${fileURLToPath(here)}; rebuild with npm run build`);
}

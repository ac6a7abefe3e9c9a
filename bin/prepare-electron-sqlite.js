#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron's ABI into .electron-native/electron-<version>/,
// beside the Node build in node_modules that the tests and `tracedeck serve` use, so both coexist.
// The app loads it through better-sqlite3's `nativeBinding` option (src/main/electron/native-sqlite.ts).
// `npm start` runs this when Electron can start and the build is missing; it needs the network
// once, for Electron's headers.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = require('electron/package.json').version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = require('better-sqlite3/package.json').version;
const folder = join(root, '.electron-native', `electron-${electronVersion}`);
const binding = join(folder, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

if (existsSync(binding)) process.exit(0);
console.log(`Tracedeck: building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)...`);
const target = join(folder, 'node_modules', 'better-sqlite3');
mkdirSync(target, { recursive: true });
cpSync(sqliteDir, target, { recursive: true, filter: (path) => !path.startsWith(join(sqliteDir, 'build')) });
writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'tracedeck-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2));
const { rebuild } = await import('@electron/rebuild');
await rebuild({ buildPath: folder, electronVersion, onlyModules: ['better-sqlite3'], force: true });
if (!existsSync(binding)) {
  console.error(`Tracedeck: the Electron build of better-sqlite3 is missing after the rebuild (${binding})`);
  process.exit(1);
}

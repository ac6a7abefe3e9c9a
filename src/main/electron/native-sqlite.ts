// better-sqlite3 is a native addon: the Node build that tests use cannot load in Electron (a
// different ABI). bin/prepare-electron-sqlite.js builds one for the installed Electron into its
// own folder, so both builds coexist; the app passes it to better-sqlite3 as `nativeBinding`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronSqliteFolder(appRoot: string, electronVersion: string): string {
  return join(appRoot, '.electron-native', `electron-${electronVersion}`);
}

export function electronSqliteBinding(appRoot: string, electronVersion: string): string | null {
  const binding = join(electronSqliteFolder(appRoot, electronVersion), 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(binding) ? binding : null;
}

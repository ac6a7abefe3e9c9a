// Opens the store and brings its schema up to date from the numbered migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openConnection, type ConnectionOptions, type Db } from './connection';
import { MIGRATIONS } from './migrations';

export type { Db } from './connection';
export type OpenOptions = ConnectionOptions;

export function openDatabase(options: OpenOptions): Db {
  if (options.path !== ':memory:' && !options.readonly) mkdirSync(dirname(options.path), { recursive: true });
  const db = openConnection(options);
  if (!options.readonly) migrate(db);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  const latest = MIGRATIONS.length;
  if (current > latest) {
    throw new Error(
      `the database was written by a newer Tracedeck (schema ${current}, this version knows ${latest}); ` +
        'upgrade Tracedeck or open another --db file',
    );
  }
  for (let version = current + 1; version <= latest; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      db.pragma(`user_version = ${version}`);
    })();
  }
}

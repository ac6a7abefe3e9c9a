// Opens the SQLite file with the settings every part of the store relies on, and brings its
// schema up to date from the numbered migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** A file path, or ':memory:'. */
  path: string;
  readonly?: boolean;
  /** Path to a better-sqlite3 build for another ABI (the Electron app passes its own). */
  nativeBinding?: string;
}

export function openDatabase({ path, readonly = false, nativeBinding }: OpenOptions): Db {
  if (path !== ':memory:' && !readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly, fileMustExist: readonly, ...(nativeBinding ? { nativeBinding } : {}) });
  // WAL + synchronous=NORMAL: a committed transaction survives a crash of the process (kill -9),
  // which is what an OTLP acknowledgement promises; only power loss can undo the last commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF'); // enforced by the writer; checking them per span costs ingest time
  // 64 MiB page cache: the append-mostly indexes stay hot. Checkpoints every 4,000 pages (~16 MiB)
  // instead of 1,000: +30-40 % insert rate measured with random-key indexes (research §2.2).
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma('busy_timeout = 5000');
  if (!readonly) migrate(db);
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

// Opens a SQLite connection with the settings every part of the store relies on. Kept apart from
// the migrations (database.ts) so the writer thread loads no schema text.
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface ConnectionOptions {
  /** A file path, or ':memory:'. */
  path: string;
  readonly?: boolean;
  /** Path to a better-sqlite3 build for another ABI (the Electron app passes its own). */
  nativeBinding?: string;
  /** False for the writer thread, whose WAL a checkpointer thread copies back instead. */
  autoCheckpoint?: boolean;
}

export function openConnection({ path, readonly = false, nativeBinding, autoCheckpoint = true }: ConnectionOptions): Db {
  const db = new Database(path, { readonly, fileMustExist: readonly, ...(nativeBinding ? { nativeBinding } : {}) });
  // WAL + synchronous=NORMAL: a committed transaction survives a crash of the process (kill -9),
  // which is what an OTLP acknowledgement promises; only power loss can undo the last commits.
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF'); // enforced by the writer; checking them per span costs ingest time
  // 64 MiB page cache: the append-mostly indexes stay hot. Checkpoints every 4,000 pages (~16 MiB)
  // instead of 1,000: +30-40 % insert rate measured with random-key indexes (research §2.2).
  db.pragma('cache_size = -65536');
  db.pragma(`wal_autocheckpoint = ${autoCheckpoint ? 4000 : 0}`);
  db.pragma('journal_size_limit = 67108864'); // a reset WAL is cut back to 64 MiB
  db.pragma('busy_timeout = 5000');
  return db;
}

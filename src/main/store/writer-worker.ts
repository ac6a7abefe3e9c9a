// The writer thread: owns the only writing connection and the SpanWriter, so SQLite work (the
// larger half of ingest) runs on the second core and never blocks the thread that receives
// requests, serves the API or, in the desktop app, answers the window.
//
// The same script runs the checkpointer thread, which copies the WAL back into the database file
// so that the writer's commits never do it: checkpoints inside commits took the commit cost from
// 4 to 12 us per span between the first and the third million spans (bench/bare-insert.ts).
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection';
import { GroupCommitter } from './group-commit';
import { TakeBackTotal } from './span-take-back';
import { SpanWriter } from './span-writer';
import type { WriterReply, WriterRequest, WriterWorkerData } from './writer-protocol';

const { path, nativeBinding, commit, role } = workerData as WriterWorkerData;
const port = parentPort!;
const reply = (message: WriterReply) => port.postMessage(message);
if (role === 'checkpointer') runCheckpointer();
else runWriter();

/** A passive checkpoint on `db` when the WAL file has grown past `bytes`. */
function checkpointAbove(db: ReturnType<typeof openConnection>, bytes: number): void {
  let walBytes = 0;
  try {
    walBytes = statSync(`${path}-wal`).size;
  } catch {
    return; // no WAL yet
  }
  if (walBytes > bytes) db.pragma('wal_checkpoint(PASSIVE)');
}

function runCheckpointer(): void {
  const db = openConnection({ path, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('cache_size = -2048'); // a checkpoint copies WAL frames; it needs no page cache
  const CHECKPOINT_ABOVE_BYTES = 16 * 1024 * 1024;
  const timer = setInterval(() => checkpointAbove(db, CHECKPOINT_ABOVE_BYTES), 200);
  port.on('message', () => {
    clearInterval(timer);
    db.close();
    reply({ type: 'closed' });
  });
}

// The checkpointer copies frames while the writer keeps appending, so its checkpoints rarely end
// with every frame copied, and SQLite starts the WAL over only when a write begins on a fully
// copied one: under a steady stream the WAL grew without bound (850 MB after 200k spans at
// 10k spans/s). Past this size the writer copies the last frames itself right after a commit
// (the checkpointer has done the rest), so its next transaction starts the WAL over; the
// journal_size_limit pragma then cuts the file back.
const RESTART_WAL_ABOVE_BYTES = 64 * 1024 * 1024;
const RESTART_AT_MOST_EVERY_MS = 1000;

function walBound(db: ReturnType<typeof openConnection>): () => void {
  let lastTry = 0;
  return () => {
    const now = performance.now();
    if (now - lastTry < RESTART_AT_MOST_EVERY_MS) return;
    lastTry = now;
    checkpointAbove(db, RESTART_WAL_ABOVE_BYTES);
  };
}

function runWriter(): void {
  const db = openConnection({ path, autoCheckpoint: false, ...(nativeBinding ? { nativeBinding } : {}) });
  // 32 MiB of page cache holds what ingest writes to: the right edge of the append-mostly
  // indexes, the random trace id index (~11 MB at 5M spans) and the newest search segments. At
  // 64 MiB a steady 10k spans/s filled it within 30 s and the server peaked at 266-272 MB;
  // at 32 MiB 223-228 MB. Ingest of 5M spans over HTTP measured the same within this machine's
  // noise (overall 36.8k vs 39.3k spans/s, last million 36.5k vs 31.7k, one run each).
  db.pragma('cache_size = -32768');
  const boundWal = walBound(db);
  const writer = new SpanWriter(db);
  const committer = new GroupCommitter(
    writer,
    (outcome) => {
      reply({ type: 'committed', outcome });
      boundWal();
    },
    commit,
  );

  port.on('message', (request: WriterRequest) => {
    if (request.type === 'write') {
      committer.enqueue(request.id, request.batch);
      return;
    }
    if (request.type === 'keep') {
      writer.keep(request.tag);
      return;
    }
    if (request.type === 'takeBack') {
      // Whatever of the tag's batches still waits is written first, so that it is taken back too.
      committer.commit();
      const taken = new TakeBackTotal();
      const step = () => {
        try {
          const part = writer.takeBack(request.tag);
          taken.add(part);
          // Between transactions the writes that came meanwhile are committed.
          if (!part.done) setImmediate(step);
          else reply({ type: 'tookBack', id: request.id, result: taken.result() });
        } catch (error) {
          reply({ type: 'tookBack', id: request.id, error: (error as Error).message });
        }
      };
      step();
      return;
    }
    try {
      committer.commit();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      reply({ type: 'closed' });
    } catch (error) {
      reply({ type: 'closed', error: (error as Error).message });
    }
  });
}

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
import { SpanWriter } from './span-writer';
import type { WriterReply, WriterRequest, WriterWorkerData } from './writer-protocol';

const { path, nativeBinding, commitDelayMs, role } = workerData as WriterWorkerData;
const port = parentPort!;
const reply = (message: WriterReply) => port.postMessage(message);
if (role === 'checkpointer') runCheckpointer();
else runWriter();

function runCheckpointer(): void {
  const db = openConnection({ path, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('cache_size = -2048'); // a checkpoint copies WAL frames; it needs no page cache
  const CHECKPOINT_ABOVE_BYTES = 16 * 1024 * 1024;
  const timer = setInterval(() => {
    let walBytes = 0;
    try {
      walBytes = statSync(`${path}-wal`).size;
    } catch {
      return;
    }
    if (walBytes > CHECKPOINT_ABOVE_BYTES) db.pragma('wal_checkpoint(PASSIVE)');
  }, 200);
  port.on('message', () => {
    clearInterval(timer);
    db.close();
    reply({ type: 'closed' });
  });
}

function runWriter(): void {
  const db = openConnection({ path, autoCheckpoint: false, ...(nativeBinding ? { nativeBinding } : {}) });
  const committer = new GroupCommitter(new SpanWriter(db), (outcome) => reply({ type: 'committed', outcome }), commitDelayMs);

  port.on('message', (request: WriterRequest) => {
    if (request.type === 'write') {
      committer.enqueue(request.id, request.batch);
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

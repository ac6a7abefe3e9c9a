// The writer thread: owns the only writing connection and the SpanWriter, so SQLite work (the
// larger half of ingest) runs on the second core and never blocks the thread that receives
// requests, serves the API or, in the desktop app, answers the window.
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection';
import { GroupCommitter } from './group-commit';
import { SpanWriter } from './span-writer';
import type { WriterReply, WriterRequest, WriterWorkerData } from './writer-protocol';

const { path, nativeBinding, commitDelayMs } = workerData as WriterWorkerData;
const db = openConnection({ path, ...(nativeBinding ? { nativeBinding } : {}) });
const port = parentPort!;
const reply = (message: WriterReply) => port.postMessage(message);
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

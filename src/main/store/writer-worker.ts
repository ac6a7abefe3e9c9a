// The writer thread: owns the only writing connection and the SpanWriter, so SQLite work (the
// larger half of ingest) runs on the second core and never blocks the thread that receives
// requests, serves the API or, in the desktop app, answers the window.
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection';
import { SpanWriter } from './span-writer';
import type { WriterReply, WriterRequest, WriterWorkerData } from './writer-protocol';

const { path, nativeBinding } = workerData as WriterWorkerData;
const db = openConnection({ path, ...(nativeBinding ? { nativeBinding } : {}) });
const writer = new SpanWriter(db);
const port = parentPort!;

port.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  if (request.type === 'write') {
    try {
      reply = { id: request.id, result: writer.writePrepared(request.batches) };
    } catch (error) {
      reply = { id: request.id, error: (error as Error).message };
    }
  } else {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      reply = { id: request.id, result: null };
    } catch (error) {
      reply = { id: request.id, error: (error as Error).message };
    }
  }
  port.postMessage(reply);
});

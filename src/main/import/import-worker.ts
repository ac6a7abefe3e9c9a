// The import worker: reads, parses and converts a trace file, and prepares its rows, off the
// thread that receives OTLP, serves the API and (in the desktop app) runs the window. Each
// prepared batch goes to the importing thread, which hands it to the ingest queue. At most
// MAX_SPANS_IN_FLIGHT spans wait for their commit; past that the worker stops reading, so memory
// stays bounded.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError, ImportNotes } from '../../shared/import/import-report';
import { prepareBatch } from '../store/prepared-batch';
import type { ImportControlMessage, ImportWorkerData, ImportWorkerMessage } from './import-protocol';
import { readTraceFile, SummaryBuilder } from './read-trace-file';

const MAX_SPANS_IN_FLIGHT = 8192;

const { file, tag } = workerData as ImportWorkerData;
const port = parentPort!;
const send = (message: ImportWorkerMessage) => port.postMessage(message);

let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (message: ImportControlMessage) => {
  inFlight -= message.spans;
  wake?.();
});

async function run(): Promise<void> {
  const notes = new ImportNotes();
  const seen = new SummaryBuilder();
  const format = await readTraceFile(file, notes, (progress) => send({ type: 'progress', progress }), async (batch) => {
    seen.add(batch);
    while (inFlight > 0 && inFlight + batch.spanCount > MAX_SPANS_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    const prepared = prepareBatch(batch);
    prepared.tag = tag;
    inFlight += batch.spanCount;
    send({ type: 'batch', batch: prepared, spans: batch.spanCount });
  });
  send({ type: 'done', format, summary: seen.summary(), report: notes.report() });
}

run().catch((error: unknown) => {
  const e = error as Error & { code?: string };
  send({
    type: 'failed',
    error: { name: e.name, message: e.message, ...(error instanceof ImportError ? { where: error.where } : {}), ...(e.code ? { code: e.code } : {}) },
  });
});

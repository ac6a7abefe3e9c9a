// The API while a file imports: `tracedeck serve` takes a 30 MB OTLP NDJSON file on POST
// /api/import while /api/status is asked every 20 ms; prints how long those answers took. The
// import's parsing runs in a worker thread so that they stay fast (ADR 0009); shown, not a target.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from './support/server-process';
import { fmt, percentile } from './support/stats';
import { writeTraceFile } from './support/trace-files';

export interface ImportResponsiveness {
  fileMb: number;
  importMs: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

const FILE_BYTES = 30 * 1000 * 1000;
const POLL_EVERY_MS = 20;

export async function measureImportResponsiveness(dir: string): Promise<ImportResponsiveness> {
  const path = join(dir, 'responsiveness.jsonl');
  const written = writeTraceFile(path, 'ndjson', FILE_BYTES);
  const server = await startServer(join(dir, 'responsiveness.db'));
  const base = `http://127.0.0.1:${server.uiPort}`;
  const status = async () => (await fetch(`${base}/api/status`)).json();
  try {
    await status(); // the first answer warms the server up
    const times: number[] = [];
    let importing = true;
    const polling = (async () => {
      while (importing) {
        const started = performance.now();
        await status();
        times.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      }
    })();
    const started = performance.now();
    // Uploaded from another process: sending 30 MB from this one held up its own polling ~270 ms.
    await upload(path, `${base}/api/import`, base);
    const importMs = performance.now() - started;
    importing = false;
    await polling;
    times.sort((a, b) => a - b);
    return { fileMb: written.bytes / 1e6, importMs, requests: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? Number.NaN };
  } finally {
    await server.stop();
  }
}

/** POSTs the file from a child process; rejects unless the import succeeded. */
function upload(path: string, url: string, origin: string): Promise<void> {
  const script = `const body = require('node:fs').readFileSync(process.argv[1]);
const req = require('node:http').request(process.argv[2], { method: 'POST', headers: { origin: process.argv[3], 'content-length': body.length } }, (res) => {
  let text = ''; res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => { if (res.statusCode !== 200) { console.error(res.statusCode, text); process.exit(1); } });
});
req.end(body);`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script, path, url, origin], (error, _stdout, stderr) => (error ? reject(new Error(`the import failed: ${stderr}`)) : resolve())),
  );
}

export function printImportResponsiveness(r: ImportResponsiveness, log: (text: string) => void): void {
  log(
    `API while a ${fmt(r.fileMb, 1)} MB NDJSON file imports through tracedeck serve (${fmt(r.importMs)} ms): /api/status p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, longest ${fmt(r.max, 1)} ms (${r.requests} requests)   (shown, not a target)`,
  );
}

// Trace files over HTTP for the browser UI. An import uploads the file with XMLHttpRequest, the
// one browser API that reports upload progress, and reads the server's NDJSON answer as it
// arrives: progress lines while it checks and stores, then the summary or the error. An export
// is a download of the server's streamed file, which the browser saves where it saves files.
import type { ExportQueryInput } from '../../../shared/api';
import type { ImportSummary } from '../../../shared/import/import-summary';
import { traceQueryParams } from './query-params';
import type { ClientImportProgress, ExportOutcome } from './client';

/** Why an import did not happen; the message names the place in the file when there is one. */
export class ImportFailedError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'ImportFailedError';
  }
}

export function importOverHttp(file: Blob, onProgress: (progress: ClientImportProgress) => void, signal: AbortSignal): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let read = 0;
    let outcome: { summary?: ImportSummary; error?: { message: string; cancelled?: boolean } } = {};
    const takeLines = () => {
      const text = xhr.responseText;
      let end: number;
      while ((end = text.indexOf('\n', read)) >= 0) {
        const line = text.slice(read, end);
        read = end + 1;
        if (line.trim() === '') continue;
        const message = JSON.parse(line) as { progress?: ClientImportProgress; summary?: ImportSummary; error?: { message: string; cancelled?: boolean } };
        if (message.progress) onProgress(message.progress);
        else outcome = message;
      }
    };
    xhr.upload.onprogress = (event) => onProgress({ phase: 'uploading', bytesRead: event.loaded, totalBytes: event.total || file.size, spansRead: 0 });
    xhr.onprogress = takeLines;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        const body = safeJson(xhr.responseText) as { error?: { message?: string } } | null;
        reject(new ImportFailedError(body?.error?.message ?? `the server answered HTTP ${xhr.status}`));
        return;
      }
      takeLines();
      if (outcome.summary) resolve(outcome.summary);
      else reject(new ImportFailedError(outcome.error?.message ?? 'the server ended the import without a summary', outcome.error?.cancelled));
    };
    xhr.onerror = () => reject(new ImportFailedError('the connection to Tracedeck was lost during the import'));
    xhr.onabort = () => reject(new ImportFailedError('the import was cancelled', true));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.open('POST', '/api/import');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/x-ndjson');
    xhr.send(file);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The URL of an export: one trace by its own route (its file is named after it), else the search. */
export function exportUrl(query: ExportQueryInput): string {
  const { traceId, format = 'otlp', ...filters } = query;
  const onlyIds = Object.values(filters).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || v === 'any' || v === 'newest');
  if (traceId?.length === 1 && onlyIds) return `/api/traces/${encodeURIComponent(traceId[0]!)}?${new URLSearchParams({ format, download: '1' })}`;
  return `/api/export?${traceQueryParams({ ...filters, traceId, format }).toString()}`;
}

export function downloadExport(query: ExportQueryInput): ExportOutcome {
  const link = document.createElement('a');
  link.href = exportUrl(query);
  link.download = ''; // the server's Content-Disposition names the file
  document.body.append(link);
  link.click();
  link.remove();
  return { kind: 'download' };
}

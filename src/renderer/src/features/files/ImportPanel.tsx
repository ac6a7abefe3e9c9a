// The imports' progress and results, in a corner above the status bar: per file a progress bar
// with bytes and spans read and a cancel button, then the summary (traces, spans, services,
// time range, what was repaired or dropped) with a link to the traces, or the error and where.
import { useEffect } from 'react';
import { FORMAT_NAMES } from '../../../../shared/import/importers';
import { formatImportSummary } from '../../../../shared/import/summary-text';
import { formatBytes, formatCount } from '../../format';
import { importStore, useImports } from '../../stores';
import { importedTracesHref } from './import-links';
import { isUnfinished, type ImportJob } from './import-store';

const PHASE_LABEL: Record<string, string> = {
  waiting: 'Waiting',
  uploading: 'Uploading',
  importing: 'Importing',
};

export function ImportPanel() {
  const jobs = useImports((s) => s.jobs);
  const busy = jobs.some((job) => isUnfinished(job.phase));
  useEffect(() => {
    if (!busy) return;
    // In the browser the upload belongs to the page: leaving it would cancel the import.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);
  if (jobs.length === 0) return null;
  return (
    <aside className="import-panel" aria-label="Imports">
      {jobs.map((job) => (
        <ImportCard key={job.id} job={job} />
      ))}
    </aside>
  );
}

function ImportCard({ job }: { job: ImportJob }) {
  const { cancel, dismiss } = importStore.getState(); // actions never change
  const running = isUnfinished(job.phase);
  return (
    <section className={`import-card ${job.phase}`} aria-label={`Import of ${job.name}`} data-phase={job.phase}>
      <header>
        <strong title={job.name}>{job.name}</strong>
        {job.size > 0 && <span className="muted">{formatBytes(job.size)}</span>}
        {running ? (
          <button type="button" onClick={() => cancel(job.id)}>
            Cancel
          </button>
        ) : (
          <button type="button" className="link" aria-label={`Dismiss ${job.name}`} onClick={() => dismiss(job.id)}>
            ✕
          </button>
        )}
      </header>
      {running && <Progress job={job} />}
      {job.phase === 'done' && job.summary && <Summary job={job} />}
      {(job.phase === 'failed' || job.phase === 'cancelled') && (
        <p className={job.phase === 'failed' ? 'import-error' : 'muted'} role={job.phase === 'failed' ? 'alert' : undefined}>
          {job.phase === 'failed' ? 'Not imported: ' : ''}
          {job.error}
        </p>
      )}
    </section>
  );
}

function Progress({ job }: { job: ImportJob }) {
  const fraction = job.totalBytes > 0 ? Math.min(1, job.bytesRead / job.totalBytes) : 0;
  // The upload, then the server's one pass over the file, each fill the bar.
  const overall = job.phase === 'uploading' || job.phase === 'importing' ? fraction : 0;
  return (
    <div className="import-progress">
      <progress max={1} value={overall} aria-label={`${PHASE_LABEL[job.phase]} ${job.name}`} />
      <span className="muted">
        {PHASE_LABEL[job.phase]}
        {job.phase !== 'waiting' && ` · ${formatBytes(job.bytesRead)} of ${formatBytes(job.totalBytes)}`}
        {job.spansRead > 0 && ` · ${formatCount(job.spansRead)} spans`}
      </span>
    </div>
  );
}

function Summary({ job }: { job: ImportJob }) {
  const summary = job.summary!;
  const [first, ...details] = formatImportSummary(summary);
  const href = importedTracesHref(summary);
  const notes = summary.report.repairs.length + summary.report.droppedCount + summary.report.warnings.length;
  return (
    <div className="import-summary">
      <p>
        {FORMAT_NAMES[summary.format]}
        {summary.compressed ? ' (gzip)' : ''}: {first}
      </p>
      {href && (
        <a href={href} className="import-link">
          {summary.traces === 1 ? 'Open the imported trace' : `Show the ${formatCount(summary.traces)} imported traces`}
        </a>
      )}
      {details.length > 0 && (
        <details open={summary.report.droppedCount > 0}>
          <summary>{notes === 0 ? 'Details' : `${formatCount(notes)} note${notes === 1 ? '' : 's'}: repairs, drops, warnings`}</summary>
          <ul>
            {details.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

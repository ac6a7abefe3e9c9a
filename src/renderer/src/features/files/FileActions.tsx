// Import and export in the app header. Import opens the file picker (a native dialog in the
// desktop app); Export offers the formats for what is on screen: the open trace, or every trace
// the list's search matches. File > Import… / Export… in the desktop menu (its own dialog, then the
// paths come here) and Ctrl/Cmd+O do the same.
import { useEffect, useRef, useState } from 'react';
import type { ExportQueryInput } from '../../../../shared/api';
import { EXPORT_FORMATS, EXPORT_FORMAT_INFO, type ExportFormat } from '../../../../shared/export/trace-writer';
import { client, type ExportOutcome } from '../../api/client';
import { formatCount } from '../../format';
import type { Route } from '../../routing/route-format';
import { importStore, useTraceList } from '../../stores';
import { filtersFromParams, filtersToQuery, hasFilters } from '../trace-list/filters';

export const IMPORT_INPUT_ID = 'import-files';

/** What Export writes from this route: the open trace, or the list's search. */
export function exportQueryFor(route: Route, nowMs: number): ExportQueryInput {
  if (route.page === 'trace') return { traceId: [route.traceId] };
  return filtersToQuery(filtersFromParams(route.params), nowMs);
}

export function FileActions({ route }: { route: Route }) {
  const input = useRef<HTMLInputElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  useEffect(() => {
    const pick = () => input.current?.click();
    const offMenu = client.onMenuCommand((command) => {
      if (command.kind === 'import') importStore.getState().importFiles(command.paths.map((path) => ({ path, name: path.split(/[\\/]/).pop() ?? path })));
      else setMenuOpen(true);
    });
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        pick();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      offMenu();
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  const selected = useTraceList((s) => (route.page === 'traces' ? s.selectedTraceId : null));
  const marked = useTraceList((s) => s.marked);
  const subjects: ExportSubject[] = [];
  if (route.page === 'trace') subjects.push({ label: 'this trace', query: () => exportQueryFor(route, Date.now()) });
  else {
    if (marked.size > 0) subjects.push({ label: `the ${formatCount(marked.size)} marked trace${marked.size === 1 ? '' : 's'}`, query: () => ({ traceId: [...marked] }) });
    else if (selected) subjects.push({ label: 'the selected trace', query: () => ({ traceId: [selected] }) });
    subjects.push({ label: hasFilters(filtersFromParams(route.params)) ? 'the traces matching the search' : 'all traces', query: () => exportQueryFor(route, Date.now()) });
  }
  const exportAs = async (subject: ExportSubject, format: ExportFormat) => {
    setMenuOpen(false);
    setOutcome(null);
    try {
      const result: ExportOutcome = await client.exportTraces({ ...subject.query(), format });
      if (result.kind === 'saved') setOutcome(`Saved ${formatCount(result.traces)} trace${result.traces === 1 ? '' : 's'} to ${result.path}`);
      else if (result.kind === 'download') setOutcome(`Downloading ${subject.label} as ${EXPORT_FORMAT_INFO[format].label}`);
    } catch (error) {
      setOutcome(`Export failed: ${(error as Error).message}`);
    }
  };

  return (
    <div className="file-actions">
      <input
        ref={input}
        id={IMPORT_INPUT_ID}
        type="file"
        multiple
        hidden
        accept=".json,.jsonl,.ndjson,.gz,.pb,.binpb,.protobuf,application/json,application/gzip"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ''; // picking the same file again is a new import
          if (files.length > 0) importStore.getState().importFiles(files);
        }}
      />
      <button type="button" onClick={() => input.current?.click()} title="Import trace files (Ctrl+O); or drop them on the window">
        Import…
      </button>
      <div className="export-menu">
        <button type="button" aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
          Export ▾
        </button>
        {menuOpen && <ExportChoices subjects={subjects} onChoose={(subject, format) => void exportAs(subject, format)} onClose={() => setMenuOpen(false)} />}
      </div>
      {outcome && (
        <span className="export-outcome muted" role="status">
          {outcome}
        </span>
      )}
    </div>
  );
}

interface ExportSubject {
  label: string;
  query(): ExportQueryInput;
}

function ExportChoices({ subjects, onChoose, onClose }: { subjects: ExportSubject[]; onChoose(subject: ExportSubject, format: ExportFormat): void; onClose(): void }) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector('button')?.focus();
    const onKeyDown = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    const onPointer = (event: PointerEvent) => !menu.current?.parentElement?.contains(event.target as Node) && onClose();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);
  return (
    <div className="export-choices" role="menu" ref={menu} aria-label="Export">
      {subjects.map((subject, group) => (
        <div key={subject.label} role="group" aria-label={`Export ${subject.label}`}>
          <p className="muted">Export {subject.label} as</p>
          {EXPORT_FORMATS.map((format) => (
            <button key={format} type="button" role="menuitem" onClick={() => onChoose(subject, format)}>
              <strong>{EXPORT_FORMAT_INFO[format].label}</strong>
              {group === 0 && <span className="muted">{EXPORT_FORMAT_INFO[format].description}</span>}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

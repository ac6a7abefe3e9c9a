// Search and filters of the trace list. Every control writes the URL (the filters' one home);
// the list follows the URL.
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { OperationInfo, ServiceInfo } from '../../../../shared/api';
import { client } from '../../api/client';
import { whenIdle } from '../../idle';
import { isAttributeFilter, NO_FILTERS, TIME_RANGES, hasFilters, type TimeRange, type TraceFilters } from './filters';

export const SEARCH_INPUT_ID = 'trace-search';

const RANGE_LABELS: Record<TimeRange, string> = { '5m': 'Last 5 min', '15m': 'Last 15 min', '1h': 'Last hour', all: 'All time', custom: 'Custom…' };

interface Props {
  filters: TraceFilters;
  /** Changes some filters; applied to the filters current when it runs (a debounced input may fire late). */
  onChange(patch: Partial<TraceFilters>): void;
}

export function FilterBar({ filters, onChange }: Props) {
  const services = usePicker(() => client.listServices(), []);
  // The operations of a newly chosen service are asked for after the list's own search has gone
  // out and the page is idle: fetched side by side, their answer and the picker's render landed
  // in the middle of painting the list's new rows.
  const operations = usePicker<OperationInfo>(() => (filters.service ? operationsWhenIdle(filters.service) : Promise.resolve([])), [filters.service]);
  const update = onChange;

  return (
    <form className="filter-bar" role="search" aria-label="Trace filters" onSubmit={(e) => e.preventDefault()}>
      <AttributeSearch attrs={filters.attrs} onChange={(attrs) => update({ attrs })} />
      <label>
        <span>Service</span>
        <select value={filters.service ?? ''} onChange={(e) => update({ service: e.target.value || null, operation: null })} aria-label="Service">
          <option value="">All services</option>
          {withCurrent(services, filters.service).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Operation</span>
        <select
          value={filters.operation ?? ''}
          onChange={(e) => update({ operation: e.target.value || null })}
          disabled={!filters.service}
          aria-label="Operation"
          title={filters.service ? undefined : 'Pick a service first'}
        >
          <option value="">All operations</option>
          {withCurrent(operations, filters.operation).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Min ms</span>
        <NumberInput value={filters.minDurationMs} onChange={(minDurationMs) => update({ minDurationMs })} label="Minimum duration (ms)" />
      </label>
      <label>
        <span>Max ms</span>
        <NumberInput value={filters.maxDurationMs} onChange={(maxDurationMs) => update({ maxDurationMs })} label="Maximum duration (ms)" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={filters.errorsOnly} onChange={(e) => update({ errorsOnly: e.target.checked })} aria-label="Errors only" />
        <span>Errors only</span>
      </label>
      <label>
        <span>Time</span>
        <select
          value={filters.range}
          aria-label="Time range"
          onChange={(e) => {
            const range = e.target.value as TimeRange;
            const now = Date.now();
            update(range === 'custom' ? { range, start: filters.start ?? now - 3_600_000, end: filters.end ?? now } : { range, start: null, end: null });
          }}
        >
          {TIME_RANGES.map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      {filters.range === 'custom' && (
        <>
          <label>
            <span>From</span>
            <DateTimeInput value={filters.start} onChange={(start) => update({ start })} label="From" />
          </label>
          <label>
            <span>To</span>
            <DateTimeInput value={filters.end} onChange={(end) => update({ end })} label="To" />
          </label>
        </>
      )}
      <label>
        <span>Sort</span>
        <select value={filters.sort} onChange={(e) => update({ sort: e.target.value === 'slowest' ? 'slowest' : 'newest' })} aria-label="Sort">
          <option value="newest">Newest first</option>
          <option value="slowest">Slowest first</option>
        </select>
      </label>
      {hasFilters(filters) && (
        <button type="button" className="link" onClick={() => onChange({ ...NO_FILTERS, sort: filters.sort })}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/**
 * Picker options: loaded once, again whenever a trace update names a service the picker does
 * not know (new services appear while you work), and every 10 s (new operations).
 */
function usePicker<T extends ServiceInfo | OperationInfo>(load: () => Promise<T[]>, deps: unknown[]): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    let known = new Set<string>();
    const refresh = () =>
      load().then(
        (items) => {
          if (!live) return;
          known = new Set(items.map((i) => i.name));
          setNames(items.map((i) => i.name));
        },
        () => {}, // the status bar reports a lost server; an empty picker is enough here
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 10_000);
    const unsubscribe = client.onTraceUpdates((updates) => {
      if (updates.some((u) => u.summary.services.some((s) => !known.has(s)))) void refresh();
    });
    return () => {
      live = false;
      clearInterval(timer);
      unsubscribe();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return names;
}

function operationsWhenIdle(service: string): Promise<OperationInfo[]> {
  return new Promise((resolve, reject) => whenIdle(() => void client.listOperations(service).then(resolve, reject), 300));
}

/** A value from the URL stays selectable even before (or without) the picker knowing it. */
function withCurrent(names: string[], current: string | null): string[] {
  return current && !names.includes(current) ? [current, ...names] : names;
}

/** Applies on Enter, on blur, or after a pause in typing; an invalid number is shown, not applied. */
function NumberInput({ value, onChange, label }: { value: number | null; onChange(value: number | null): void; label: string }) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  const parsed = text.trim() === '' ? null : Number(text);
  const valid = parsed === null || (Number.isFinite(parsed) && parsed >= 0);
  useEffect(() => {
    if (!valid || parsed === value) return;
    const timer = setTimeout(() => onChange(parsed), 400);
    return () => clearTimeout(timer);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <input
      className={valid ? '' : 'invalid'}
      inputMode="decimal"
      placeholder="–"
      aria-label={label}
      aria-invalid={!valid}
      title={valid ? undefined : 'A number of milliseconds, 0 or more'}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && valid && parsed !== value && onChange(parsed)}
      onBlur={() => valid && parsed !== value && onChange(parsed)}
    />
  );
}

function DateTimeInput({ value, onChange, label }: { value: number | null; onChange(value: number | null): void; label: string }) {
  const local = value === null ? '' : toLocalInput(value);
  return (
    <input
      type="datetime-local"
      step="1"
      aria-label={label}
      value={local}
      onChange={(e) => {
        const ms = e.target.value ? new Date(e.target.value).getTime() : NaN;
        onChange(Number.isFinite(ms) ? ms : null);
      }}
    />
  );
}

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

/**
 * Attribute filters as chips: type `key=value` and press Enter. `/` anywhere focuses this box.
 * Backspace in the empty box removes the last chip.
 */
function AttributeSearch({ attrs, onChange }: { attrs: string[]; onChange(attrs: string[]): void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const term = text.trim();
    if (term === '') return;
    if (!isAttributeFilter(term)) {
      setProblem('Write an attribute filter as key=value, e.g. user_id=42');
      return;
    }
    if (!attrs.includes(term)) onChange([...attrs, term]);
    setText('');
    setProblem(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && text === '' && attrs.length > 0) {
      onChange(attrs.slice(0, -1));
    }
  };
  return (
    <div className="attribute-search">
      <div className={`chip-input${problem ? ' invalid' : ''}`}>
        {attrs.map((attr) => (
          <span key={attr} className="chip attr">
            {attr}
            <button type="button" aria-label={`Remove ${attr}`} onClick={() => onChange(attrs.filter((a) => a !== attr))}>
              ×
            </button>
          </span>
        ))}
        <input
          id={SEARCH_INPUT_ID}
          value={text}
          placeholder={attrs.length ? 'key=value' : 'Filter by attribute: key=value  ( / )'}
          aria-label="Attribute filter (key=value)"
          aria-invalid={problem !== null}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {problem && (
        <div className="field-problem" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}

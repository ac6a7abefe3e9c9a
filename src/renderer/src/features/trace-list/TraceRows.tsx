// The virtualized rows of the trace list. Fixed-height rows, so the list can hold its place
// when live traces are inserted above the ones in view (only the rows in view are mounted).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { TraceSummary } from '../../../../shared/api';
import { ServiceChips, ServiceName } from '../../components/ServiceName';
import { formatCount, formatDuration, formatStartTime } from '../../format';

export const ROW_HEIGHT = 40;

interface Props {
  rows: TraceSummary[];
  /** A new value means the rows are a new search: back to the top. */
  searchId: number;
  selectedTraceId: string | null;
  marked: ReadonlySet<string>;
  /** More rows can be loaded at the end. */
  hasMore: boolean;
  onNeedMore(): void;
  onSelect(traceId: string, how: SelectHow): void;
  onOpen(traceId: string): void;
  /** Every scroll of the rows (live updates wait for a pause in scrolling). */
  onScroll(): void;
}

export function TraceRows({ rows, searchId, selectedTraceId, marked, hasMore, onNeedMore, onSelect, onOpen, onScroll }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Keyed by position: a new search or a live insert reuses the row elements in view and only
    // changes their content (a new element per row was most of the style and layout cost).
    getItemKey: (index) => index,
  });
  const slowest = useMemo(() => rows.reduce((max, r) => Math.max(max, r.durationNanos), 1), [rows]);
  useKeepPlace(scroller, rows, searchId, onScroll);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - 30) onNeedMore();
  }, [hasMore, lastIndex, rows.length, onNeedMore]);

  // A new selection (keyboard) scrolls its row into view; rows moving under a kept selection
  // (live traces inserted above) do not.
  useEffect(() => {
    if (selectedTraceId === null) return;
    const index = rows.findIndex((r) => r.traceId === selectedTraceId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedTraceId]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="trace-rows" ref={scroller} role="grid" aria-label="Traces" aria-rowcount={rows.length} aria-multiselectable="true">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          return (
            <TraceRow
              key={item.key}
              row={row}
              index={item.index}
              top={item.start}
              slowest={slowest}
              selected={row.traceId === selectedTraceId}
              marked={marked.has(row.traceId)}
              onSelect={onSelect}
              onOpen={onOpen}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  row: TraceSummary;
  index: number;
  top: number;
  slowest: number;
  selected: boolean;
  marked: boolean;
  onSelect(traceId: string, how: SelectHow): void;
  onOpen(traceId: string): void;
}

/** A plain click selects; Ctrl/Cmd toggles the row's mark; Shift marks the rows from the selected one. */
export type SelectHow = 'select' | 'toggle' | 'range';

const TraceRow = memo(function TraceRow({ row, index, top, slowest, selected, marked, onSelect, onOpen }: RowProps) {
  const width = Math.max(0.5, (100 * row.durationNanos) / slowest);
  return (
    <div
      className={`trace-row${selected ? ' selected' : ''}${marked ? ' marked' : ''}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected || marked}
      data-trace-id={row.traceId}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={(e) => onSelect(row.traceId, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'select')}
      onDoubleClick={() => onOpen(row.traceId)}
    >
      <span className="cell time" role="gridcell">
        {formatStartTime(row.startTimeUnixNano)}
      </span>
      <span className="cell root" role="gridcell">
        {row.errorCount > 0 && (
          <span className="error-mark" title={`${row.errorCount} span${row.errorCount === 1 ? '' : 's'} with status ERROR`}>
            {row.errorCount}
          </span>
        )}
        <ServiceName name={row.rootServiceName} />
        <a
          className="operation"
          href={`#/traces/${row.traceId}`}
          onClick={(e) => {
            e.preventDefault();
            onOpen(row.traceId);
          }}
          title={row.hasRoot ? row.rootName : `${row.rootName} (root span not received yet)`}
        >
          {row.rootName}
          {!row.hasRoot && <span className="no-root"> (no root yet)</span>}
        </a>
      </span>
      <span className="cell duration" role="gridcell">
        <span className="duration-bar" style={{ width: `${width}%` }} aria-hidden="true" />
        <span className="duration-text">{formatDuration(row.durationNanos)}</span>
      </span>
      <span className="cell spans" role="gridcell" title={`${row.spanCount} spans`}>
        {formatCount(row.spanCount)}
      </span>
      <span className="cell services" role="gridcell">
        <ServiceChips services={rootServiceFirst(row)} />
      </span>
    </div>
  );
});

/** Services in arrival order, but the root's first: children usually end, and export, first. */
function rootServiceFirst(row: TraceSummary): string[] {
  const at = row.services.indexOf(row.rootServiceName);
  return at <= 0 ? row.services : [row.rootServiceName, ...row.services.slice(0, at), ...row.services.slice(at + 1)];
}

/**
 * When rows are inserted or removed above the first row in view, scroll by as much so that
 * the rows in view stay where they are. At the very top the list follows the live feed instead;
 * a new search starts at the top. The scroll offset is kept from scroll events and read here only
 * for a live update at the top: reading it after React changed the rows forces a layout, which
 * was ~20 ms of each filter change.
 */
function useKeepPlace(scroller: React.RefObject<HTMLDivElement | null>, rows: TraceSummary[], searchId: number, onScroll: () => void): void {
  const anchor = useRef<{ traceId: string; offset: number } | null>(null);
  const top = useRef(0);
  // The rows as the last layout left them (what the anchor was taken from).
  const laidOut = useRef(rows);
  const search = useRef(searchId);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const scrolled = () => {
      top.current = element.scrollTop;
      anchor.current = anchorAt(laidOut.current, top.current);
      onScroll();
    };
    element.addEventListener('scroll', scrolled, { passive: true });
    return () => element.removeEventListener('scroll', scrolled);
  }, [scroller, onScroll]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (search.current !== searchId) {
      search.current = searchId;
      if (top.current > 0) element.scrollTop = top.current = 0;
    } else {
      if (top.current === 0 && element.scrollTop > 0) {
        // Scrolled by code since the last scroll event (it comes a frame later): catch up before
        // deciding that the list is at the top. Only live updates at the top pay this read.
        top.current = element.scrollTop;
        anchor.current = anchorAt(laidOut.current, top.current);
      }
      const held = anchor.current;
      if (held && top.current > 0) {
        const index = rows.findIndex((r) => r.traceId === held.traceId);
        const next = index * ROW_HEIGHT + held.offset;
        if (index >= 0 && next !== top.current) element.scrollTop = top.current = next;
      }
    }
    laidOut.current = rows;
    anchor.current = anchorAt(rows, top.current);
  }, [scroller, rows, searchId]);
}

function anchorAt(rows: TraceSummary[], top: number): { traceId: string; offset: number } | null {
  const first = Math.floor(top / ROW_HEIGHT);
  const row = rows[first];
  return row ? { traceId: row.traceId, offset: top - first * ROW_HEIGHT } : null;
}

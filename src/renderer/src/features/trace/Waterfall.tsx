// The waterfall: one virtualized row per visible span (tree order, collapsible), a bar on the
// trace's time axis, colored by service.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type PointerEvent } from 'react';
import { RowFlag, type TreeRow } from '../../../../shared/trace/span-tree';
import { formatDuration } from '../../format';
import { serviceColor } from '../../theme/service-colors';
import type { TraceModel } from './trace-model';
import type { TimeWindow, Viewport } from './viewport';

export const WATERFALL_ROW_HEIGHT = 24;
const INDENT_PX = 14;
/** Deeper rows stop indenting (a 100,000-deep chain would be 1.4 million pixels wide). */
const MAX_INDENT_DEPTH = 24;
const TICKS = 5;
/** Events drawn on a bar (a span with thousands of log events would draw them all otherwise). */
const MAX_EVENT_MARKS = 50;

const KIND_LABEL = ['', '', 'server', 'client', 'producer', 'consumer'];

interface Props {
  model: TraceModel;
  rows: Int32Array;
  collapsed: ReadonlySet<number>;
  /** 1 for rows on the critical path. */
  criticalRows: Uint8Array;
  /** Rows that match the search in the trace. */
  matches: ReadonlySet<number>;
  selectedRow: number | null;
  /** The time range the bars span (the whole trace unless zoomed). */
  window: TimeWindow;
  viewport: Viewport;
  onSelect(row: number): void;
  onToggle(row: number, whole: boolean): void;
  onZoom(window: TimeWindow): void;
}

export function Waterfall({ model, rows, collapsed, criticalRows, matches, selectedRow, window: timeWindow, viewport, onSelect, onToggle, onZoom }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => WATERFALL_ROW_HEIGHT, overscan: 10 });
  const total = Math.max(1, timeWindow.endNs - timeWindow.startNs);
  const origin = timeWindow.startNs;
  useEffect(() => {
    viewport.scrollToIndex = (index) => virtualizer.scrollToIndex(Math.max(0, Math.min(rows.length - 1, index)), { align: 'start' });
  }, [viewport, virtualizer, rows.length]);
  const offset = virtualizer.scrollOffset ?? 0;
  const height = virtualizer.scrollRect?.height ?? 0;
  useEffect(() => {
    const first = Math.floor(offset / WATERFALL_ROW_HEIGHT);
    viewport.setRows(first, Math.min(rows.length - 1, first + Math.ceil(height / WATERFALL_ROW_HEIGHT)));
  }, [offset, height, rows.length, viewport]);
  const [drag, setDrag] = useState<{ from: number; to: number; width: number } | null>(null);
  const axisX = (e: PointerEvent<HTMLElement>) => e.clientX - e.currentTarget.getBoundingClientRect().left;
  useEffect(() => {
    if (selectedRow === null) return;
    const at = rows.indexOf(selectedRow);
    if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' });
  }, [selectedRow]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="waterfall">
      <div className="waterfall-head" aria-hidden="true">
        <span className="name-col">Service · span</span>
        <span
          className="axis"
          title="Drag across the axis to zoom into a time range"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            setDrag({ from: axisX(e), to: axisX(e), width: e.currentTarget.clientWidth });
          }}
          onPointerMove={(e) => drag && setDrag({ ...drag, to: axisX(e) })}
          onPointerUp={() => {
            if (drag && Math.abs(drag.to - drag.from) > 4) {
              const at = (x: number) => origin + (Math.max(0, Math.min(drag.width, x)) / drag.width) * total;
              onZoom({ startNs: at(Math.min(drag.from, drag.to)), endNs: at(Math.max(drag.from, drag.to)) });
            }
            setDrag(null);
          }}
        >
          {Array.from({ length: TICKS }, (_, i) => (
            <span key={i} className="tick" style={{ left: `${(100 * i) / (TICKS - 1)}%` }}>
              {formatDuration(origin + (total * i) / (TICKS - 1))}
            </span>
          ))}
          {drag && <span className="axis-selection" style={{ left: Math.min(drag.from, drag.to), width: Math.abs(drag.to - drag.from) }} />}
        </span>
      </div>
      <div className="waterfall-rows" ref={scroller} role="tree" aria-label="Spans">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index]!;
            return (
              <WaterfallRow
                key={item.index} // by position: collapsing reuses the row elements in view (see TraceRows)
                rowIndex={r}
                row={model.tree.rows[r]!}
                model={model}
                top={item.start}
                origin={origin}
                total={total}
                collapsed={collapsed.has(r)}
                critical={criticalRows[r] === 1}
                match={matches.has(r)}
                selected={r === selectedRow}
                onSelect={onSelect}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  rowIndex: number;
  row: TreeRow;
  model: TraceModel;
  top: number;
  /** The time window's start and length, ns. */
  origin: number;
  total: number;
  collapsed: boolean;
  critical: boolean;
  match: boolean;
  selected: boolean;
  onSelect(row: number): void;
  onToggle(row: number, whole: boolean): void;
}

const WaterfallRow = memo(function WaterfallRow({ rowIndex, row, model, top, origin, total, collapsed, critical, match, selected, onSelect, onToggle }: RowProps) {
  const span = row.span >= 0 ? model.spans[row.span]! : null;
  const service = span?.service ?? '';
  const error = span?.statusCode === 2;
  const kind = span ? KIND_LABEL[span.kind] ?? '' : '';
  const left = (100 * (row.startNs - origin)) / total;
  const width = (100 * row.durationNs) / total;
  // The duration label goes after the bar, or inside its end when the bar reaches the right edge,
  // or before it when the bar starts far right and is short.
  const labelInside = left + width > 85 && width > 12;
  const labelStyle =
    labelInside ? { right: `${Math.max(0, 100 - left - width)}%` } : left + width > 85 ? { right: `${100 - left}%`, textAlign: 'right' as const } : { left: `calc(${left + width}% + 4px)` };
  // Event offsets count from the skeleton's base; rows from the tree's start.
  const eventShift = -model.tree.startNs;
  const marks: string[] = [];
  if (row.flags & RowFlag.ORPHAN) marks.push('parent missing');
  if (row.flags & RowFlag.DUPLICATE_ID) marks.push('duplicate span id');
  if (row.flags & RowFlag.CYCLE) marks.push('cycle cut here');
  if (row.flags & RowFlag.MISSING_TIME) marks.push('no usable time');
  if (row.flags & RowFlag.OUTSIDE_PARENT) marks.push('outside its parent (clock skew?)');
  return (
    <div
      className={`waterfall-row${selected ? ' selected' : ''}${span ? '' : ' placeholder'}${critical ? ' critical' : ''}${match ? ' match' : ''}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.childCount > 0 ? !collapsed : undefined}
      aria-selected={selected}
      data-span-id={span?.spanId ?? ''}
      style={{ transform: `translateY(${top}px)`, height: WATERFALL_ROW_HEIGHT }}
      onClick={() => onSelect(rowIndex)}
    >
      <span className="name-col" style={{ paddingLeft: 6 + Math.min(row.depth, MAX_INDENT_DEPTH) * INDENT_PX }}>
        {row.depth > MAX_INDENT_DEPTH && <span className="deep">{row.depth}</span>}
        {row.childCount > 0 ? (
          <button
            type="button"
            className="toggle"
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            title="Click: one level; Alt+click: the whole subtree"
            onClick={(e) => {
              e.stopPropagation();
              onToggle(rowIndex, e.altKey);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="toggle-space" />
        )}
        {span ? (
          <>
            <span className="swatch" style={{ background: serviceColor(service) }} aria-hidden="true" />
            <span className="row-service">{service}</span>
            <span className="row-name">{span.name}</span>
            {kind && <span className="kind">{kind}</span>}
            {error && <span className="error-dot" title="status ERROR" />}
          </>
        ) : (
          <span className="row-name missing">missing span {row.missingParentId}</span>
        )}
        {marks.length > 0 && (
          <span className="repair" title={marks.join('; ')}>
            ⚠
          </span>
        )}
      </span>
      <span className="bar-col">
        <span
          className={`span-bar${error ? ' error' : ''}`}
          style={{ left: `${left}%`, width: `max(1px, ${width}%)`, background: span ? serviceColor(service) : undefined }}
        />
        {span?.events?.slice(0, MAX_EVENT_MARKS).map(([offset, exception], i) => {
          const at = offset + eventShift;
          return (
            <span
              key={i}
              className={`event-mark${exception ? ' exception' : ''}`}
              style={{ left: `${(100 * (at - origin)) / total}%` }}
              title={`${exception ? 'exception' : 'event'} at +${formatDuration(at)}`}
            />
          );
        })}
        <span className={`bar-label${labelInside ? ' inside' : ''}`} style={labelStyle}>
          {formatDuration(row.durationNs)}
        </span>
      </span>
    </div>
  );
});

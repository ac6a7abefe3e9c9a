// The waterfall: one virtualized row per visible span (tree order, collapsible), a bar on the
// trace's time axis, colored by service.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { RowFlag, type TreeRow } from '../../../../shared/trace/span-tree';
import { formatDuration } from '../../format';
import { serviceColor } from '../../theme/service-colors';
import type { TraceModel } from './trace-model';

export const WATERFALL_ROW_HEIGHT = 24;
const INDENT_PX = 14;
/** Deeper rows stop indenting (a 100,000-deep chain would be 1.4 million pixels wide). */
const MAX_INDENT_DEPTH = 24;
const TICKS = 5;

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
  onSelect(row: number): void;
  onToggle(row: number, whole: boolean): void;
}

export function Waterfall({ model, rows, collapsed, criticalRows, matches, selectedRow, onSelect, onToggle }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => WATERFALL_ROW_HEIGHT, overscan: 10 });
  const total = Math.max(1, model.tree.durationNs);
  useEffect(() => {
    if (selectedRow === null) return;
    const at = rows.indexOf(selectedRow);
    if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' });
  }, [selectedRow]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="waterfall">
      <div className="waterfall-head" aria-hidden="true">
        <span className="name-col">Service · span</span>
        <span className="axis">
          {Array.from({ length: TICKS }, (_, i) => (
            <span key={i} className="tick" style={{ left: `${(100 * i) / (TICKS - 1)}%` }}>
              {formatDuration((total * i) / (TICKS - 1))}
            </span>
          ))}
        </span>
      </div>
      <div className="waterfall-rows" ref={scroller} role="tree" aria-label="Spans">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index]!;
            return (
              <WaterfallRow
                key={r}
                rowIndex={r}
                row={model.tree.rows[r]!}
                model={model}
                top={item.start}
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
  total: number;
  collapsed: boolean;
  critical: boolean;
  match: boolean;
  selected: boolean;
  onSelect(row: number): void;
  onToggle(row: number, whole: boolean): void;
}

const WaterfallRow = memo(function WaterfallRow({ rowIndex, row, model, top, total, collapsed, critical, match, selected, onSelect, onToggle }: RowProps) {
  const span = row.span >= 0 ? model.spans[row.span]! : null;
  const service = span?.service ?? '';
  const error = span?.json.status.code === 2;
  const kind = span ? KIND_LABEL[span.json.kind] ?? '' : '';
  const left = (100 * row.startNs) / total;
  const width = (100 * row.durationNs) / total;
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
        <span className="bar-label" style={left > 70 ? { right: `${100 - left}%`, textAlign: 'right' } : { left: `calc(${left + width}% + 4px)` }}>
          {formatDuration(row.durationNs)}
        </span>
      </span>
    </div>
  );
});

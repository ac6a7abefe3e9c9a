// An overview of the whole trace on a canvas: every visible row as a line at its time, the
// rows in view and the zoomed time window framed. Click to bring a part into view; drag across
// to zoom the waterfall to that time range.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { resolvedServicePalette, serviceColorIndex } from '../../theme/service-colors';
import type { TraceModel } from './trace-model';
import type { TimeWindow, Viewport } from './viewport';

const HEIGHT = 48;

interface Props {
  model: TraceModel;
  rows: Int32Array;
  window: TimeWindow;
  viewport: Viewport;
  onZoom(window: TimeWindow): void;
}

export function Minimap({ model, rows, window: timeWindow, viewport, onZoom }: Props) {
  const base = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const total = Math.max(1, model.tree.durationNs);

  // The spans: drawn when the rows change (one fillRect per row: ~10 ms at 100,000 rows).
  useEffect(() => {
    const canvas = base.current;
    if (!canvas) return;
    const width = (canvas.width = canvas.clientWidth * devicePixelRatio);
    const height = (canvas.height = HEIGHT * devicePixelRatio);
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, width, height);
    const palette = resolvedServicePalette();
    const rowHeight = Math.max(1, height / Math.max(1, rows.length));
    for (let i = 0; i < rows.length; i++) {
      const row = model.tree.rows[rows[i]!]!;
      context.fillStyle = row.span >= 0 ? palette[serviceColorIndex(model.spans[row.span]!.service)]! : '#adb5bd';
      context.fillRect((row.startNs / total) * width, (i / rows.length) * height, Math.max(1, (row.durationNs / total) * width), rowHeight);
    }
  }, [model, rows, total]);

  // The frame of what is in view: redrawn on scroll and zoom, without redrawing the spans.
  useEffect(() => {
    const draw = () => {
      const canvas = overlay.current;
      if (!canvas) return;
      const width = (canvas.width = canvas.clientWidth * devicePixelRatio);
      const height = (canvas.height = HEIGHT * devicePixelRatio);
      const context = canvas.getContext('2d')!;
      context.clearRect(0, 0, width, height);
      const x0 = (timeWindow.startNs / total) * width;
      const x1 = (timeWindow.endNs / total) * width;
      const n = Math.max(1, rows.length);
      const y0 = (viewport.first / n) * height;
      const y1 = Math.max(y0 + 2, ((viewport.last + 1) / n) * height);
      context.fillStyle = 'rgba(128, 128, 128, 0.35)';
      context.fillRect(0, 0, x0, height);
      context.fillRect(x1, 0, width - x1, height);
      context.fillRect(x0, 0, x1 - x0, y0);
      context.fillRect(x0, y1, x1 - x0, height - y1);
      context.strokeStyle = 'rgba(47, 111, 235, 0.9)';
      context.lineWidth = devicePixelRatio;
      context.strokeRect(x0, y0, x1 - x0, y1 - y0);
      if (drag) {
        context.fillStyle = 'rgba(47, 111, 235, 0.25)';
        context.fillRect(Math.min(drag.from, drag.to) * devicePixelRatio, 0, Math.abs(drag.to - drag.from) * devicePixelRatio, height);
      }
    };
    draw();
    return viewport.subscribe(draw);
  }, [viewport, timeWindow, rows, total, drag]);

  const x = (event: PointerEvent<HTMLCanvasElement>) => event.clientX - event.currentTarget.getBoundingClientRect().left;
  return (
    <div className="minimap" style={{ height: HEIGHT }}>
      <canvas ref={base} aria-hidden="true" />
      <canvas
        ref={overlay}
        role="slider"
        aria-label="Trace overview: click to scroll, drag to zoom"
        aria-valuemin={0}
        aria-valuemax={rows.length}
        aria-valuenow={viewport.first}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ from: x(e), to: x(e) });
        }}
        onPointerMove={(e) => drag && setDrag({ from: drag.from, to: x(e) })}
        onPointerUp={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          if (drag && Math.abs(drag.to - drag.from) > 4) {
            const a = (Math.min(drag.from, drag.to) / rect.width) * total;
            const b = (Math.max(drag.from, drag.to) / rect.width) * total;
            onZoom({ startNs: a, endNs: b });
          } else {
            viewport.scrollToIndex(Math.floor(((e.clientY - rect.top) / rect.height) * rows.length));
          }
          setDrag(null);
        }}
      />
    </div>
  );
}

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

  // The spans: drawn when the rows change, one color at a time. Setting fillStyle per row (a CSS
  // color parse each) made this 138 ms at 100,000 rows in headless Chromium; rows whose rect
  // would land on the pixels the previous rect of their color covered are skipped.
  useEffect(() => {
    const canvas = base.current;
    if (!canvas) return;
    const width = (canvas.width = canvas.clientWidth * devicePixelRatio);
    const height = (canvas.height = HEIGHT * devicePixelRatio);
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, width, height);
    const palette = resolvedServicePalette();
    const placeholderColor = palette.length;
    const colorOfService = new Map<string, number>();
    const colorOfRow = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = model.tree.rows[rows[i]!]!;
      if (row.span < 0) {
        colorOfRow[i] = placeholderColor;
        continue;
      }
      const service = model.spans[row.span]!.service;
      let color = colorOfService.get(service);
      if (color === undefined) colorOfService.set(service, (color = serviceColorIndex(service)));
      colorOfRow[i] = color;
    }
    const rowHeight = Math.max(1, height / Math.max(1, rows.length));
    for (let color = 0; color <= placeholderColor; color++) {
      context.fillStyle = color === placeholderColor ? '#adb5bd' : palette[color]!;
      let lastY = -1;
      let lastX0 = -1;
      let lastX1 = -1;
      for (let i = 0; i < rows.length; i++) {
        if (colorOfRow[i] !== color) continue;
        const row = model.tree.rows[rows[i]!]!;
        const y = Math.floor((i / rows.length) * height);
        const x0 = Math.floor((row.startNs / total) * width);
        const x1 = Math.max(x0 + 1, Math.ceil(((row.startNs + row.durationNs) / total) * width));
        if (y === lastY && x0 >= lastX0 && x1 <= lastX1) continue;
        context.fillRect(x0, y, x1 - x0, rowHeight);
        lastY = y;
        lastX0 = x0;
        lastX1 = x1;
      }
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
      const y1 = Math.max(y0 + 3 * devicePixelRatio, ((viewport.last + 1) / n) * height);
      // Outside the zoomed time range is shaded; the rows in view are a band, not a hole in a
      // shade (in a 100,000-row trace the rows in view are a sliver, and shading the rest hid
      // the whole overview).
      context.fillStyle = 'rgba(128, 128, 128, 0.35)';
      context.fillRect(0, 0, x0, height);
      context.fillRect(x1, 0, width - x1, height);
      context.fillStyle = 'rgba(47, 111, 235, 0.18)';
      context.fillRect(x0, y0, x1 - x0, y1 - y0);
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

// An overview of the whole trace on a canvas: every visible row as a line at its time, the
// rows in view and the zoomed time window framed. Click to bring a part into view; drag across
// to zoom the waterfall to that time range.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
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
  const cssWidth = useWidth(overlay);

  // Each span's color, once per trace, in a plain loop: a typed array's or Array's from() with a
  // map function took 20-57 ms per 100,000 values here (Node), a loop ~3.
  const colorOfSpan = useMemo(() => {
    const colorOfService = new Map<string, number>();
    const colors = new Uint8Array(model.spans.length);
    for (let i = 0; i < colors.length; i++) {
      const service = model.spans[i]!.service;
      let color = colorOfService.get(service);
      if (color === undefined) colorOfService.set(service, (color = serviceColorIndex(service)));
      colors[i] = color;
    }
    return colors;
  }, [model]);

  // The spans: drawn when the rows change, in one pass that sorts the rects by color, then one
  // color at a time. Setting fillStyle per row (a CSS color parse each) made this 138 ms at
  // 100,000 rows in headless Chromium; a rect within the pixels of the previous rect of its color
  // on the same line is skipped.
  useEffect(() => {
    const canvas = base.current;
    if (!canvas) return;
    const { width, height, context } = sized(canvas, cssWidth);
    const palette = resolvedServicePalette();
    const placeholderColor = palette.length;
    const rects: number[][] = Array.from({ length: placeholderColor + 1 }, () => []);
    const last = new Float64Array((placeholderColor + 1) * 3).fill(-1);
    const rowsOf = model.tree.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rowsOf[rows[i]!]!;
      const color = row.span < 0 ? placeholderColor : colorOfSpan[row.span]!;
      const y = Math.floor((i / rows.length) * height);
      const x0 = Math.floor((row.startNs / total) * width);
      const x1 = Math.max(x0 + 1, Math.ceil(((row.startNs + row.durationNs) / total) * width));
      const at = color * 3;
      if (y === last[at] && x0 >= last[at + 1]! && x1 <= last[at + 2]!) continue;
      last[at] = y;
      last[at + 1] = x0;
      last[at + 2] = x1;
      rects[color]!.push(x0, y, x1 - x0);
    }
    const rowHeight = Math.max(1, height / Math.max(1, rows.length));
    rects.forEach((list, color) => {
      if (list.length === 0) return;
      context.fillStyle = color === placeholderColor ? '#adb5bd' : palette[color]!;
      for (let k = 0; k < list.length; k += 3) context.fillRect(list[k]!, list[k + 1]!, list[k + 2]!, rowHeight);
    });
  }, [model, rows, total, colorOfSpan, cssWidth]);

  // The frame of what is in view: redrawn on scroll and zoom, without redrawing the spans.
  useEffect(() => {
    const draw = () => {
      const canvas = overlay.current;
      if (!canvas) return;
      const { width, height, context } = sized(canvas, cssWidth);
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
  }, [viewport, timeWindow, rows, total, drag, cssWidth]);

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

/**
 * The element's width in CSS px, kept by a ResizeObserver: the frame is redrawn on every scroll,
 * and reading clientWidth there forced a layout each time (with resizing the canvas, which also
 * clears and reallocates it, ~10 ms per frame of a scroll at 1,000 spans, measured).
 */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** The canvas at this width (device pixels), cleared; resized only when the size changed. */
function sized(canvas: HTMLCanvasElement, cssWidth: number) {
  const width = Math.round(cssWidth * devicePixelRatio);
  const height = HEIGHT * devicePixelRatio;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.clearRect(0, 0, width, height);
  return { width, height, context };
}

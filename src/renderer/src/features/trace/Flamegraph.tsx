// The flamegraph: d3-flame-graph over the same span tree (src/shared/trace/flame-data.ts), colored
// by service, click to zoom and to select the span, the trace search highlighted. By default
// d3-flame-graph animates every frame and draws frames of any width; with 100,000 spans that is
// what makes it unusable, so nothing animates, and it is given only the frames of the zoomed
// view that are wide enough to draw: it lays out every frame it holds on each zoom and search.
// A click zooms (d3-flame-graph's own zoom), then the frames are built again for that view.
import flamegraph, { type FlameGraph, type FlameNode } from 'd3-flame-graph';
import { select } from 'd3-selection';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flameData, type FlameFrame } from '../../../../shared/trace/flame-data';
import { formatDuration } from '../../format';
import { resolvedServicePalette, serviceColorIndex } from '../../theme/service-colors';
import type { TraceModel } from './trace-model';

const CELL_HEIGHT = 18;
// Frames under 1/4096 of the view are under a pixel on any screen; d3-flame-graph draws none under 1 px.
const MIN_SHARE = 1 / 4096;

interface Props {
  model: TraceModel;
  matches: ReadonlySet<number>;
  query: string;
  onSelect(row: number): void;
}

export function Flamegraph({ model, matches, query, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<FlameGraph<FlameFrame> | null>(null);
  // The row zoomed into (-1: the whole trace); a new trace starts unzoomed.
  const [zoom, setZoom] = useState({ model, row: -1 });
  const zoomRow = zoom.model === model ? zoom.row : -1;
  const data = useMemo(
    () =>
      flameData(
        model.tree,
        (row) => {
          const r = model.tree.rows[row]!;
          return r.span < 0 ? `missing span ${r.missingParentId}` : `${model.spans[r.span]!.service}: ${model.spans[r.span]!.name}`;
        },
        { zoomRow, minShare: MIN_SHARE },
      ),
    [model, zoomRow],
  );
  const latest = useRef({ matches, onSelect, query });
  latest.current = { matches, onSelect, query };

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const palette = resolvedServicePalette();
    let restoring = false;
    const serviceOf = (frame: FlameFrame) => (frame.row >= 0 && model.tree.rows[frame.row]!.span >= 0 ? model.spans[model.tree.rows[frame.row]!.span]!.service : '');
    const instance = flamegraph<FlameFrame>()
      .width(Math.max(320, element.clientWidth))
      .cellHeight(CELL_HEIGHT)
      .minFrameSize(1)
      .transitionDuration(0)
      .sort(false)
      .inverted(true)
      .selfValue(false)
      .setColorMapper((node) => {
        const service = serviceOf(node.data);
        return service ? palette[serviceColorIndex(service)]! : '#adb5bd';
      })
      .setLabelHandler((node: FlameNode<FlameFrame>) => `${node.data.name} (${formatDuration(node.data.durationNs)})`)
      .setSearchMatch((node) => latest.current.matches.has(node.data.row))
      .onClick((node) => {
        if (restoring) return;
        // The top frame (the root span, or "trace" over several) is the whole trace.
        setZoom({ model, row: node.parent ? node.data.row : -1 });
        if (node.data.row >= 0) latest.current.onSelect(node.data.row);
      });
    select(element).datum(data).call(instance);
    chart.current = instance;
    // Rebuilt for a zoomed view: zoom d3-flame-graph into that frame (the last on the path down),
    // which calls the click handler again.
    if (zoomRow >= 0) {
      let node = select<HTMLDivElement, FlameNode<FlameFrame>>(element).datum();
      while (node.children && node.data.row !== zoomRow) node = node.children[0]!;
      restoring = true;
      instance.zoomTo(node);
      restoring = false;
    }
    if (latest.current.query.trim() !== '') instance.search(latest.current.query);
    return () => {
      instance.destroy();
      element.replaceChildren();
      chart.current = null;
    };
  }, [data, model, zoomRow]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    if (query.trim() === '') instance.clear();
    else instance.search(query);
  }, [matches, query]);

  return (
    <div className="flamegraph-pane">
      <div className="flamegraph" ref={container} aria-label="Flamegraph" role="img" />
      <p className="hint">Width is duration (spans running in parallel are scaled to fit their parent). Click a frame to zoom into it and see its span.</p>
    </div>
  );
}

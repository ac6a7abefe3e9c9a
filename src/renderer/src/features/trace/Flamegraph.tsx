// The flamegraph: d3-flame-graph over the same span tree (src/shared/trace/flame-data.ts), colored
// by service, click to zoom and to select the span, the trace search highlighted. By default
// d3-flame-graph animates every frame and draws frames of any width; with 100,000 spans that is
// what makes it unusable, so frames narrower than a pixel are not drawn and nothing animates.
import flamegraph, { type FlameGraph, type FlameNode } from 'd3-flame-graph';
import { select } from 'd3-selection';
import { useEffect, useMemo, useRef } from 'react';
import { flameData, type FlameFrame } from '../../../../shared/trace/flame-data';
import { formatDuration } from '../../format';
import { resolvedServicePalette, serviceColorIndex } from '../../theme/service-colors';
import type { TraceModel } from './trace-model';

const CELL_HEIGHT = 18;

interface Props {
  model: TraceModel;
  matches: ReadonlySet<number>;
  query: string;
  onSelect(row: number): void;
}

export function Flamegraph({ model, matches, query, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<FlameGraph<FlameFrame> | null>(null);
  const data = useMemo(
    () =>
      flameData(model.tree, (row) => {
        const r = model.tree.rows[row]!;
        return r.span < 0 ? `missing span ${r.missingParentId}` : `${model.spans[r.span]!.service}: ${model.spans[r.span]!.name}`;
      }),
    [model],
  );
  const latest = useRef({ matches, onSelect });
  latest.current = { matches, onSelect };

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const palette = resolvedServicePalette();
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
        if (node.data.row >= 0) latest.current.onSelect(node.data.row);
      });
    select(element).datum(data).call(instance);
    chart.current = instance;
    return () => {
      instance.destroy();
      element.replaceChildren();
      chart.current = null;
    };
  }, [data, model]);

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

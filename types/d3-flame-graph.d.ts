// d3-flame-graph 5 ships no types: the part of its chart API this project uses.
declare module 'd3-flame-graph' {
  export interface FlameNode<T> {
    data: T;
    depth: number;
    value: number;
    /** The d3-hierarchy node above (none for the top frame) and below. */
    parent: FlameNode<T> | null;
    children?: FlameNode<T>[];
  }
  export interface FlameGraph<T> {
    (selection: unknown): void;
    width(width: number): FlameGraph<T>;
    cellHeight(height: number): FlameGraph<T>;
    minFrameSize(pixels: number): FlameGraph<T>;
    transitionDuration(ms: number): FlameGraph<T>;
    sort(sort: boolean | ((a: FlameNode<T>, b: FlameNode<T>) => number)): FlameGraph<T>;
    inverted(inverted: boolean): FlameGraph<T>;
    selfValue(self: boolean): FlameGraph<T>;
    setColorMapper(mapper: (node: FlameNode<T>, original: string) => string): FlameGraph<T>;
    setLabelHandler(label: (node: FlameNode<T>) => string): FlameGraph<T>;
    setSearchMatch(match: (node: FlameNode<T>, term: string, ignoreCase?: boolean) => boolean): FlameGraph<T>;
    onClick(handler: (node: FlameNode<T>) => void): FlameGraph<T>;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    /** Zooms into a node of the hierarchy it holds (the chart's datum), as a click on it does. */
    zoomTo(node: FlameNode<T>): void;
    destroy(): void;
  }
  export default function flamegraph<T>(): FlameGraph<T>;
}

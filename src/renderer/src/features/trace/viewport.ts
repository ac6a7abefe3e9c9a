// What the waterfall shows (the rows in view and the time window), shared with the minimap
// without re-rendering the trace view on every scroll: a small subscribable holder.
export interface TimeWindow {
  startNs: number;
  endNs: number;
}

export class Viewport {
  first = 0;
  last = 0;
  private readonly listeners = new Set<() => void>();
  /** Set by the waterfall: scrolls a visible-row index into view. */
  scrollToIndex: (index: number) => void = () => {};

  setRows(first: number, last: number): void {
    if (first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

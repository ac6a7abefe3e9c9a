// Trace updates arrive with every commit (every ~10 ms under load). Listeners (the live list,
// over server-sent events or IPC) get them coalesced: at most one delivery per interval, one
// entry per trace carrying its latest summary. 100 ms keeps "new trace visible within 500 ms"
// with room to spare while a 10,000 spans/s stream costs ten deliveries a second.
import type { TraceUpdate } from '../../shared/api';

export const COALESCE_INTERVAL_MS = 100;

export class UpdateCoalescer {
  private pending = new Map<string, TraceUpdate>();
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(updates: TraceUpdate[]) => void>();

  constructor(private readonly intervalMs = COALESCE_INTERVAL_MS) {}

  push(updates: readonly TraceUpdate[]): void {
    if (this.listeners.size === 0) return;
    for (const update of updates) {
      const earlier = this.pending.get(update.traceId);
      // A trace created and extended within one interval is still new to the listener.
      this.pending.set(update.traceId, earlier?.isNew ? { ...update, isNew: true } : update);
    }
    if (this.timer === null) this.timer = setTimeout(() => this.deliver(), this.intervalMs);
  }

  subscribe(listener: (updates: TraceUpdate[]) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Delivers what is pending now (on shutdown) and stops the timer. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.deliver();
  }

  private deliver(): void {
    this.timer = null;
    if (this.pending.size === 0) return;
    const updates = [...this.pending.values()];
    this.pending = new Map();
    for (const listener of this.listeners) {
      try {
        listener(updates);
      } catch (error) {
        console.error('tracedeck: a trace update listener failed:', error);
      }
    }
  }
}

// Receiver addresses, spans received and their rate, database size and the connection: polled
// once a second (cheap: counters and a stat of the database file).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ServerStatus, TracedeckClientApi } from '../../../../shared/api';
import type { ConnectionState } from '../../api/connection';

export const STATUS_INTERVAL_MS = 1000;

export interface StatusState {
  status: ServerStatus | null;
  /** Spans stored per second over the last poll interval. */
  spansPerSecond: number;
  connection: ConnectionState;
  /** The last poll failed with this. */
  error: string | null;
}

export interface StatusStore extends StoreApi<StatusState> {
  /** Starts polling; returns the stop. */
  start(): () => void;
  setConnection(state: ConnectionState): void;
}

export function createStatusStore(api: Pick<TracedeckClientApi, 'getStatus'>, now: () => number = () => performance.now()): StatusStore {
  const store = createStore<StatusState>()(() => ({ status: null, spansPerSecond: 0, connection: 'connecting', error: null }));
  let last: { at: number; spans: number } | null = null;

  const poll = async () => {
    try {
      const status = await api.getStatus();
      const at = now();
      const spans = status.store.spansReceived;
      const rate = last && at > last.at ? Math.max(0, ((spans - last.spans) * 1000) / (at - last.at)) : 0;
      last = { at, spans };
      store.setState({ status, spansPerSecond: rate, error: null });
    } catch (error) {
      last = null;
      store.setState({ error: error instanceof Error ? error.message : String(error), spansPerSecond: 0 });
    }
  };

  return Object.assign(store, {
    start() {
      void poll();
      const timer = setInterval(() => void poll(), STATUS_INTERVAL_MS);
      return () => clearInterval(timer);
    },
    setConnection(connection: ConnectionState) {
      store.setState({ connection });
    },
  });
}

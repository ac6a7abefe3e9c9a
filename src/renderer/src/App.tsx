// A first status page: where to send traces and how many arrived. Issue 4 replaces it with the
// live trace list.
import { useEffect, useState } from 'react';
import type { ServerStatus } from '../../shared/api';

export function App() {
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/status')
      .then((r) => (r.ok ? (r.json() as Promise<ServerStatus>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(setStatus, (e: Error) => setError(e.message));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Tracedeck</h1>
      {error && <p role="alert">Cannot reach the Tracedeck server: {error}</p>}
      {status && (
        <>
          <ul>
            {status.receivers.map((r) => (
              <li key={r.protocol}>
                OTLP/{r.protocol === 'grpc' ? 'gRPC' : 'HTTP'}: {r.address ?? `not listening (${r.error})`}
              </li>
            ))}
          </ul>
          <p>
            {status.store.spansReceived} spans received, {status.store.traceCount} traces stored.
          </p>
        </>
      )}
    </main>
  );
}

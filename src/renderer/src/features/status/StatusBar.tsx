import { formatBytes, formatCount } from '../../format';
import { useStatus } from '../../stores';

export function StatusBar() {
  const status = useStatus((s) => s.status);
  const rate = useStatus((s) => s.spansPerSecond);
  const connection = useStatus((s) => s.connection);
  const error = useStatus((s) => s.error);
  return (
    <footer className="status-bar" aria-label="Status">
      {status?.receivers.map((r) => (
        <span key={r.protocol} className={r.address ? 'receiver' : 'receiver down'} title={r.error ?? undefined}>
          OTLP/{r.protocol === 'grpc' ? 'gRPC' : 'HTTP'} {r.address ?? 'not listening'}
        </span>
      ))}
      {status && (
        <>
          <span data-testid="spans-received">{formatCount(status.store.spansReceived)} spans received</span>
          <span data-testid="spans-per-second">{formatCount(rate)} spans/s</span>
          <span>{formatCount(status.store.traceCount)} traces</span>
          <span title={status.store.databasePath}>DB {status.store.databasePath === ':memory:' ? 'in memory' : formatBytes(status.store.databaseBytes)}</span>
        </>
      )}
      <span className={`connection ${error ? 'lost' : connection}`}>{error ? 'server unreachable' : connection === 'lost' ? 'reconnecting…' : connection === 'connected' ? 'live' : 'connecting…'}</span>
    </footer>
  );
}

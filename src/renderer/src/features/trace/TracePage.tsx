// One trace, reached from the list (Enter, double-click) or by its route `#/traces/{traceId}`.
// The header and a flat span table sorted by start; the waterfall and flamegraph replace the
// table in the trace view (issue 5).
import { useEffect, useMemo, useState } from 'react';
import type { OtlpJsonTraces } from '../../../../shared/otlp/json-encode';
import { client } from '../../api/client';
import { ServiceName } from '../../components/ServiceName';
import { formatDuration, formatStartTime } from '../../format';
import { backToList } from '../../routing/route';

interface SpanRow {
  spanId: string;
  service: string;
  name: string;
  startNs: bigint;
  durationNs: number;
  error: boolean;
}

function spanRows(trace: OtlpJsonTraces): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const rs of trace.resourceSpans) {
    const serviceAttr = rs.resource.attributes.find((a) => a.key === 'service.name')?.value;
    const service = serviceAttr && 'stringValue' in serviceAttr ? serviceAttr.stringValue : 'unknown_service';
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const start = BigInt(span.startTimeUnixNano);
        rows.push({ spanId: span.spanId, service, name: span.name, startNs: start, durationNs: Number(BigInt(span.endTimeUnixNano) - start), error: span.status.code === 2 });
      }
    }
  }
  return rows.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

export function TracePage({ traceId }: { traceId: string }) {
  const [state, setState] = useState<{ trace: OtlpJsonTraces | null; error: string | null; loading: boolean }>({ trace: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState({ trace: null, error: null, loading: true });
    client.getTrace(traceId).then(
      (trace) => live && setState({ trace, error: null, loading: false }),
      (error: unknown) => live && setState({ trace: null, error: error instanceof Error ? error.message : String(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [traceId]);
  const rows = useMemo(() => (state.trace ? spanRows(state.trace) : []), [state.trace]);
  const start = rows[0]?.startNs ?? 0n;
  const end = rows.reduce((max, r) => (r.startNs + BigInt(Math.max(0, r.durationNs)) > max ? r.startNs + BigInt(Math.max(0, r.durationNs)) : max), start);
  const services = [...new Set(rows.map((r) => r.service))];

  return (
    <section className="trace-page" aria-label={`Trace ${traceId}`}>
      <header className="trace-header">
        <button type="button" onClick={backToList} title="Back to the list (Esc)">
          ← Traces
        </button>
        <h2>
          Trace <code>{traceId}</code>
        </h2>
        <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(traceId)}>
          Copy id
        </button>
      </header>
      {state.loading && <p className="list-message">Loading…</p>}
      {state.error && (
        <p className="list-message" role="alert">
          Could not load the trace: {state.error}
        </p>
      )}
      {!state.loading && !state.error && state.trace === null && <p className="list-message">No span of trace {traceId} is stored.</p>}
      {rows.length > 0 && (
        <>
          <p className="trace-facts">
            {formatStartTime(start.toString())} · {formatDuration(Number(end - start))} · {rows.length} spans · {rows.filter((r) => r.error).length} errors ·{' '}
            {services.length} services
          </p>
          <table className="span-table">
            <thead>
              <tr>
                <th>Offset</th>
                <th>Service</th>
                <th>Span</th>
                <th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 2000).map((r) => (
                <tr key={r.spanId} className={r.error ? 'error' : undefined}>
                  <td>{formatDuration(Number(r.startNs - start))}</td>
                  <td>
                    <ServiceName name={r.service} />
                  </td>
                  <td>{r.name}</td>
                  <td>{formatDuration(r.durationNs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > 2000 && <p className="hint">First 2,000 of {rows.length} spans shown.</p>}
        </>
      )}
    </section>
  );
}

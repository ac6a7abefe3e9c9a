// What a new user sees before the first trace: exactly where to send traces, with the addresses
// this instance really listens on.
import type { ReceiverStatus } from '../../../../shared/api';
import { IMPORT_INPUT_ID } from '../files/FileActions';

function endpoint(receivers: readonly ReceiverStatus[], protocol: 'grpc' | 'http', fallback: string): string {
  const receiver = receivers.find((r) => r.protocol === protocol);
  return `http://${(receiver?.address ?? fallback).replace(/^127\.0\.0\.1:/, 'localhost:')}`;
}

function isDown(receivers: readonly ReceiverStatus[], protocol: 'grpc' | 'http'): boolean {
  return receivers.some((r) => r.protocol === protocol && r.error !== null);
}

export function EmptyState({ receivers }: { receivers: readonly ReceiverStatus[] }) {
  const grpc = endpoint(receivers, 'grpc', 'localhost:4317');
  const http = endpoint(receivers, 'http', 'localhost:4318');
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">Waiting for traces</h2>
      <p>Point any OpenTelemetry SDK or Collector at Tracedeck; traces show up here as they arrive.</p>
      <table>
        <tbody>
          <tr>
            <th>OTLP/gRPC</th>
            <td>
              <code>{grpc}</code>
              {isDown(receivers, 'grpc') && <span className="inline-error"> not listening (see above)</span>}
            </td>
          </tr>
          <tr>
            <th>OTLP/HTTP</th>
            <td>
              <code>{http}</code> (protobuf or JSON, <code>/v1/traces</code>)
              {isDown(receivers, 'http') && <span className="inline-error"> not listening (see above)</span>}
            </td>
          </tr>
        </tbody>
      </table>
      <p>Set these in the environment of your app:</p>
      <pre>
        <code>{`OTEL_EXPORTER_OTLP_ENDPOINT=${http}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nOTEL_SERVICE_NAME=my-service`}</code>
      </pre>
      <p>For example, a Node app with the SDK's auto-instrumentation:</p>
      <pre>
        <code>{`OTEL_SERVICE_NAME=checkout OTEL_EXPORTER_OTLP_ENDPOINT=${http} \\\n  node --require @opentelemetry/auto-instrumentations-node/register app.js`}</code>
      </pre>
      <p className="hint">
        gRPC exporters use <code>{grpc}</code> (<code>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</code>); a Collector sends with an <code>otlp</code> exporter,{' '}
        <code>endpoint: {grpc.replace('http://', '')}</code>, <code>tls.insecure: true</code>.
      </p>
      <p className="hint">
        Have a trace file (a Jaeger download, a Collector file export, a Zipkin dump)? Drop it on this window, or use{' '}
        <button type="button" className="link" onClick={() => document.getElementById(IMPORT_INPUT_ID)?.click()}>
          Import…
        </button>
      </p>
    </section>
  );
}

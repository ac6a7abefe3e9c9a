// OTLP/gRPC: opentelemetry.proto.collector.trace.v1.TraceService/Export over @grpc/grpc-js.
// The service is registered with pass-through (de)serializers so the request bytes reach the
// project's one-pass decoder untouched; grpc-js itself handles HTTP/2, gzip request
// compression and the message size limit (checked after decompression).
import * as grpc from '@grpc/grpc-js';
import { decodeExportTraceRequest } from '../../shared/otlp/protobuf-decode';
import { encodeExportResponse } from '../../shared/otlp/responses';
import { OverloadedError, type IngestQueue } from '../ingest/ingest-queue';
import { acceptSpans, type IngestCounters } from './accept-spans';
import { ListenError, formatAddress } from './listen-error';

export const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface GrpcReceiverOptions {
  host: string;
  port: number;
  /** Largest accepted request after decompression. */
  maxMessageBytes: number;
}

const passThrough = (bytes: Buffer): Buffer => bytes;

// grpc-js logs a failed bind itself ("No address added out of total 1 resolved") before the
// bind callback reports it; ListenError already says it in one line, so that log is dropped.
grpc.setLogger({
  ...console,
  error: (...args: unknown[]) => {
    if (!/No address added out of total/.test(args.map(String).join(' '))) console.error(...args);
  },
});

/** TraceService with pass-through (de)serializers: Export receives the request's bytes. */
export const traceServiceDefinition: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  },
};

export class GrpcReceiver {
  private server: grpc.Server | null = null;
  port = 0;

  constructor(
    private readonly queue: IngestQueue,
    private readonly counters: IngestCounters,
    private readonly options: GrpcReceiverOptions,
  ) {}

  get address(): string {
    return formatAddress(this.options.host, this.port);
  }

  async start(): Promise<void> {
    const server = new grpc.Server({
      'grpc.max_receive_message_length': this.options.maxMessageBytes,
      'grpc.max_send_message_length': 4 * 1024 * 1024,
    });
    server.addService(traceServiceDefinition, { Export: this.handleExport });
    this.port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(formatAddress(this.options.host, this.options.port), grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(new ListenError('the OTLP/gRPC receiver', formatAddress(this.options.host, this.options.port), '--grpc-port', error)) : resolve(port),
      );
    });
    this.server = server;
  }

  private readonly handleExport = (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void => {
    let decoded;
    try {
      decoded = decodeExportTraceRequest(call.request);
    } catch (error) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: `undecodable ExportTraceServiceRequest: ${(error as Error).message}` });
      return;
    }
    acceptSpans(this.queue, decoded, this.counters).then(
      (partial) => callback(null, Buffer.from(encodeExportResponse(partial))),
      (error: Error) => {
        // Both are retryable for OTLP exporters: the SDK backs off and sends the batch again.
        const details =
          error instanceof OverloadedError
            ? `${error.message} (retry after ${error.retryAfterSeconds}s)`
            : error.message;
        callback({ code: grpc.status.UNAVAILABLE, details });
      },
    );
  };

  /** Stops accepting calls and waits for those in flight (whose spans the queue then flushes). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => server.forceShutdown(), 5000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}

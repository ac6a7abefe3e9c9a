// A raw OTLP/gRPC client: sends exact bytes to TraceService/Export and returns the status.
import * as grpc from '@grpc/grpc-js';

const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface GrpcResult {
  code: grpc.status;
  details: string;
  response: Buffer | null;
}

export function grpcExport(address: string, body: Buffer, options: grpc.ClientOptions = {}): Promise<GrpcResult> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1, ...options });
  const pass = (b: Buffer) => b;
  return new Promise((resolve) => {
    client.makeUnaryRequest(EXPORT, pass, pass, body, (error, response) => {
      client.close();
      if (error) resolve({ code: error.code, details: error.details, response: null });
      else resolve({ code: grpc.status.OK, details: '', response: response ?? null });
    });
  });
}

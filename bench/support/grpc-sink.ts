// An OTLP/gRPC endpoint that stores nothing: grpc-js with the receiver's service definition,
// answering every Export at once with an empty response. bench/steady-floor.ts
// measures its CPU under the steady load to know what the transport alone costs.
// Prints {"port":N} once it listens; exits on SIGTERM.
import * as grpc from '@grpc/grpc-js';
import { traceServiceDefinition } from '../../src/main/receivers/grpc-receiver';

const EMPTY = Buffer.alloc(0);
const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
server.addService(traceServiceDefinition, {
  Export: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, EMPTY),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  console.log(JSON.stringify({ port }));
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));

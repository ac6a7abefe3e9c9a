// A port that cannot be bound is a configuration problem the user fixes with a flag, so it is
// reported as one line naming the port and the flag, never as a stack trace.

export class ListenError extends Error {
  constructor(
    readonly what: string,
    readonly address: string,
    readonly flag: string,
    cause: unknown,
  ) {
    super(describe(what, address, flag, cause));
    this.name = 'ListenError';
  }
}

function describe(what: string, address: string, flag: string, cause: unknown): string {
  const text = String((cause as Error | undefined)?.message ?? cause);
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(text)) {
    return `${what} cannot listen on ${address}: the port is already in use (another Tracedeck or an OpenTelemetry Collector?); choose another with ${flag} N`;
  }
  if (code === 'EACCES' || /EACCES|permission denied/i.test(text)) {
    return `${what} cannot listen on ${address}: permission denied; choose a port above 1023 with ${flag} N`;
  }
  if (code === 'EADDRNOTAVAIL' || /EADDRNOTAVAIL|address not available/i.test(text)) {
    return `${what} cannot listen on ${address}: no such local address; check --host`;
  }
  return `${what} cannot listen on ${address}: ${text.split('\n')[0]}`;
}

/** "127.0.0.1:4317", "[::1]:4317". */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

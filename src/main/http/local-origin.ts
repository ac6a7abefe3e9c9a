// What counts as "this machine" for Host and Origin headers. A web page on another origin must
// not read the query API (DNS rebinding) nor write to the receivers; localhost pages may.

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Host header ("127.0.0.1:4320", "localhost", "[::1]:4320", "app.localhost"): local or not. */
export function isLocalHost(host: string | undefined): boolean {
  if (!host) return false;
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return isLocalHostname(hostname.toLowerCase());
}

/** Origin header ("http://localhost:5173"): local or not. A missing Origin is not a browser page. */
export function isLocalOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLocalHostname(url.hostname.toLowerCase());
}

function isLocalHostname(hostname: string): boolean {
  return LOCAL_HOSTNAMES.has(hostname) || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname);
}

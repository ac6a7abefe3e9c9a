// Work that can wait for the page's next idle moment, at most `timeoutMs` later. Safari has no
// requestIdleCallback: a short timeout stands in for it there.
export function whenIdle(run: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(run, Math.min(timeoutMs, 200));
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(run, { timeout: timeoutMs });
  return () => cancelIdleCallback(idle);
}

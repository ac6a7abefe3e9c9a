// Opening a trace by its route starts fetching the trace before the app's code has loaded: the
// entry (src/renderer/src/main.ts) is a few KB that asks for the skeleton, then loads React and
// the app, so the server reads the trace while the browser parses ~300 KB of JavaScript (the
// skeleton request used to start ~500 ms after navigation, measured in headless Chromium).
import type { TraceSkeleton } from '../../../../shared/api';
import { client } from '../../api/client';

let prefetched: { traceId: string; skeleton: Promise<TraceSkeleton | null> } | null = null;

export function prefetchSkeleton(traceId: string): void {
  const skeleton = client.getTraceSkeleton(traceId);
  skeleton.catch(() => {}); // reported by whoever takes it
  prefetched = { traceId, skeleton };
}

/** The skeleton fetched for this trace at start-up, once; later loads fetch afresh. */
export function takePrefetchedSkeleton(traceId: string): Promise<TraceSkeleton | null> | null {
  const taken = prefetched?.traceId === traceId ? prefetched.skeleton : null;
  prefetched = null;
  return taken;
}

// Frame timing in the page, shared by the UI benchmarks: while a list scrolls by a fixed number of
// pixels per frame (or sits still), per frame the interval between animation frames and the main
// thread's work for that frame.
import type { Page } from 'playwright-core';
import { percentile } from './stats';

export interface FrameStats {
  frames: number;
  /** Main-thread work per frame (animation frame callback to rendering done), ms. */
  workP50: number;
  workP95: number;
  /** Intervals between frames, ms (16.7 at 60 Hz when none is dropped). */
  intervalP95: number;
  longest: number;
  /** Share of the time spent in frames longer than 50 ms. */
  longShare: number;
}

export type FrameSamples = { intervals: number[]; work: number[]; scrolled: number };

export function frameStats({ intervals, work }: FrameSamples): FrameStats {
  const sortedIntervals = [...intervals].sort((a, b) => a - b);
  const sortedWork = [...work].sort((a, b) => a - b);
  const total = intervals.reduce((sum, d) => sum + d, 0);
  const long = intervals.filter((d) => d > 50).reduce((sum, d) => sum + d, 0);
  return {
    frames: intervals.length,
    workP50: percentile(sortedWork, 50),
    workP95: percentile(sortedWork, 95),
    intervalP95: percentile(sortedIntervals, 95),
    longest: sortedIntervals.at(-1) ?? 0,
    longShare: total > 0 ? long / total : 0,
  };
}

const HARNESS = () => {
  // Per frame: the interval between animation frames (what the eye sees: 16.7 ms at 60 Hz when
  // no frame is dropped) and the main thread's work for the frame, from its animation frame
  // callback until its rendering is done (what must stay under 16.7 ms for no frame to drop).
  (window as unknown as Record<string, unknown>).__frames = (selector: string, ms: number, pixelsPerFrame: number) =>
    new Promise<{ intervals: number[]; work: number[]; scrolled: number }>((resolve) => {
      const scroller = document.querySelector(selector) as HTMLElement;
      const intervals: number[] = [];
      const work: number[] = [];
      const start = performance.now();
      const startTop = scroller.scrollTop;
      let last = start;
      const step = (now: number) => {
        intervals.push(now - last);
        last = now;
        const frameStart = performance.now();
        setTimeout(() => work.push(performance.now() - frameStart), 0);
        if (pixelsPerFrame) scroller.scrollTop += pixelsPerFrame;
        if (now - start < ms) requestAnimationFrame(step);
        else setTimeout(() => resolve({ intervals: intervals.slice(1), work: work.slice(1), scrolled: scroller.scrollTop - startTop }), 0);
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(step);
      });
    });
};

/** Scrolls `selector` by `pixelsPerFrame` each frame for `ms` (0 px: just watch the frames). */
export async function recordFrames(page: Page, selector: string, ms: number, pixelsPerFrame: number): Promise<FrameSamples> {
  const installed = await page.evaluate(() => '__frames' in window);
  if (!installed) await page.evaluate(HARNESS);
  return page.evaluate(
    ([s, m, p]) => (window as unknown as { __frames(selector: string, ms: number, px: number): Promise<FrameSamples> }).__frames(s as string, m as number, p as number),
    [selector, ms, pixelsPerFrame] as const,
  );
}

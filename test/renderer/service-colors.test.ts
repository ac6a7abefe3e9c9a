import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_COLOR_COUNT, assignServiceColors, homeColorIndex, loadServiceColors, resetServiceColors, serviceColorIndex } from '../../src/renderer/src/theme/service-colors';

/** Names whose home colors are the same (found by search, so the test does not depend on luck). */
function collidingNames(count: number): string[] {
  const byHome = new Map<number, string[]>();
  for (let n = 0; ; n++) {
    const name = `service-${n}`;
    const names = byHome.get(homeColorIndex(name)) ?? [];
    names.push(name);
    byHome.set(homeColorIndex(name), names);
    if (names.length === count) return names;
  }
}

describe('service colors', () => {
  afterEach(resetServiceColors);

  it('gives two services of one store different colors even when their names hash alike', () => {
    expect(homeColorIndex('gateway')).toBe(homeColorIndex('pricing'));
    assignServiceColors([
      { name: 'pricing', arrival: 3 },
      { name: 'gateway', arrival: 1 },
      { name: 'items', arrival: 2 },
    ]);
    // The first to arrive keeps its home color; the later one takes the next free one.
    expect(serviceColorIndex('gateway')).toBe(homeColorIndex('gateway'));
    expect(serviceColorIndex('pricing')).toBe((homeColorIndex('gateway') + 1) % SERVICE_COLOR_COUNT);
    expect(new Set(['gateway', 'items', 'pricing'].map(serviceColorIndex)).size).toBe(3);
  });

  it('keeps a color once given, and gives a service seen later a free one', () => {
    const [first, second] = collidingNames(2);
    const shown = serviceColorIndex(first!);
    assignServiceColors([{ name: second!, arrival: 1 }, { name: first!, arrival: 2 }]);
    expect(serviceColorIndex(first!)).toBe(shown);
    expect(serviceColorIndex(second!)).not.toBe(shown);
  });

  it('the same store gives the same colors in every session', () => {
    const services = collidingNames(3).map((name, i) => ({ name, arrival: i + 1 }));
    assignServiceColors(services);
    const before = services.map((s) => serviceColorIndex(s.name));
    resetServiceColors();
    assignServiceColors([...services].reverse());
    expect(services.map((s) => serviceColorIndex(s.name))).toEqual(before);
  });

  it('lets services share colors by name only once every color is taken', () => {
    const names = Array.from({ length: SERVICE_COLOR_COUNT + 1 }, (_, i) => `s${i}`);
    assignServiceColors(names.map((name, i) => ({ name, arrival: i })));
    expect(new Set(names.slice(0, SERVICE_COLOR_COUNT).map(serviceColorIndex)).size).toBe(SERVICE_COLOR_COUNT);
    expect(serviceColorIndex(names.at(-1)!)).toBe(homeColorIndex(names.at(-1)!));
  });
});

describe('loadServiceColors', () => {
  afterEach(resetServiceColors);

  it('does not wait past its limit for a server that does not answer, and colors the late answer', async () => {
    let answer: (services: { name: string; spanCount: number; lastSeenUnixNano: string; arrival: number }[]) => void = () => {};
    const pending = new Promise<Parameters<typeof answer>[0]>((resolve) => (answer = resolve));
    await loadServiceColors(() => pending, 10);
    const [first, second] = ['gateway', 'pricing'];
    const shown = serviceColorIndex(second!);
    answer([
      { name: first!, spanCount: 1, lastSeenUnixNano: '1', arrival: 1 },
      { name: second!, spanCount: 1, lastSeenUnixNano: '1', arrival: 2 },
    ]);
    await pending;
    await Promise.resolve();
    expect(serviceColorIndex(second!)).toBe(shown);
    expect(serviceColorIndex(first!)).not.toBe(shown);
  });

  it('leaves the home colors when the services cannot be loaded', async () => {
    await loadServiceColors(() => Promise.reject(new Error('offline')));
    expect(serviceColorIndex('gateway')).toBe(homeColorIndex('gateway'));
  });
});

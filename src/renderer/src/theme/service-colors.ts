// A service keeps its color in every view and every session. Its home color is a function of
// the name (FNV-1a into the palette), but two services of one store never share a color while
// the palette has a free one: services take their colors in the order the store first received
// them (ServiceInfo.arrival, loaded before the first render by loadServiceColors), each its home
// color or, when an earlier service holds that, the next free one. A service that arrives later
// takes a free color when it is first shown, so no color ever changes under the user's eyes.
// With the names hashed alone, "gateway" and "pricing" of a three-service demo were both purple.
// The palette is 12 hues that stay distinct from each other and readable on light and dark
// backgrounds; CSS picks the light or dark variant (styles.css, --service-N).
import type { ServiceInfo } from '../../../shared/api';

export const SERVICE_COLOR_COUNT = 12;

const assigned = new Map<string, number>();
const taken = new Set<number>();

/** Gives the store's services their colors, in the order the store first received them. */
export function assignServiceColors(services: readonly Pick<ServiceInfo, 'name' | 'arrival'>[]): void {
  for (const service of [...services].sort((a, b) => a.arrival - b.arrival)) serviceColorIndex(service.name);
}

/**
 * Loads the store's services and gives them their colors; resolves after at most `waitMs` so
 * that a slow or lost server never holds the first render up (services shown by then keep the
 * colors they got, and the late answer colors the rest). A failure leaves the home colors.
 */
export function loadServiceColors(listServices: () => Promise<readonly ServiceInfo[]>, waitMs = 1_000): Promise<void> {
  const loaded = listServices().then(assignServiceColors, () => {
    // The app shows the connection problem itself; services are then colored as they are shown.
  });
  return Promise.race([loaded, new Promise<void>((resolve) => setTimeout(resolve, waitMs))]);
}

export function serviceColorIndex(service: string): number {
  let index = assigned.get(service);
  if (index === undefined) {
    index = freeColorFrom(homeColorIndex(service));
    assigned.set(service, index);
    taken.add(index);
  }
  return index;
}

/** The color a name hashes to. */
export function homeColorIndex(service: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) {
    hash ^= service.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SERVICE_COLOR_COUNT;
}

function freeColorFrom(home: number): number {
  for (let step = 0; step < SERVICE_COLOR_COUNT; step++) {
    const index = (home + step) % SERVICE_COLOR_COUNT;
    if (!taken.has(index)) return index;
  }
  return home; // more services than colors: they share by name
}

/** Forgets every assignment (tests). */
export function resetServiceColors(): void {
  assigned.clear();
  taken.clear();
}

/** A CSS color for the service (a custom property defined per theme). */
export function serviceColor(service: string): string {
  return `var(--service-${serviceColorIndex(service)})`;
}

/**
 * The palette as the current theme resolves it, for canvas and SVG attributes, which cannot use
 * CSS variables. Read it again when the theme may have changed (it is cheap: 12 properties).
 */
export function resolvedServicePalette(): string[] {
  const styles = getComputedStyle(document.documentElement);
  return Array.from({ length: SERVICE_COLOR_COUNT }, (_, i) => styles.getPropertyValue(`--service-${i}`).trim());
}

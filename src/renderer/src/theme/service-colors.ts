// A service keeps its color in every view and every session: the color is a function of the
// name alone (FNV-1a into a palette), not of the order services were seen in.
// The palette is 12 hues that stay distinct from each other and readable on light and dark
// backgrounds; CSS picks the light or dark variant (styles.css, --service-N).
export const SERVICE_COLOR_COUNT = 12;

export function serviceColorIndex(service: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) {
    hash ^= service.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SERVICE_COLOR_COUNT;
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

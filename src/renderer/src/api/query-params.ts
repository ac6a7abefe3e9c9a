import type { ExportQueryInput, TraceQueryInput } from '../../../shared/api';

/** A search or an export as URL parameters: arrays repeat their key, undefined is left out. */
export function traceQueryParams(query: TraceQueryInput | ExportQueryInput): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  return params;
}

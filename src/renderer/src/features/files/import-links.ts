// Where an import's "show the imported traces" goes: the trace itself when there is one, else
// the list narrowed to the time the file covers (the list has no filter by import; a range
// from the file's earliest start to its latest end holds every imported trace).
import type { ImportSummary } from '../../../../shared/import/import-summary';
import { formatRoute, type Route } from '../../routing/route-format';
import { NO_FILTERS, filtersToParams } from '../trace-list/filters';

export function importedTracesRoute(summary: Pick<ImportSummary, 'traces' | 'traceIds' | 'startUnixNano' | 'endUnixNano'>): Route | null {
  if (summary.traces === 0) return null;
  if (summary.traces === 1 && summary.traceIds.length === 1) return { page: 'trace', traceId: summary.traceIds[0]!, params: new URLSearchParams() };
  if (summary.startUnixNano === null || summary.endUnixNano === null) return { page: 'traces', params: new URLSearchParams() };
  const start = Number(BigInt(summary.startUnixNano) / 1_000_000n);
  const end = Number((BigInt(summary.endUnixNano) + 999_999n) / 1_000_000n);
  return { page: 'traces', params: filtersToParams({ ...NO_FILTERS, range: 'custom', start, end }) };
}

export function importedTracesHref(summary: Parameters<typeof importedTracesRoute>[0]): string | null {
  const route = importedTracesRoute(summary);
  return route === null ? null : formatRoute(route);
}

// An import summary as lines of text, for the command line and the API's plain answer.
import type { ImportSummary } from './import-summary';

export type SummaryFields = Pick<ImportSummary, 'spans' | 'traces' | 'services' | 'startUnixNano' | 'endUnixNano' | 'report'>;

const MAX_DROPS_SHOWN = 20;

export function formatImportSummary(summary: SummaryFields): string[] {
  const lines = [`${summary.traces} traces, ${summary.spans} spans, ${summary.services.length} services (${summary.services.join(', ')})`];
  if (summary.startUnixNano !== null && summary.endUnixNano !== null) {
    lines.push(`from ${isoTime(summary.startUnixNano)} to ${isoTime(summary.endUnixNano)}`);
  }
  const { repairs, dropped, droppedCount, warnings } = summary.report;
  for (const r of repairs) lines.push(`repaired: ${r.kind} (${r.count}x, e.g. at ${r.examples.join('; ')})`);
  if (droppedCount > 0) {
    lines.push(`dropped ${droppedCount} span(s):`);
    for (const d of dropped.slice(0, MAX_DROPS_SHOWN)) lines.push(`  ${d.where}: ${d.reason}`);
    if (droppedCount > MAX_DROPS_SHOWN) lines.push(`  ... and ${droppedCount - MAX_DROPS_SHOWN} more`);
  }
  for (const w of warnings) lines.push(`warning: ${w}`);
  return lines;
}

function isoTime(unixNano: string): string {
  return new Date(Number(BigInt(unixNano) / 1_000_000n)).toISOString();
}

// OTLP/JSON out: one ExportTraceServiceRequest holding every exported trace, or NDJSON with one
// request per trace per line (the Collector's file exporter format, which `tracedeck import`
// and the Collector's otlpjsonfile receiver read). Lossless: ids, 64-bit values as decimal
// strings, every attribute type, flags, trace state, dropped counts and schema URLs.
import type { SpanGroup } from '../model';
import { groupsToOtlpJson } from '../otlp/json-encode';
import type { TraceTextWriter } from './trace-writer';

export class OtlpJsonWriter implements TraceTextWriter {
  private written = 0;

  start(): string {
    return '{"resourceSpans":[';
  }

  trace(groups: readonly SpanGroup[]): string {
    const { resourceSpans } = groupsToOtlpJson(groups);
    if (resourceSpans.length === 0) return '';
    // One resourceSpans entry per line keeps a big file readable and diffable.
    const text = resourceSpans.map((entry) => JSON.stringify(entry)).join(',\n');
    return (this.written++ === 0 ? '\n' : ',\n') + text;
  }

  end(): string {
    return this.written === 0 ? ']}\n' : '\n]}\n';
  }
}

export class OtlpNdjsonWriter implements TraceTextWriter {
  start(): string {
    return '';
  }

  trace(groups: readonly SpanGroup[]): string {
    const request = groupsToOtlpJson(groups);
    return request.resourceSpans.length === 0 ? '' : `${JSON.stringify(request)}\n`;
  }

  end(): string {
    return '';
  }
}

// Everything a span carries, readable: identity, timing, status, attributes of the span, its
// resource and its scope (typed values; long ones folded; copyable), events (exception stack
// traces as text) and links (to the linked trace).
import { useEffect, useState } from 'react';
import type { AnyValue, KeyValue } from '../../../../shared/model';
import type { OtlpJsonResourceSpans, OtlpJsonScopeSpans, OtlpJsonSpan, OtlpJsonTraces } from '../../../../shared/otlp/json-encode';
import { client } from '../../api/client';
import type { TreeRow } from '../../../../shared/trace/span-tree';
import { ServiceName } from '../../components/ServiceName';
import { formatDuration } from '../../format';
import { attribute, stringValue, type TraceModel, type TraceSpan } from './trace-model';

interface FullSpan {
  json: OtlpJsonSpan;
  resource: OtlpJsonResourceSpans['resource'] & { schemaUrl: string };
  scope: OtlpJsonScopeSpans['scope'] & { schemaUrl: string };
}

// Details of the spans looked at recently, so that stepping back and forth does not refetch.
const detailCache = new Map<string, Promise<OtlpJsonTraces>>();
const DETAIL_CACHE_SIZE = 200;

function fetchSpan(traceId: string, spanId: string): Promise<OtlpJsonTraces> {
  const key = `${traceId}/${spanId}`;
  let entry = detailCache.get(key);
  if (!entry) {
    entry = client.getSpans(traceId, [spanId]);
    entry.catch(() => detailCache.delete(key));
    detailCache.set(key, entry);
    if (detailCache.size > DETAIL_CACHE_SIZE) detailCache.delete(detailCache.keys().next().value!);
  }
  return entry;
}

/** The span in full (the one with this id and start, when an id is shared). */
function pick(trace: OtlpJsonTraces, span: TraceSpan, startUnixNano: bigint | null): FullSpan | null {
  let first: FullSpan | null = null;
  for (const rs of trace.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const json of ss.spans) {
        if (json.spanId !== span.spanId) continue;
        const full = { json, resource: { ...rs.resource, schemaUrl: rs.schemaUrl }, scope: { ...ss.scope, schemaUrl: ss.schemaUrl } };
        if (startUnixNano !== null && BigInt(json.startTimeUnixNano) === startUnixNano) return full;
        first ??= full;
      }
  return first;
}

function useFullSpan(model: TraceModel, index: number): { full: FullSpan | null; error: string | null } {
  const traceId = model.traceId;
  const span = index >= 0 ? model.spans[index]! : null;
  const startNs = index >= 0 ? model.skeleton.startOffsets[index]! : Number.NaN;
  const [state, setState] = useState<{ key: string; full: FullSpan | null; error: string | null }>({ key: '', full: null, error: null });
  const key = span ? `${traceId}/${span.spanId}/${startNs}` : '';
  useEffect(() => {
    if (!span) return;
    let live = true;
    const start = Number.isNaN(startNs) ? null : model.baseUnixNano + BigInt(startNs);
    fetchSpan(traceId, span.spanId).then(
      (trace) => live && setState({ key, full: pick(trace, span, start), error: null }),
      (error: unknown) => live && setState({ key, full: null, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return state.key === key ? state : { full: null, error: null };
}

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];
const FOLD_AT = 240;

export function formatValue(value: AnyValue): string {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return value.intValue;
  if ('doubleValue' in value) return String(value.doubleValue);
  if ('boolValue' in value) return String(value.boolValue);
  if ('bytesValue' in value) return `base64:${value.bytesValue}`;
  if ('arrayValue' in value) return `[${value.arrayValue.values.map((v) => ('stringValue' in v ? JSON.stringify(v.stringValue) : formatValue(v))).join(', ')}]`;
  if ('kvlistValue' in value) return `{${value.kvlistValue.values.map((kv) => `${kv.key}: ${formatValue(kv.value)}`).join(', ')}}`;
  return '(empty)';
}

function valueType(value: AnyValue): string {
  const key = Object.keys(value)[0];
  return key ? key.replace('Value', '') : 'empty';
}

function Value({ value }: { value: AnyValue }) {
  const text = formatValue(value);
  const [open, setOpen] = useState(false);
  const long = text.length > FOLD_AT || text.includes('\n');
  return (
    <span className={`value ${valueType(value)}`}>
      <span className={long && !open ? 'folded' : 'unfolded'}>{long && !open ? `${text.slice(0, FOLD_AT).split('\n')[0]}…` : text}</span>
      {long && (
        <button type="button" className="link" onClick={() => setOpen(!open)}>
          {open ? 'less' : 'more'}
        </button>
      )}
      <button type="button" className="link copy" title="Copy the value" onClick={() => void navigator.clipboard?.writeText(text)}>
        copy
      </button>
    </span>
  );
}

function Attributes({ title, attributes, dropped }: { title: string; attributes: readonly KeyValue[]; dropped?: number }) {
  if (attributes.length === 0 && !dropped) return null;
  return (
    <section className="detail-section">
      <h4>
        {title} <span className="count">{attributes.length}</span>
        {dropped ? <span className="dropped"> · {dropped} dropped</span> : null}
      </h4>
      <AttributeList attributes={attributes} />
    </section>
  );
}

function AttributeList({ attributes }: { attributes: readonly KeyValue[] }) {
  return (
    <dl className="attributes">
      {attributes.map((kv, i) => (
        <div key={`${kv.key}#${i}`}>
          <dt>{kv.key}</dt>
          <dd>
            <Value value={kv.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function SpanDetail({ model, row, onClose }: { model: TraceModel; row: TreeRow; onClose(): void }) {
  const span = row.span >= 0 ? model.spans[row.span]! : null;
  const { full, error } = useFullSpan(model, row.span);
  if (!span) {
    return (
      <aside className="span-detail" aria-label="Span detail">
        <header>
          <h3>Missing span {row.missingParentId}</h3>
          <button type="button" className="link" onClick={onClose} aria-label="Close the span detail">
            ×
          </button>
        </header>
        <p>Spans below name this span as their parent, but it is not in the trace: its service may not be instrumented, or its export was lost.</p>
      </aside>
    );
  }
  const json = full?.json;
  return (
    <aside className="span-detail" aria-label="Span detail" aria-busy={!full && !error}>
      <header>
        <h3>{span.name}</h3>
        <button type="button" className="link" onClick={onClose} aria-label="Close the span detail">
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>Service</dt>
        <dd>
          <ServiceName name={span.service} />
        </dd>
        <dt>Kind</dt>
        <dd>{KIND[span.kind] ?? span.kind}</dd>
        <dt>Start</dt>
        <dd>+{formatDuration(row.startNs)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(row.durationNs)}</dd>
        <dt>Status</dt>
        <dd className={span.statusCode === 2 ? 'error' : undefined}>
          {STATUS[span.statusCode] ?? span.statusCode}
          {json?.status.message ? `: ${json.status.message}` : ''}
        </dd>
        <dt>Span id</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        <dt>Parent</dt>
        <dd>{span.parentSpanId ? <code>{span.parentSpanId}</code> : 'none (root)'}</dd>
        {json?.traceState && (
          <>
            <dt>Trace state</dt>
            <dd>
              <code>{json.traceState}</code>
            </dd>
          </>
        )}
      </dl>
      {error && (
        <p className="inline-error" role="alert">
          Could not load the span&apos;s attributes: {error}
        </p>
      )}
      {!full && !error && <p className="hint">Loading attributes…</p>}
      {full && <FullDetail model={model} full={full} />}
    </aside>
  );
}

function FullDetail({ model, full }: { model: TraceModel; full: FullSpan }) {
  const { json, resource, scope } = full;
  return (
    <>
      <Attributes title="Attributes" attributes={json.attributes} dropped={json.droppedAttributesCount} />
      {(json.events.length > 0 || json.droppedEventsCount > 0) && (
        <section className="detail-section">
          <h4>
            Events <span className="count">{json.events.length}</span>
            {json.droppedEventsCount ? <span className="dropped"> · {json.droppedEventsCount} dropped</span> : null}
          </h4>
          <ol className="events">
            {json.events.map((event, i) => {
              const offset = Number(BigInt(event.timeUnixNano) - model.traceStartUnixNano);
              const stack = stringValue(attribute(event.attributes, 'exception.stacktrace'));
              return (
                <li key={i} className={event.name === 'exception' ? 'exception' : undefined}>
                  <div className="event-head">
                    <span className="event-time">+{formatDuration(offset)}</span> <strong>{event.name}</strong>
                  </div>
                  {stack && <pre className="stacktrace">{stack}</pre>}
                  <AttributeList attributes={event.attributes.filter((kv) => kv.key !== 'exception.stacktrace')} />
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {json.links.length > 0 && <Links links={json.links} />}
      <Attributes title="Resource" attributes={resource.attributes} dropped={resource.droppedAttributesCount} />
      <Attributes title={`Scope ${scope.name}${scope.version ? ` ${scope.version}` : ''}`} attributes={scope.attributes} dropped={scope.droppedAttributesCount} />
    </>
  );
}

type Link = OtlpJsonSpan['links'][number];

/** The span's links: to the linked trace when it is stored here, otherwise said so. */
function Links({ links }: { links: Link[] }) {
  const stored = useStoredTraces(links.map((l) => l.traceId));
  return (
    <section className="detail-section">
      <h4>
        Links <span className="count">{links.length}</span>
      </h4>
      <ul className="links">
        {links.map((link, i) => {
          const label = (
            <>
              trace <code>{link.traceId.slice(0, 12)}…</code> span <code>{link.spanId}</code>
            </>
          );
          return (
            <li key={i}>
              {stored?.has(link.traceId) === false ? (
                <span title="No span of this trace is stored here">
                  {label} <span className="muted">(not stored here)</span>
                </span>
              ) : (
                <a href={`#/traces/${link.traceId}?span=${link.spanId}`}>{label}</a>
              )}
              <Attributes title="Link attributes" attributes={link.attributes} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Which of these traces the store holds; null until it answers (links stay links meanwhile). */
function useStoredTraces(traceIds: string[]): ReadonlySet<string> | null {
  const key = [...new Set(traceIds)].sort().join(',');
  const [stored, setStored] = useState<{ key: string; ids: ReadonlySet<string> } | null>(null);
  useEffect(() => {
    let live = true;
    const ids = key.split(',').slice(0, 200);
    client.searchTraces({ traceId: ids, limit: ids.length }).then(
      (found) => live && setStored({ key, ids: new Set(found.map((t) => t.traceId)) }),
      () => {}, // unknown: the links stay links
    );
    return () => {
      live = false;
    };
  }, [key]);
  return stored?.key === key ? stored.ids : null;
}

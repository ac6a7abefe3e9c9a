import { serviceColor } from '../theme/service-colors';

/** A service name with its color swatch. */
export function ServiceName({ name }: { name: string }) {
  return (
    <span className="service-name">
      <span className="swatch" style={{ background: serviceColor(name) }} aria-hidden="true" />
      {name}
    </span>
  );
}

/** The services of a trace as colored chips; past `max`, a "+N" with the rest in its tooltip. */
export function ServiceChips({ services, max = 4 }: { services: string[]; max?: number }) {
  const shown = services.slice(0, max);
  const rest = services.slice(max);
  return (
    <span className="service-chips">
      {shown.map((s) => (
        <span key={s} className="chip" style={{ borderColor: serviceColor(s) }} title={s}>
          <span className="swatch" style={{ background: serviceColor(s) }} aria-hidden="true" />
          {s}
        </span>
      ))}
      {rest.length > 0 && (
        <span className="chip more" title={rest.join(', ')}>
          +{rest.length}
        </span>
      )}
    </span>
  );
}

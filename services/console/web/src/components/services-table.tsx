import type { ServiceHealth } from '../../../src/api/console-api.js';

const count = (value: number | null) => (value === null ? '—' : value.toLocaleString('en'));

function Backlog({ health }: { health: ServiceHealth }) {
  if (health.outboxBacklog === null) return <>—</>;
  const oldest = health.outboxOldestSeconds;
  return (
    <>
      <span className={health.outboxBacklog > 0 ? 'warn-text' : ''}>{count(health.outboxBacklog)}</span>
      {oldest !== null && oldest > 0 && <span className="muted small"> · oldest {oldest.toFixed(1)} s</span>}
    </>
  );
}

/** Per service, from its /metrics: is it up, and does anything pile up (outbox, lag, dead letters). */
export function ServicesTable({ services }: { services: ServiceHealth[] }) {
  return (
    <table className="table" data-testid="ops-services">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">State</th>
          <th scope="col" className="numeric">
            Outbox backlog
          </th>
          <th scope="col" className="numeric">
            Consumer lag
          </th>
          <th scope="col" className="numeric">
            Dead-lettered
          </th>
          <th scope="col" className="numeric">
            HTTP requests (5xx)
          </th>
        </tr>
      </thead>
      <tbody>
        {services.map((health) => (
          <tr key={health.service} data-testid={`service-row-${health.service}`}>
            <th scope="row">
              <span className={`service-dot service-${health.service}`} aria-hidden="true" /> {health.service}
            </th>
            <td>
              <span className={`badge ${health.up ? 'tone-success' : 'tone-danger'}`}>
                {health.up ? 'up' : 'down'}
              </span>
            </td>
            <td className="numeric">
              <Backlog health={health} />
            </td>
            <td className={`numeric ${(health.consumerLag ?? 0) > 0 ? 'warn-text' : ''}`}>
              {count(health.consumerLag)}
            </td>
            <td className={`numeric ${(health.deadLettered ?? 0) > 0 ? 'danger-text' : ''}`}>
              {count(health.deadLettered)}
            </td>
            <td className="numeric">
              {count(health.httpRequests)}
              <span className={`small ${(health.httpServerErrors ?? 0) > 0 ? 'danger-text' : 'muted'}`}>
                {' '}
                ({count(health.httpServerErrors)})
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

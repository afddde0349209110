import type { SagaSummary } from '../../../src/api/console-api.js';
import { api } from '../api/client.js';
import { SignInNotice } from '../components/sign-in-notice.js';
import { StatusBadge } from '../components/status-badge.js';
import { formatDateTime, formatDurationMs, shortId } from '../format.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session/session-context.js';
import { usePolling } from '../use-polling.js';

const refreshMs = 3_000;

function duration(saga: SagaSummary): string {
  if (!saga.finishedAt) return 'running';
  return formatDurationMs(Date.parse(saga.finishedAt) - Date.parse(saga.startedAt));
}

/** The caller's sagas (staff: everyone's), newest first, as the console's projection has them. */
export function OrdersPage() {
  const { session, token } = useSession();
  const sagas = usePolling<SagaSummary[]>(
    session ? (signal) => api.sagas(token, signal) : null,
    refreshMs,
    token ?? '',
  );
  if (!session) return <SignInNotice what="your orders" />;

  return (
    <section aria-labelledby="orders-title">
      <div className="section-heading">
        <div>
          <h1 id="orders-title">{session.staff ? 'All orders' : 'Your orders'}</h1>
          <p className="muted">Each order is a saga across order, inventory, payment and fulfilment.</p>
        </div>
      </div>
      {sagas.error && (
        <p className="notice notice-error" role="alert">
          {sagas.error.message}
        </p>
      )}
      <div className="panel panel-flush">
        <table className="table table-clickable">
          <thead>
            <tr>
              <th scope="col">Order</th>
              {session.staff && <th scope="col">Customer</th>}
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Started</th>
              <th scope="col" className="numeric">
                Took
              </th>
              <th scope="col" className="numeric">
                Events
              </th>
            </tr>
          </thead>
          <tbody>
            {sagas.data?.map((saga) => (
              <tr
                key={saga.orderId}
                data-testid="saga-row"
                data-order-id={saga.orderId}
                onClick={() => navigate(`/orders/${saga.orderId}`)}
              >
                <td>
                  <Link to={`/orders/${saga.orderId}`} className="mono" title={saga.orderId}>
                    {shortId(saga.orderId)}
                  </Link>
                </td>
                {session.staff && <td>{saga.customerId ?? '—'}</td>}
                <td>
                  <StatusBadge status={saga.status} />
                </td>
                <td className="muted">{saga.reason ?? ''}</td>
                <td>{formatDateTime(saga.startedAt)}</td>
                <td className="numeric">{duration(saga)}</td>
                <td className="numeric">{saga.events}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {sagas.data?.length === 0 && (
          <p className="empty-state muted">
            No orders yet. <Link to="/">Place one in the shop.</Link>
          </p>
        )}
        {!sagas.data && !sagas.error && <p className="empty-state muted">Loading…</p>}
      </div>
    </section>
  );
}

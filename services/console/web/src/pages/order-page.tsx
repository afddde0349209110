import type { SagaTimeline } from '../../../src/api/console-api.js';
import { useSagaTimeline } from '../api/use-saga-timeline.js';
import { CancelOrder } from '../components/cancel-order.js';
import { EventLog } from '../components/event-log.js';
import { SignInNotice } from '../components/sign-in-notice.js';
import { SwimlaneTimeline } from '../components/swimlane-timeline.js';
import { formatDateTime, formatDurationMs } from '../format.js';
import { Link } from '../router.js';
import { useSession } from '../session/session-context.js';

const statusTones: Record<string, string> = {
  COMPLETED: 'tone-success',
  CANCELLED: 'tone-danger',
  WAITING: 'tone-neutral',
  PENDING: 'tone-neutral',
};

function OrderFacts({ timeline }: { timeline: SagaTimeline }) {
  const { config } = useSession();
  const took = timeline.finishedAt ? Date.parse(timeline.finishedAt) - Date.parse(timeline.startedAt) : null;
  return (
    <dl className="facts">
      <div>
        <dt>Started</dt>
        <dd>{formatDateTime(timeline.startedAt)}</dd>
      </div>
      <div>
        <dt>Took</dt>
        <dd>{took === null ? 'running…' : formatDurationMs(took)}</dd>
      </div>
      <div>
        <dt>Customer</dt>
        <dd>{timeline.customerId ?? '—'}</dd>
      </div>
      <div>
        <dt>Trace</dt>
        <dd className="trace-links">
          {timeline.traceId ? (
            <>
              <Link to={`/traces/${timeline.traceId}`} data-testid="trace-link">
                Waterfall
              </Link>
              {config?.jaegerTraceUrl && (
                <a
                  href={config.jaegerTraceUrl.replace('{traceId}', timeline.traceId)}
                  target="_blank"
                  rel="noreferrer"
                  data-testid="jaeger-link"
                >
                  Jaeger ↗
                </a>
              )}
            </>
          ) : (
            '—'
          )}
        </dd>
      </div>
    </dl>
  );
}

/** One order's saga, live: its status, the four swimlanes, and the way to cancel it. */
export function OrderPage({ orderId }: { orderId: string }) {
  const { session, token } = useSession();
  const live = useSagaTimeline(orderId, token);
  if (!session) return <SignInNotice what="this order" />;

  const { timeline } = live;
  const status = timeline?.status ?? 'WAITING';
  return (
    <section aria-labelledby="order-title">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/orders">Orders</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{orderId}</span>
      </nav>
      <div className="panel order-summary">
        <div className="order-summary-head">
          <div>
            <h1 id="order-title">Order</h1>
            <p className="mono muted small">{orderId}</p>
          </div>
          <div className="order-status-block" aria-live="polite">
            <span
              className={`badge badge-large ${statusTones[status] ?? 'tone-info'}`}
              data-testid="order-status"
              data-status={status}
            >
              {status}
            </span>
            {timeline?.reason && (
              <span className="order-reason" data-testid="order-reason">
                {timeline.reason}
              </span>
            )}
          </div>
          <div className="order-actions">
            <span className={`live-indicator ${live.mode}`}>
              {live.mode === 'stream' ? 'Live' : 'Refreshing every 2 s'}
            </span>
            <CancelOrder orderId={orderId} />
          </div>
        </div>
        {timeline && <OrderFacts timeline={timeline} />}
      </div>
      {live.error && (
        <p className="notice notice-error" role="alert">
          {live.error}
        </p>
      )}
      {!timeline && (
        <div className="panel empty-state muted">
          {live.waiting ? 'Waiting for the first event of this order…' : 'Loading the timeline…'}
        </div>
      )}
      {timeline && (
        <>
          <div className="panel">
            <h2 className="panel-title">Timeline</h2>
            <SwimlaneTimeline timeline={timeline} />
          </div>
          <div className="panel panel-flush">
            <h2 className="panel-title panel-title-padded">Events</h2>
            <EventLog timeline={timeline} />
          </div>
        </>
      )}
    </section>
  );
}

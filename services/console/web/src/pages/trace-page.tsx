import type { TraceView } from '../../../src/api/console-api.js';
import { ApiError, api } from '../api/client.js';
import { SignInNotice } from '../components/sign-in-notice.js';
import { serviceClass } from '../components/service-colours.js';
import { TraceWaterfall } from '../components/trace-waterfall.js';
import { formatDurationUs } from '../format.js';
import { useSession } from '../session/session-context.js';
import { usePolling } from '../use-polling.js';

/** Spans reach Jaeger a moment after they end: the trace grows for a while, so ask again. */
const refreshMs = 3_000;

/** One order's trace, from Jaeger, as a waterfall of every service's spans. */
export function TracePage({ traceId }: { traceId: string }) {
  const { session, token, config } = useSession();
  const trace = usePolling<TraceView>(
    session ? (signal) => api.trace(token, traceId, signal) : null,
    refreshMs,
    `${traceId}:${token ?? ''}`,
  );
  if (!session) return <SignInNotice what="this trace" />;
  const view = trace.data;
  const notYet = trace.error instanceof ApiError && trace.error.status === 404;

  return (
    <section aria-labelledby="trace-title">
      <div className="section-heading">
        <div>
          <h1 id="trace-title">Trace</h1>
          <p className="mono muted small">{traceId}</p>
        </div>
        <div className="section-actions">
          {config?.jaegerTraceUrl && (
            <a href={config.jaegerTraceUrl.replace('{traceId}', traceId)} target="_blank" rel="noreferrer">
              Open in Jaeger ↗
            </a>
          )}
          <button type="button" className="button" onClick={trace.reload}>
            Refresh
          </button>
        </div>
      </div>
      {trace.error && !notYet && (
        <p className="notice notice-error" role="alert">
          {trace.error.message}
        </p>
      )}
      {!view && (!trace.error || notYet) && (
        <div className="panel empty-state muted" aria-live="polite">
          Waiting for the trace to reach Jaeger…
        </div>
      )}
      {view && (
        <div className="panel">
          <div className="trace-summary">
            <span>
              <strong>{view.spans.length}</strong> spans
            </span>
            <span>
              <strong>{formatDurationUs(view.durationUs)}</strong> end to end
            </span>
            <span className="trace-services">
              {view.services.map((service) => (
                <span key={service} className={`service-chip ${serviceClass(service)}`}>
                  {service}
                </span>
              ))}
            </span>
          </div>
          <TraceWaterfall trace={view} />
        </div>
      )}
    </section>
  );
}

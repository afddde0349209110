import { useState } from 'react';
import type { DeadLetterTopic, OutcomeMinute, Product, ServiceHealth } from '../../../src/api/console-api.js';
import { api } from '../api/client.js';
import { DeadLetterCard } from '../components/dead-letters.js';
import { OutcomesChart } from '../components/outcomes-chart.js';
import { ServicesTable } from '../components/services-table.js';
import { SignInNotice } from '../components/sign-in-notice.js';
import { StockTable } from '../components/stock-table.js';
import { formatTime } from '../format.js';
import { useSession } from '../session/session-context.js';
import { usePolling } from '../use-polling.js';

const outcomeMinutes = 30;

/** The operations page, for staff: service health, dead letters and their redrive, stock, outcomes. */
export function OpsPage() {
  const { session, token, config } = useSession();
  const staff = session?.staff === true;
  const refreshMs = config?.opsRefreshMs ?? 5_000;
  const key = token ?? '';
  const services = usePolling<ServiceHealth[]>(
    staff ? (signal) => api.services(token, signal) : null,
    refreshMs,
    key,
  );
  const deadLetters = usePolling<DeadLetterTopic[]>(
    staff ? (signal) => api.deadLetters(token, signal) : null,
    refreshMs,
    key,
  );
  const outcomes = usePolling<OutcomeMinute[]>(
    staff ? (signal) => api.outcomes(token, outcomeMinutes, signal) : null,
    refreshMs,
    key,
  );
  const products = usePolling<Product[]>(staff ? (signal) => api.products(signal) : null, refreshMs, key);
  const [redriving, setRedriving] = useState<string | null>(null);
  const [redriveResult, setRedriveResult] = useState<{ text: string; ok: boolean } | null>(null);

  if (!session) return <SignInNotice what="operations" />;
  if (!staff) {
    return (
      <section className="panel empty-state">
        <h1>Operations is for staff</h1>
        <p className="muted">Sign in as staff to see the services, dead letters and outcomes.</p>
      </section>
    );
  }

  const redrive = async (topic: string) => {
    setRedriving(topic);
    try {
      const result = await api.redrive(token, topic);
      const meanwhile = result.arrivedMeanwhile > 0 ? `, ${result.arrivedMeanwhile} arrived meanwhile` : '';
      setRedriveResult({ ok: true, text: `${result.topic}: ${result.redriven} redriven${meanwhile}` });
      deadLetters.reload();
    } catch (error) {
      setRedriveResult({ ok: false, text: `${topic}: redrive failed — ${(error as Error).message}` });
    } finally {
      setRedriving(null);
    }
  };
  const parked = deadLetters.data?.filter((topic) => topic.letters.length > 0) ?? [];
  const errors = [services, deadLetters, outcomes, products].flatMap((polled) =>
    polled.error ? [polled.error.message] : [],
  );

  return (
    <div className="ops">
      <div className="section-heading">
        <div>
          <h1>Operations</h1>
          <p className="muted">
            Refreshed every {(refreshMs / 1000).toFixed(refreshMs % 1000 ? 1 : 0)} s
            {services.loadedAt && <> · last at {formatTime(services.loadedAt.toISOString())}</>}
          </p>
        </div>
      </div>
      {errors.length > 0 && (
        <p className="notice notice-error" role="alert">
          {[...new Set(errors)].join(' · ')}
        </p>
      )}
      <section className="panel panel-flush" aria-labelledby="services-title">
        <h2 id="services-title" className="panel-title panel-title-padded">
          Services
        </h2>
        {services.data ? (
          <ServicesTable services={services.data} />
        ) : (
          <p className="empty-state muted">Loading…</p>
        )}
      </section>
      <div className="ops-grid">
        <section className="panel" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title" className="panel-title">
            Orders per minute by outcome
          </h2>
          <OutcomesChart data={outcomes.data ?? []} minutes={outcomeMinutes} />
        </section>
        <section className="panel panel-flush" aria-labelledby="stock-title">
          <h2 id="stock-title" className="panel-title panel-title-padded">
            Stock
          </h2>
          <div className="table-scroll">
            <StockTable products={products.data ?? []} />
          </div>
        </section>
      </div>
      <section className="panel" aria-labelledby="dlq-title">
        <h2 id="dlq-title" className="panel-title">
          Dead letters
        </h2>
        <div aria-live="polite">
          {redriveResult && (
            <p
              className={`notice ${redriveResult.ok ? 'notice-success' : 'notice-error'}`}
              data-testid="redrive-result"
            >
              {redriveResult.text}
            </p>
          )}
        </div>
        {deadLetters.data && parked.length === 0 && (
          <p className="muted">No message is parked: every consumer handled everything it was sent.</p>
        )}
        <div className="dlq-list">
          {parked.map((topic) => (
            <DeadLetterCard
              key={topic.topic}
              topic={topic}
              canRedrive={staff}
              redriving={redriving === topic.topic}
              onRedrive={(name) => void redrive(name)}
            />
          ))}
        </div>
      </section>
    </div>
  );
}

import { Counter, Histogram } from 'prom-client';

/** How orders end, how long they took from POST to a terminal state, and what the watchdog did. */
export const sagaMetrics = {
  outcomes: new Counter({
    name: 'saga_orders_terminal_total',
    help: 'Orders that reached a terminal state, by status and reason.',
    labelNames: ['status', 'reason'],
  }),
  timeToTerminal: new Histogram({
    name: 'saga_time_to_terminal_seconds',
    help: 'From order placement to its terminal state.',
    labelNames: ['status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120],
  }),
  cancellationsResent: new Counter({
    name: 'saga_cancellations_resent_total',
    help: 'Cancellations the watchdog announced again because the saga left them unanswered.',
  }),
};

import type { OrderView } from '@saga-shop/testing';

/** POST-to-terminal time of an order, from its own history timestamps (not polling resolution). */
export function timeToTerminalMs(order: OrderView): number {
  const first = order.history[0];
  const last = [...order.history].reverse().find((entry) => entry.detail?.['status'] === order.status);
  if (!first || !last) return Number.NaN;
  return Date.parse(last.at) - Date.parse(first.at);
}

const timings: { scenario: string; ms: number }[] = [];

export function recordTiming(scenario: string, order: OrderView): void {
  timings.push({ scenario, ms: timeToTerminalMs(order) });
}

/** Printed after a suite so the README and notes can quote where each scenario's time went. */
export function printTimings(suite: string): void {
  if (timings.length === 0) return;
  const lines = timings.map(({ scenario, ms }) => `  ${scenario}: ${ms} ms to terminal`);
  console.log(`${suite}\n${lines.join('\n')}`);
  timings.length = 0;
}

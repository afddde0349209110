import type { ServiceName } from '@saga-shop/testing';

/**
 * What fails, when, and for how long. `kill` is a SIGKILL (no shutdown hooks), then a restart;
 * `stop` stops a piece of infrastructure, then starts it; `freeze` stops a service's process with
 * SIGSTOP and resumes it with SIGCONT: to the broker (heartbeats stop, the group rebalances) and
 * the database it looks like a network partition, without the root-only network tricks a real one
 * would take here.
 */
export type Fault =
  | { kind: 'kill'; target: ServiceName; atSecond: number; downSeconds: number }
  | { kind: 'stop'; target: 'postgres' | 'kafka'; atSecond: number; downSeconds: number }
  | { kind: 'freeze'; target: ServiceName; atSecond: number; downSeconds: number };

/** The full plan over `seconds` of load; fault times scale with the run's length. */
export function faultPlan(seconds: number): Fault[] {
  const at = (fraction: number) => Math.round(seconds * fraction);
  const short = seconds < 60;
  return [
    { kind: 'kill', target: 'inventory', atSecond: at(0.08), downSeconds: 2 },
    { kind: 'kill', target: 'payment', atSecond: at(0.16), downSeconds: 2 },
    { kind: 'kill', target: 'fulfilment', atSecond: at(0.24), downSeconds: 2 },
    { kind: 'kill', target: 'order', atSecond: at(0.32), downSeconds: 2 },
    { kind: 'stop', target: 'postgres', atSecond: at(0.42), downSeconds: short ? 4 : 8 },
    { kind: 'stop', target: 'kafka', atSecond: at(0.58), downSeconds: short ? 5 : 15 },
    { kind: 'freeze', target: 'payment', atSecond: at(0.85), downSeconds: short ? 6 : 12 },
  ];
}

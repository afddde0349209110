import type { Fault } from './fault-plan.js';
import type { OrderKind } from './chaos-load.js';

export interface FaultRecord {
  fault: Fault;
  /** Seconds since the load started. */
  startedAt: number;
  endedAt: number;
  /** From the fault's end until every order placed before it was terminal. */
  drainSeconds: number | undefined;
}

export interface ChaosResult {
  date: string;
  seconds: number;
  ratePerSecond: number;
  accepted: number;
  refused: Record<string, number>;
  /** Kind of order → outcome (`COMPLETED`, `CANCELLED (TIMEOUT)`, `open`) → count. */
  outcomes: Record<OrderKind, Record<string, number>>;
  faults: FaultRecord[];
  /** From the end of the load until the last order was terminal. */
  drainAfterLoadSeconds: number | undefined;
  deadLetters: number;
  quarantined: number;
  violations: string[];
}

const seconds = (value: number | undefined) => (value === undefined ? 'never' : `${value.toFixed(1)} s`);

export function chaosReport(result: ChaosResult): string {
  const faultRows = result.faults.map(({ fault, startedAt, endedAt, drainSeconds }) => [
    `${fault.kind} ${fault.target}`,
    `${startedAt.toFixed(1)} s`,
    `${endedAt.toFixed(1)} s`,
    seconds(drainSeconds),
  ]);
  const outcomeRows = Object.entries(result.outcomes).map(([kind, outcomes]) => [
    kind,
    Object.entries(outcomes)
      .sort(([, a], [, b]) => b - a)
      .map(([outcome, count]) => `${count} ${outcome}`)
      .join(', '),
  ]);
  const refused = Object.entries(result.refused).map(([status, count]) => `${count} × ${status}`);
  return [
    `# saga-shop chaos run, ${result.date}`,
    '',
    `${result.seconds} s of orders at ${result.ratePerSecond}/s: ${result.accepted} accepted, refused: ${refused.join(', ') || 'none'}.`,
    `Drained ${seconds(result.drainAfterLoadSeconds)} after the load ended. Dead letters: ${result.deadLetters}. Quarantined outbox rows: ${result.quarantined}.`,
    `Invariant violations: ${result.violations.length}${
      result.violations.length
        ? '\n' +
          result.violations
            .slice(0, 30)
            .map((v) => `- ${v}`)
            .join('\n')
        : ''
    }`,
    '',
    '## Faults',
    '',
    table(['fault', 'from', 'until', 'drained after'], faultRows),
    '',
    '## What each order became',
    '',
    table(['kind', 'outcomes'], outcomeRows),
    '',
  ].join('\n');
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

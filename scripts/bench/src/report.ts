import type { StepResult } from './step-runner.js';
import type { DeliveryMode } from './bench-stack.js';

export interface ModeResult {
  mode: DeliveryMode;
  steps: StepResult[];
  sustainedPerSecond: number;
  halfRate?: StepResult;
  violations: string[];
}

export interface BenchResult {
  date: string;
  machine: string;
  settings: Record<string, unknown>;
  modes: ModeResult[];
}

/** The targets of the benchmark issue, for the report to set the measurements against. */
export const targets = {
  sustainedPerSecond: 400,
  halfRateP50Ms: 40,
  halfRateP99Ms: 200,
  outboxToDualWriteRatio: 0.8,
  relayLagP50Ms: 3,
};

const ms = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value)} ms`);
const ratio = (outbox: ModeResult | undefined, dualWrite: ModeResult | undefined) =>
  outbox && dualWrite && dualWrite.sustainedPerSecond > 0
    ? outbox.sustainedPerSecond / dualWrite.sustainedPerSecond
    : undefined;

/** The headline: measurement next to target, as published in the README. */
export function headlineTable(result: BenchResult): string {
  const outbox = result.modes.find((mode) => mode.mode === 'outbox');
  const dualWrite = result.modes.find((mode) => mode.mode === 'dual-write');
  const half = outbox?.halfRate;
  const measuredRatio = ratio(outbox, dualWrite);
  const rows = [
    [
      'sustained orders/s to a terminal state (outbox)',
      `${outbox?.sustainedPerSecond ?? '—'}`,
      `≥ ${targets.sustainedPerSecond}`,
    ],
    [
      `p50 POST→COMPLETED at half that rate (${half?.offeredPerSecond ?? '—'}/s)`,
      ms(half?.latencyMs.p50),
      `≤ ${targets.halfRateP50Ms} ms`,
    ],
    ['p99 POST→COMPLETED at half that rate', ms(half?.latencyMs.p99), `≤ ${targets.halfRateP99Ms} ms`],
    [
      'relay-added latency per hop, p50 (at half rate)',
      ms(half?.relayLagMs.p50),
      `≤ ${targets.relayLagP50Ms} ms`,
    ],
    ['relay-added latency per hop, p99 (at half rate)', ms(half?.relayLagMs.p99), '—'],
    [
      'outbox ÷ dual-write sustained throughput',
      measuredRatio === undefined
        ? '—'
        : `${measuredRatio.toFixed(2)} (${outbox?.sustainedPerSecond} / ${dualWrite?.sustainedPerSecond})`,
      `≥ ${targets.outboxToDualWriteRatio}`,
    ],
    [
      'lost or duplicated effects (DESIGN.md invariants)',
      result.modes.map((mode) => `${mode.violations.length} (${mode.mode})`).join(', '),
      '0',
    ],
  ];
  return table(['figure', 'measured', 'target'], rows);
}

export function stepsTable(mode: ModeResult): string {
  const names = Object.keys(mode.steps[0]?.resources ?? {});
  const rows = mode.steps.map((step) => [
    step.label,
    `${step.offeredPerSecond}`,
    step.terminalPerSecond.toFixed(1),
    ms(step.latencyMs.p50),
    ms(step.latencyMs.p95),
    ms(step.latencyMs.p99),
    ms(step.relayLagMs.p50),
    `${step.openAtEnd}`,
    Object.values(step.maxOutboxBacklog).join('/'),
    names.map((name) => `${step.resources[name]!.cpuPercentAvg}`).join('/'),
    step.cpuMsPerOrder === undefined ? '—' : `${step.cpuMsPerOrder} ms`,
    step.verdict.sustainable ? 'yes' : `no: ${step.verdict.why}`,
  ]);
  return [
    `CPU columns (% of one core, averaged over the step): ${names.join(' / ')}.`,
    'Outbox backlog: most unpublished rows seen, order / inventory / payment / fulfilment.',
    '',
    table(
      [
        'step',
        'offered/s',
        'terminal/s',
        'p50',
        'p95',
        'p99',
        'relay p50',
        'open at end',
        'max backlog',
        'CPU %',
        'CPU per order',
        'sustainable',
      ],
      rows,
    ),
  ].join('\n');
}

export function memoryTable(mode: ModeResult): string {
  const names = Object.keys(mode.steps[0]?.resources ?? {});
  const peak = (name: string) => Math.max(...mode.steps.map((step) => step.resources[name]?.rssMbMax ?? 0));
  return table(
    ['process', 'peak memory (PSS)'],
    names.map((name) => [name, `${peak(name)} MB`]),
  );
}

export function fullReport(result: BenchResult): string {
  const sections = [
    `# saga-shop benchmark, ${result.date}`,
    '',
    `Machine: ${result.machine}`,
    '',
    `Settings: ${Object.entries(result.settings)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(', ')}`,
    '',
    headlineTable(result),
  ];
  for (const mode of result.modes) {
    sections.push('', `## ${mode.mode}: sustained ${mode.sustainedPerSecond} orders/s`, '', stepsTable(mode));
    sections.push('', memoryTable(mode), '', `![latency over time](latency-${mode.mode}.svg)`);
    if (mode.violations.length > 0)
      sections.push('', '**Invariant violations:**', ...mode.violations.slice(0, 20).map((v) => `- ${v}`));
  }
  return `${sections.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

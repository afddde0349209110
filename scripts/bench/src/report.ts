import type { AbResult } from './ab-compare.js';
import { verdict } from './ab-compare.js';
import type { IdleBaseline, StepResult } from './step-runner.js';

export interface ModeResult {
  /** The mode, or an A/B variant's label. */
  mode: string;
  steps: StepResult[];
  idle: IdleBaseline;
  /** The steps at the fixed rates (CPU per order compared rate for rate). */
  fixed: StepResult[];
  sustainedPerSecond: number;
  halfRate?: StepResult;
  /** Twice the sustained rate: load shedding keeps the saga in flight at its pace. */
  overload?: StepResult;
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
  sustainedPerSecond: 300,
  cpuRatioToFloor: 1.5,
  fixedP50Ms: 50,
  fixedP99Ms: 250,
  outboxToDualWriteRatio: 0.9,
  relayLagP50Ms: 3,
  overloadShare: 0.9,
};

const ms = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value)} ms`);
const cpu = (value: number | undefined) => (value === undefined ? '—' : `${value} ms`);
const fixedAt = (mode: ModeResult | undefined, rate: number) =>
  mode?.fixed.find((step) => step.offeredPerSecond === rate);

function ratioCell(ours: number | undefined, floor: number | undefined): string {
  if (ours === undefined || floor === undefined || floor === 0) return '—';
  return `${(ours / floor).toFixed(2)}×`;
}

function overloadCell(mode: ModeResult | undefined): string {
  const step = mode?.overload;
  if (!mode || !step) return '—';
  const share = step.terminalPerSecond / mode.sustainedPerSecond;
  const { withRetryAfter, withoutRetryAfter } = step.refused;
  const other = Object.entries(step.errors)
    .filter(([status]) => status !== '503' && status !== '429')
    .reduce((sum, [, count]) => sum + count, 0);
  return `${step.terminalPerSecond.toFixed(0)}/s = ${Math.round(share * 100)} % of the maximum; ${withRetryAfter} refused with Retry-After, ${withoutRetryAfter + other} other errors`;
}

/** The headline: measurement next to target, as published in the README. */
export function headlineTable(result: BenchResult): string {
  const byName = (name: string) => result.modes.find((mode) => mode.mode === name);
  const [outbox, dualWrite, floor] = [byName('outbox'), byName('dual-write'), byName('floor')];
  const rates = (outbox?.fixed ?? []).map((step) => step.offeredPerSecond);
  const first = rates[0];
  const slow = first === undefined ? undefined : fixedAt(outbox, first);
  const rows: string[][] = [
    [
      'sustained orders/s to a terminal state (outbox)',
      `${outbox?.sustainedPerSecond ?? '—'}${floor ? ` (floor ${floor.sustainedPerSecond})` : ''}`,
      `≥ ${targets.sustainedPerSecond}`,
    ],
    ...rates.map((rate) => [
      `CPU per order at ${rate}/s, all processes, idle subtracted (floor; ratio)`,
      `${cpu(fixedAt(outbox, rate)?.cpuMsPerOrder)} (${cpu(fixedAt(floor, rate)?.cpuMsPerOrder)}; ${ratioCell(fixedAt(outbox, rate)?.cpuMsPerOrder, fixedAt(floor, rate)?.cpuMsPerOrder)})`,
      `≤ ${targets.cpuRatioToFloor}× the floor`,
    ]),
    [`p50 POST→terminal at ${first ?? '—'}/s`, ms(slow?.latencyMs.p50), `≤ ${targets.fixedP50Ms} ms`],
    [`p99 POST→terminal at ${first ?? '—'}/s`, ms(slow?.latencyMs.p99), `≤ ${targets.fixedP99Ms} ms`],
    [
      `relay-added latency per hop, p50 at ${first ?? '—'}/s`,
      ms(slow?.relayLagMs.p50),
      `≤ ${targets.relayLagP50Ms} ms`,
    ],
    [
      'outbox ÷ dual-write sustained throughput',
      outbox && dualWrite && dualWrite.sustainedPerSecond > 0
        ? `${(outbox.sustainedPerSecond / dualWrite.sustainedPerSecond).toFixed(2)} (${outbox.sustainedPerSecond} / ${dualWrite.sustainedPerSecond})`
        : '—',
      `≥ ${targets.outboxToDualWriteRatio}`,
    ],
    [
      `at twice the sustained rate (${outbox?.overload?.offeredPerSecond ?? '—'}/s) for ${outbox?.overload?.durationSeconds ?? '—'} s`,
      overloadCell(outbox),
      `≥ ${targets.overloadShare * 100} %, all refusals 503/429 + Retry-After`,
    ],
    [
      'lost or duplicated effects (DESIGN.md invariants)',
      result.modes.map((mode) => `${mode.violations.length} (${mode.mode})`).join(', '),
      '0',
    ],
  ];
  return table(['figure', 'measured', 'target'], rows);
}

const spread = ({ median, min, max }: { median: number; min: number; max: number }) =>
  `${Math.round(median * 10) / 10} (${Math.round(min * 10) / 10}–${Math.round(max * 10) / 10})`;

/** Interleaved A/B runs: median and range per variant and rate, and whether B beat A. */
export function abTable(result: AbResult): string {
  const [a, ...others] = result.variants;
  const rows = result.measurements.map((measurement) => {
    const baseline = result.measurements.find((m) => m.variant === a?.label && m.rate === measurement.rate);
    const against =
      measurement.variant === a?.label || !baseline
        ? 'baseline'
        : `CPU ${verdict(baseline.cpuMsPerOrder, measurement.cpuMsPerOrder)}, p50 ${verdict(baseline.p50Ms, measurement.p50Ms)}`;
    return [
      measurement.variant,
      `${measurement.rate}`,
      spread(measurement.cpuMsPerOrder),
      spread(measurement.p50Ms),
      against,
    ];
  });
  const described = result.variants
    .map(
      (variant) =>
        `\`${variant.label}\` = ${variant.mode}${
          Object.keys(variant.env).length
            ? ` with ${Object.entries(variant.env)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}`
            : ''
        }`,
    )
    .join('; ');
  return [
    `${result.rounds} interleaved rounds (${others.length > 0 ? 'A B A B …' : 'A only'}): ${described}.`,
    '',
    table(
      [
        'variant',
        'offered/s',
        'CPU ms per order, median (range)',
        'p50 ms, median (range)',
        'vs first variant',
      ],
      rows,
    ),
  ].join('\n');
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
    names.map((name) => `${Math.round(step.resources[name]!.cpuPercentAvg)}`).join('/'),
    cpu(step.cpuMsPerOrder),
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
    const idle = Object.entries(mode.idle).map(([name, msPerSecond]) => `${name} ${Math.round(msPerSecond)}`);
    sections.push('', `## ${mode.mode}: sustained ${mode.sustainedPerSecond} orders/s`, '', stepsTable(mode));
    sections.push('', `Idle CPU, ms per second (subtracted from CPU per order): ${idle.join(', ')}.`);
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

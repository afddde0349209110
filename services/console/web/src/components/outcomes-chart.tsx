import type { OutcomeMinute } from '../../../src/api/console-api.js';

const width = 720;
const height = 220;
const margin = { top: 12, right: 12, bottom: 28, left: 36 };
const minuteMs = 60_000;

/** COMPLETED first, then the cancellation reasons; each its own colour on every render. */
const outcomeColours: Record<string, string> = {
  COMPLETED: '#2b8a3e',
  OUT_OF_STOCK: '#e8590c',
  PAYMENT_DECLINED: '#c92a2a',
  FULFILMENT_FAILED: '#a61e4d',
  CUSTOMER_CANCELLED: '#5c7cfa',
  TIMEOUT: '#7048e8',
};
const colourOf = (outcome: string) => outcomeColours[outcome] ?? '#868e96';

function minuteLabel(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Terminal sagas per minute over the last `minutes`, stacked by outcome, as inline SVG. */
export function OutcomesChart({ data, minutes }: { data: OutcomeMinute[]; minutes: number }) {
  const lastMinute = Math.floor(Date.now() / minuteMs) * minuteMs;
  const buckets = Array.from(
    { length: minutes },
    (_, index) => lastMinute - (minutes - 1 - index) * minuteMs,
  );
  const byMinute = new Map(data.map((entry) => [Date.parse(entry.minute), entry.outcomes]));
  const outcomes = [...new Set(data.flatMap((entry) => Object.keys(entry.outcomes)))].sort((a, b) =>
    a === 'COMPLETED' ? -1 : b === 'COMPLETED' ? 1 : a.localeCompare(b),
  );
  const totals = buckets.map((at) => Object.values(byMinute.get(at) ?? {}).reduce((sum, n) => sum + n, 0));
  const max = Math.max(4, ...totals);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const slot = plotWidth / minutes;
  const y = (value: number) => margin.top + plotHeight - (plotHeight * value) / max;
  const sums: Record<string, number> = {};
  for (const entry of data) {
    for (const [outcome, n] of Object.entries(entry.outcomes)) sums[outcome] = (sums[outcome] ?? 0) + n;
  }

  return (
    <figure className="outcomes" data-testid="outcomes-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Orders per minute by outcome, last ${minutes} minutes`}
      >
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction} className="chart-grid">
            <line x1={margin.left} x2={width - margin.right} y1={y(max * fraction)} y2={y(max * fraction)} />
            <text x={margin.left - 6} y={y(max * fraction) + 4} textAnchor="end">
              {Math.round(max * fraction)}
            </text>
          </g>
        ))}
        {buckets.map((at, index) => {
          let stacked = 0;
          const x = margin.left + index * slot + slot * 0.15;
          return (
            <g key={at}>
              {outcomes.map((outcome) => {
                const n = byMinute.get(at)?.[outcome] ?? 0;
                if (n === 0) return null;
                const top = y(stacked + n);
                const bar = (
                  <rect
                    key={outcome}
                    x={x}
                    y={top}
                    width={slot * 0.7}
                    height={y(stacked) - top}
                    rx={2}
                    fill={colourOf(outcome)}
                  >
                    <title>{`${minuteLabel(at)} — ${outcome}: ${n}`}</title>
                  </rect>
                );
                stacked += n;
                return bar;
              })}
              {index % 5 === (minutes - 1) % 5 && (
                <text className="chart-label" x={x + slot * 0.35} y={height - 8} textAnchor="middle">
                  {minuteLabel(at)}
                </text>
              )}
            </g>
          );
        })}
        {data.length === 0 && (
          <text className="chart-empty" x={width / 2} y={height / 2} textAnchor="middle">
            No order has finished in the last {minutes} minutes
          </text>
        )}
      </svg>
      <figcaption className="legend">
        {outcomes.map((outcome) => (
          <span key={outcome} className="legend-item">
            <span className="legend-swatch" style={{ background: colourOf(outcome) }} />
            {outcome} <strong>{sums[outcome]}</strong>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** One point of the plot: seconds since the run began, latencies, and the rate offered then. */
export interface PlotPoint {
  second: number;
  offeredPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
}

const width = 900;
const height = 360;
const margin = { left: 60, right: 60, top: 30, bottom: 40 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
// Latency on a log scale, 1 ms to 10 s: a p99 that explodes must not flatten the p50 line.
const minMs = 1;
const maxMs = 10_000;

/**
 * A dependency-free SVG: p50 and p99 POST-to-terminal latency over time (log scale, left axis)
 * and the offered rate (right axis), so where latency bends is read against the load that bent it.
 */
export function latencyPlot(title: string, points: PlotPoint[]): string {
  const lastSecond = Math.max(1, ...points.map((point) => point.second));
  const maxRate = Math.max(1, ...points.map((point) => point.offeredPerSecond));
  const x = (second: number) => margin.left + (second / lastSecond) * plotWidth;
  const yMs = (ms: number) => {
    const clamped = Math.min(maxMs, Math.max(minMs, ms));
    const fraction = Math.log10(clamped / minMs) / Math.log10(maxMs / minMs);
    return margin.top + plotHeight * (1 - fraction);
  };
  const yRate = (rate: number) => margin.top + plotHeight * (1 - rate / maxRate);
  const path = (values: [number, number][]) =>
    values.map(([px, py], index) => `${index === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const series = (pick: (point: PlotPoint) => number | undefined) =>
    path(
      points.flatMap((point) => (pick(point) === undefined ? [] : [[x(point.second), yMs(pick(point)!)]])),
    );

  const grid = [1, 10, 100, 1_000, 10_000]
    .map(
      (ms) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${yMs(ms)}" y2="${yMs(ms)}" stroke="#ddd"/>` +
        `<text x="${margin.left - 6}" y="${yMs(ms) + 4}" text-anchor="end">${ms >= 1_000 ? `${ms / 1_000} s` : `${ms} ms`}</text>`,
    )
    .join('');
  const rateTicks = [0, 0.5, 1]
    .map((fraction) => Math.round(maxRate * fraction))
    .map((rate) => `<text x="${width - margin.right + 6}" y="${yRate(rate) + 4}">${rate}/s</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${margin.left}" y="18" font-size="14">${escapeXml(title)}</text>
${grid}${rateTicks}
<path d="${path(points.map((point) => [x(point.second), yRate(point.offeredPerSecond)]))}" fill="none" stroke="#999" stroke-dasharray="4 3"/>
<path class="p50" d="${series((point) => point.p50Ms)}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>
<path class="p99" d="${series((point) => point.p99Ms)}" fill="none" stroke="#d62728" stroke-width="1.5"/>
<text x="${margin.left}" y="${height - 10}">seconds since the run began — blue p50, red p99 (left, log scale); dashed grey: offered orders/s (right)</text>
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

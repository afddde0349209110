import { describe, expect, it } from '@jest/globals';
import { latencyPlot } from './latency-plot.js';

const pathOf = (svg: string, name: string) => svg.match(new RegExp(`class="${name}" d="([^"]*)"`))![1]!;
const yValues = (path: string) => [...path.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((match) => Number(match[1]));

describe('latency plot', () => {
  const svg = latencyPlot('outbox <ramp>', [
    { second: 0, offeredPerSecond: 50, p50Ms: 10, p99Ms: 100 },
    { second: 1, offeredPerSecond: 50 },
    { second: 2, offeredPerSecond: 100, p50Ms: 1_000, p99Ms: 100_000 },
  ]);

  it('draws one point per second that has latencies, higher latency higher up', () => {
    const p50 = yValues(pathOf(svg, 'p50'));
    expect(p50).toHaveLength(2);
    expect(p50[1]!).toBeLessThan(p50[0]!);
  });

  it('uses a log scale clamped to 10 s, so an outlier cannot flatten the rest', () => {
    const [p99First, p99Last] = yValues(pathOf(svg, 'p99'));
    const [p50First] = yValues(pathOf(svg, 'p50'));
    // 10 ms -> 100 ms is one decade, as is 1 s -> 10 s (the clamped 100 s).
    const decade = p50First! - p99First!;
    expect(p99First! - p99Last!).toBeCloseTo(2 * decade, 5);
  });

  it('is a standalone SVG with its title escaped', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('outbox &#60;ramp&#62;');
  });
});

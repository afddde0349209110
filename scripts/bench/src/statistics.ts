/** Nearest-rank percentile of `values` (0 < p <= 100); undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Summary {
  count: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

/** Rounds for reports: one decimal below 10, whole numbers above. */
export function round(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Math.abs(value) < 10 ? Math.round(value * 10) / 10 : Math.round(value);
}

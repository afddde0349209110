/** What one step at a fixed offered rate showed. */
export interface StepOutcome {
  offeredPerSecond: number;
  durationSeconds: number;
  errors: number;
  /** Orders that reached a terminal state per second during the step. */
  terminalPerSecond: number;
  /** Orders still open when the step ended. */
  openAtEnd: number;
}

export interface Verdict {
  sustainable: boolean;
  why: string;
}

/**
 * A rate is sustainable when every request was accepted, the saga finished orders as fast as they
 * came (at least 95 % of the offered rate), and the backlog of open orders at the end was under one
 * second of arrivals: a system that falls behind shows a backlog that grows with the step's length.
 */
export function judgeStep(step: StepOutcome): Verdict {
  if (step.errors > 0) return { sustainable: false, why: `${step.errors} requests failed` };
  const keptUp = step.terminalPerSecond / step.offeredPerSecond;
  if (keptUp < 0.95)
    return { sustainable: false, why: `finished ${Math.round(keptUp * 100)} % of the offered rate` };
  if (step.openAtEnd > step.offeredPerSecond)
    return { sustainable: false, why: `${step.openAtEnd} orders open at the end (> 1 s of arrivals)` };
  return { sustainable: true, why: 'kept up; backlog under one second of arrivals' };
}

/**
 * The rates to try: geometric steps from `start` (each about 1.4x the previous), rounded to
 * readable numbers, up to `limit`. The search stops at the first unsustainable step.
 */
export function rampRates(start: number, limit: number): number[] {
  const rates: number[] = [];
  for (let rate = start; rate <= limit; rate *= 1.4) {
    const step = rate < 100 ? 5 : rate < 500 ? 10 : 50;
    const rounded = Math.round(rate / step) * step;
    if (rates.at(-1) !== rounded) rates.push(rounded);
  }
  return rates;
}

/** The rate halfway between the last sustainable and the first unsustainable one, if worth a try. */
export function refineRate(lastGood: number, firstBad: number | undefined): number | undefined {
  if (firstBad === undefined) return undefined;
  const middle = Math.round((lastGood + firstBad) / 2 / 5) * 5;
  return middle > lastGood && middle < firstBad ? middle : undefined;
}

import { readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

/** Busy CPU ticks of the whole machine (all cores), from the first line of /proc/stat. */
function busyTicks(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** What the whole machine used since construction: tells the floor's share from other work. */
export class MachineCpu {
  private readonly startTicks = busyTicks();
  private readonly startAt = performance.now();

  busyMsPerSecond(): number {
    const seconds = (performance.now() - this.startAt) / 1_000;
    return (((busyTicks() - this.startTicks) / ticksPerSecond) * 1_000) / seconds;
  }
}

import { readFileSync, readdirSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux
const pageBytes = 4_096;

interface ProcessStat {
  ppid: number;
  cpuTicks: number;
  rssBytes: number;
}

/** Every live process's parent, CPU time and resident memory, from /proc. */
function readProcesses(): Map<number, ProcessStat> {
  const processes = new Map<number, ProcessStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which may itself contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), {
        ppid: Number(fields[1]),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
        rssBytes: Number(fields[21]) * pageBytes,
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return processes;
}

/**
 * Proportional set size: shared pages divided among the processes sharing them. PostgreSQL's
 * backends all map one buffer pool, which plain RSS would count once per backend.
 */
function proportionalBytes(pid: number): number | undefined {
  try {
    const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return pss ? Number(pss[1]) * 1_024 : undefined;
  } catch {
    return undefined;
  }
}

export interface ResourceSample {
  /** CPU used since the previous sample, in % of one core (200 = both cores of this machine). */
  cpuPercent: number;
  /** Proportional set size (RSS where the kernel does not report it). */
  rssMb: number;
}

/**
 * CPU and memory of named process trees (a service, PostgreSQL with its backends, the Kafka JVM),
 * sampled by the caller once a second. Only reads /proc; never signals anything.
 */
export class ResourceSampler {
  /** CPU ticks per pid at the previous sample: a process that ended must not make a tree's use negative. */
  private previousTicks = new Map<number, number>();
  private previousAt: number | undefined;
  private samples = 0;
  private lastMemory = new Map<string, number>();

  constructor(private readonly roots: Record<string, number>) {}

  sample(): Record<string, ResourceSample> {
    const processes = readProcesses();
    const children = new Map<number, number[]>();
    for (const [pid, stat] of processes) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
    const now = performance.now();
    const samples: Record<string, ResourceSample> = {};
    // The services are children of the load generator's process: each tree stops at another root.
    const rootPids = new Set(Object.values(this.roots));
    const measureMemory = this.samples++ % 5 === 0;
    const seconds = this.previousAt === undefined ? 0 : (now - this.previousAt) / 1_000;
    for (const [name, root] of Object.entries(this.roots)) {
      let ticks = 0;
      let rss = 0;
      const pending = [root];
      while (pending.length > 0) {
        const pid = pending.pop()!;
        const stat = processes.get(pid);
        if (!stat || (pid !== root && rootPids.has(pid))) continue;
        // A process born since the last sample counts from zero.
        ticks += stat.cpuTicks - (this.previousTicks.get(pid) ?? 0);
        // PSS walks the page tables (kernel time charged to this process): every 5th sample only.
        if (measureMemory) rss += proportionalBytes(pid) ?? stat.rssBytes;
        pending.push(...(children.get(pid) ?? []));
      }
      const cpuPercent = seconds > 0 ? (ticks / ticksPerSecond / seconds) * 100 : 0;
      if (measureMemory) this.lastMemory.set(name, rss / 1_048_576);
      samples[name] = { cpuPercent, rssMb: this.lastMemory.get(name) ?? 0 };
    }
    this.previousTicks = new Map([...processes].map(([pid, stat]) => [pid, stat.cpuTicks]));
    this.previousAt = now;
    return samples;
  }
}

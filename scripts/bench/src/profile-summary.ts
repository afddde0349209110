// Usage: node --import tsx scripts/bench/src/profile-summary.ts <dir-with-.cpuprofile-files> [top]
// Where a service spends its CPU: self time per package (or our own code) and per function.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> (scoped too), our workspace folder, or the V8/Node category. */
export function ownerOf(url: string, functionName: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  const ours = /\/(libs|services)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return functionName.startsWith('(') ? functionName : 'other';
}

export function summarizeProfile(profile: CpuProfile, count = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const owners = new Map<string, number>();
  // Inclusive: a sample counts once for every owner anywhere on its stack ("time spent under X").
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)!;
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      onStack.add(ownerOf(frame.url, frame.functionName));
    }
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    const name = `${functionName || '(anonymous)'} ${owner}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  });
  const top = (map: Map<string, number>, count: number) =>
    [...map.entries()]
      .sort(([, a], [, b]) => b - a)
      .slice(0, count)
      .map(([name, micros]) => ({ name, percent: Math.round((micros / total) * 1_000) / 10 }));
  return {
    totalSeconds: total / 1e6,
    owners: top(owners, count),
    inclusive: top(inclusive, count),
    functions: top(functions, count),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2]!;
  const count = Number(process.argv[3] ?? 15);
  for (const service of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, service)).filter((name) => name.endsWith('.cpuprofile'))) {
      const profile = JSON.parse(readFileSync(path.join(dir, service, file), 'utf8')) as CpuProfile;
      const summary = summarizeProfile(profile, count);
      console.log(`\n## ${service}: ${summary.totalSeconds.toFixed(1)} s sampled`);
      for (const { name, percent } of summary.owners)
        console.log(`  ${String(percent).padStart(5)} %  ${name}`);
      console.log('  time spent under (inclusive):');
      for (const { name, percent } of summary.inclusive)
        console.log(`  ${String(percent).padStart(5)} %  ${name}`);
      console.log('  top functions (self time):');
      for (const { name, percent } of summary.functions)
        console.log(`  ${String(percent).padStart(5)} %  ${name}`);
    }
  }
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { workspaceRoot } from '@saga-shop/testing';

// Renders infra/k8s's overlays with the real kustomize (built once by infra/k8s/kustomize.sh):
// what a cluster would receive, for the k8s-*.e2e-spec.ts suites. Needs no cluster.
export const run = promisify(execFile);
export const overlays = ['local', 'production'] as const;
export type Overlay = (typeof overlays)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, asserted field by field
export type Yaml = any;
export interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Yaml;
  data?: Record<string, string>;
}

/** Every resource of the overlay, as `kubectl apply` would receive it. */
export async function renderOverlay(overlay: Overlay): Promise<Manifest[]> {
  // A fresh machine builds kustomize from the Go module proxy first (about a minute).
  const { stdout } = await run('bash', ['infra/k8s/kustomize.sh', `infra/k8s/overlays/${overlay}`], {
    cwd: workspaceRoot,
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(stdout).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS() as Manifest;
  });
}

export const appContainer = (deployment: Manifest): Yaml => deployment.spec.template.spec.containers[0];
export const migrateContainer = (deployment: Manifest): Yaml =>
  deployment.spec.template.spec.initContainers?.find((c: Yaml) => c.name === 'migrate');
export type EnvVar = { name: string; value?: string; valueFrom?: Yaml };
export const envOf = (container: Yaml): EnvVar[] => container?.env ?? [];

/** What stands in for a value the kubelet reads from a Secret or ConfigMap: `secret.<name>.<key>`. */
export function placeholderOf({ valueFrom }: EnvVar): string {
  const ref = valueFrom?.secretKeyRef ?? valueFrom?.configMapKeyRef;
  return `${valueFrom?.secretKeyRef ? 'secret' : 'config'}.${ref?.name}.${ref?.key}`;
}

/** The kubelet's `$(NAME)` reference in an env value; `$$` escapes a `$`. */
const kubeletReference = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;
export const referencesIn = (value = ''): string[] =>
  [...value.matchAll(kubeletReference)].flatMap((match) => (match[1] ? [match[1]] : []));

/**
 * The environment the process would see, expanded as the kubelet does: `$(NAME)` takes the value
 * of an entry defined earlier in the same list and stays as written otherwise.
 */
export function environment(container: Yaml): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of envOf(container)) {
    env[entry.name] =
      entry.value === undefined
        ? placeholderOf(entry)
        : entry.value.replace(kubeletReference, (match, name?: string) =>
            name === undefined ? '$' : (env[name] ?? match),
          );
  }
  return env;
}

/** The Secrets a container can read: through env, envFrom, or a mounted secret volume. */
export function secretsReadBy(pod: Yaml, container: Yaml): string[] {
  const fromEnv = envOf(container).flatMap((e) => e.valueFrom?.secretKeyRef?.name ?? []);
  const fromEnvFrom = (container.envFrom ?? []).flatMap((e: Yaml) => e.secretRef?.name ?? []);
  const mounted = new Set((container.volumeMounts ?? []).map((m: Yaml) => m.name));
  const fromVolumes = (pod.volumes ?? [])
    .filter((v: Yaml) => mounted.has(v.name))
    .flatMap((v: Yaml) => [
      ...(v.secret ? [v.secret.secretName] : []),
      ...(v.projected?.sources ?? []).flatMap((s: Yaml) => s.secret?.name ?? []),
    ]);
  return [...new Set([...fromEnv, ...fromEnvFrom, ...fromVolumes])];
}

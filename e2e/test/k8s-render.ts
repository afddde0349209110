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

// Reads services/*/service.json, the one place a deployable's name, kind, ports and database are
// written. scripts/generate-service-lists.ts derives every other list of services from these.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const serviceManifestSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'a lower-case name such as order'),
  /** A saga service owns a piece of the saga; the console only watches it (and starts last). */
  kind: z.enum(['saga-service', 'console']),
  /** Its HTTP port under `npm start` and compose. */
  port: z.int().min(1024).max(65535),
  /** Its HTTP port in test stacks, beside `port` so a running `npm start` is left alone. */
  testPort: z.int().min(1024).max(65535),
  /** Its own PostgreSQL database, also the name of its owner role (`<database>_app` runs it). */
  database: z.string().regex(/^saga_[a-z0-9_]+$/, 'a database name such as saga_order'),
});

export type ServiceManifest = z.infer<typeof serviceManifestSchema>;

/** Every manifest under `root`/services, saga services by port, then the console. */
export async function readServiceManifests(root: string): Promise<ServiceManifest[]> {
  const servicesDir = path.join(root, 'services');
  const manifests: ServiceManifest[] = [];
  for (const entry of await readdir(servicesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(servicesDir, entry.name, 'service.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const parsed = serviceManifestSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.name !== entry.name) throw new Error(`${file}: name must be its folder, ${entry.name}`);
    manifests.push(parsed.data);
  }
  for (const key of ['port', 'testPort', 'database'] as const) {
    const seen = new Map<unknown, string>();
    for (const manifest of manifests) {
      const other = seen.get(manifest[key]);
      if (other) throw new Error(`${manifest.name} and ${other} share ${key} ${manifest[key]}`);
      seen.set(manifest[key], manifest.name);
    }
  }
  const rank = (manifest: ServiceManifest) => (manifest.kind === 'console' ? 1 : 0);
  return manifests.sort((a, b) => rank(a) - rank(b) || a.port - b.port);
}

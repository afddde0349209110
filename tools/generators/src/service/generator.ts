// `npm run new:service -- <name>` (nx g @saga-shop/generators:service <name>): a new saga service
// that works from its first start. See FORKING.md, "Add a service", for what it writes and what
// is left to do by hand.
import { execSync } from 'node:child_process';
import path from 'node:path';
import { formatFiles, generateFiles, readJson, type Tree } from '@nx/devkit';
import { serviceNamesOf, type ServiceNames } from './service-names.ts';
import { addConsumer, addTopic, addToCatalog } from './source-edits.ts';

export interface ServiceGeneratorOptions {
  name: string;
  consumes?: string;
  port?: number;
  testPort?: number;
  /** Only write the files: no `npm install`, no regenerated lists (the generator's own tests). */
  skipInstall?: boolean;
}

interface Manifest {
  name: string;
  kind: 'saga-service' | 'console';
  port: number;
  testPort: number;
}

const eventsDir = 'libs/contracts/src/events';

function manifestsIn(tree: Tree): Manifest[] {
  return tree
    .children('services')
    .filter((name) => tree.exists(`services/${name}/service.json`))
    .map((name) => readJson<Manifest>(tree, `services/${name}/service.json`));
}

/** The Outbox and Inbox models, as every service declares them: copied from an existing schema. */
function outboxInboxModels(tree: Tree, manifests: Manifest[]): string {
  for (const manifest of manifests) {
    const schema = tree.read(`services/${manifest.name}/prisma/schema.prisma`, 'utf8');
    const models = ['Outbox', 'Inbox'].map(
      (model) => new RegExp(`^model ${model} \\{[\\s\\S]*?^\\}$`, 'm').exec(schema ?? '')?.[0],
    );
    if (models.every(Boolean)) return models.join('\n\n');
  }
  throw new Error('no service schema.prisma with Outbox and Inbox models to copy them from');
}

function editContracts(tree: Tree, forms: ServiceNames): void {
  const topicsFile = 'libs/contracts/src/topics.ts';
  const topics = tree.read(topicsFile, 'utf8') ?? '';
  if (!topics.includes(`'${forms.consumes}'`))
    throw new Error(`${forms.consumes} is not an event of ${topicsFile}`);
  tree.write(topicsFile, addTopic(topicsFile, topics, forms.eventKey, forms.eventType));
  const catalogFile = `${eventsDir}/catalog.ts`;
  tree.write(
    catalogFile,
    addToCatalog(
      catalogFile,
      tree.read(catalogFile, 'utf8') ?? '',
      forms.eventConst,
      `./${forms.name}-events.js`,
    ),
  );
  const edited = tree
    .children(eventsDir)
    .filter((file) => file.endsWith('-events.ts'))
    .map((file) => `${eventsDir}/${file}`)
    .filter((file) => {
      const text = addConsumer(
        file,
        tree.read(file, 'utf8') ?? '',
        forms.consumedKey,
        forms.name,
        'records the order',
      );
      if (text !== undefined) tree.write(file, text);
      return text !== undefined;
    });
  if (edited.length !== 1)
    throw new Error(`${forms.consumes} is defined in ${edited.length} files of ${eventsDir}, not one`);
}

function nextPort(ports: number[], after: number): number {
  return Math.max(after, ...ports) + 1;
}

export default async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions) {
  const forms = serviceNamesOf(options.name, options.consumes ?? 'order.placed.v1');
  if (tree.exists(`services/${forms.name}`)) throw new Error(`services/${forms.name} exists already`);
  const manifests = manifestsIn(tree);
  const sagaPorts = manifests
    .filter((manifest) => manifest.kind === 'saga-service')
    .map((manifest) => manifest.port);
  const port = options.port ?? nextPort(sagaPorts, 3000);
  const testPort =
    options.testPort ??
    nextPort(
      manifests.map((manifest) => manifest.testPort),
      3100,
    );
  const taken = manifests.find((manifest) =>
    [manifest.port, manifest.testPort].some((used) => used === port || used === testPort),
  );
  if (taken) throw new Error(`port ${port} or ${testPort} is taken by ${taken.name}`);

  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  generateFiles(tree, path.join(import.meta.dirname, 'files'), '.', {
    ...forms,
    port,
    testPort,
    migrationName: `${stamp}_${forms.table}`,
    outboxInboxModels: outboxInboxModels(tree, manifests),
    tmpl: '',
  });
  editContracts(tree, forms);
  await formatFiles(tree);

  if (options.skipInstall) return undefined;
  // After the files are written: link the new workspace, then regenerate what derives from the
  // manifests and the contracts (each has a --check in CI that fails while it is stale).
  return () => {
    for (const command of [
      'npm install --no-audit --no-fund --prefer-offline',
      'npm run -s services:lists',
      'npm run -s contracts:snapshot',
      'npm run -s asyncapi',
      'npm run -s saga-map',
      'npm run -s k8s:topics',
      'npm run -s k8s:users',
    ]) {
      execSync(command, { cwd: tree.root, stdio: 'inherit' });
    }
  };
}

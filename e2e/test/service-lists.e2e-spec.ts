import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { deployables } from '@saga-shop/config';
import { workspaceRoot } from '@saga-shop/testing';

// The manifests (services/*/service.json) are the one place a deployable's name, ports and
// database are written; scripts/generate-service-lists.ts derives the other lists from them, and
// the per-service blocks of the compose file, the Kubernetes manifests and the README.
const run = promisify(execFile);
const generated = [
  'libs/config/src/services/deployables.ts',
  'libs/contracts/src/events/saga-services.ts',
  'scripts/lib/service-list.sh',
  'infra/docker/postgres/init-databases.sql',
  'infra/docker/kafka/create-scram-users.sh',
  'docker-compose.yml',
  'infra/monitoring/prometheus/prometheus.yml',
  'infra/k8s/base/kustomization.yaml',
  'infra/k8s/base/services/console.yaml',
  'infra/k8s/base/postgres/clusters.yaml',
  'infra/k8s/base/network-policies.yaml',
  'infra/k8s/components/keda/scaled-objects.yaml',
  'infra/k8s/components/keda/trigger-authentications.yaml',
  'infra/k8s/overlays/local/kustomization.yaml',
  'README.md',
];
/** What the README's memory table says in total by default. */
const defaultTotal = (readme: string) =>
  Number(/Total: \*\*([\d,]+) MiB\*\* by default/.exec(readme)?.[1]?.replace(/,/g, ''));

/** Runs the generator on `root`: its exit code and what it printed. */
async function generate(root: string, ...flags: string[]): Promise<{ code: number; output: string }> {
  const script = path.join(workspaceRoot, 'scripts/generate-service-lists.ts');
  const args = ['--conditions=saga-shop-source', '--import', 'tsx', script, '--root', root, ...flags];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: workspaceRoot });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('service lists generated from the manifests', () => {
  it('are current in the repository (CI fails on a stale one)', async () => {
    expect(await generate(workspaceRoot, '--check')).toEqual({
      code: 0,
      output: expect.stringContaining('up to date'),
    });
  }, 60_000);

  it('hold every manifest: the catalog beside the files the shell scripts source', async () => {
    const shell = await readFile(path.join(workspaceRoot, 'scripts/lib/service-list.sh'), 'utf8');
    expect(shell).toContain(`SERVICE_NAMES=(${Object.keys(deployables).join(' ')})`);
    const sql = await readFile(path.join(workspaceRoot, 'infra/docker/postgres/init-databases.sql'), 'utf8');
    for (const { database } of Object.values(deployables)) expect(sql).toContain(`('${database}')`);
  });

  describe('on a copy with a changed and a new manifest', () => {
    let root: string;
    // On the next free ports, so the test also holds in a fork that has added services.
    const sagaServices = Object.values(deployables).filter(({ kind }) => kind === 'saga-service');
    const testPorts = Object.values(deployables).map(({ testPort }) => testPort);
    const ledger = {
      name: 'ledger',
      kind: 'saga-service',
      port: Math.max(...sagaServices.map(({ port }) => port)) + 1,
      testPort: Math.max(...testPorts) + 1,
      database: 'saga_ledger',
    };
    const orderTestPort = ledger.testPort + 1;
    const lastSaga = sagaServices.at(-1) ?? deployables.order;
    const manifest = (name: string) => path.join(root, 'services', name, 'service.json');

    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'service-lists-'));
      for (const name of Object.keys(deployables))
        await cp(path.join(workspaceRoot, 'services', name, 'service.json'), manifest(name), {
          recursive: true,
        });
      for (const file of generated)
        await cp(path.join(workspaceRoot, file), path.join(root, file), { recursive: true });
      await cp(path.join(workspaceRoot, '.prettierrc.json'), path.join(root, '.prettierrc.json')).catch(
        () => undefined,
      );
      const order = JSON.parse(await readFile(manifest('order'), 'utf8')) as object;
      await writeFile(manifest('order'), JSON.stringify({ ...order, testPort: orderTestPort }));
      await mkdir(path.dirname(manifest('ledger')), { recursive: true });
      await writeFile(manifest('ledger'), JSON.stringify(ledger));
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('names each stale file, then rewrites them', async () => {
      const stale = await generate(root, '--check');
      expect(stale.code).toBe(1);
      for (const file of generated) expect(stale.output).toContain(file);
      expect((await generate(root)).code).toBe(0);
      expect(await generate(root, '--check')).toMatchObject({ code: 0 });
      const shell = await readFile(path.join(root, 'scripts/lib/service-list.sh'), 'utf8');
      const sagaNames = sagaServices.map(({ name }) => name);
      expect(shell).toContain(`SERVICE_NAMES=(${[...sagaNames, 'ledger', 'console'].join(' ')})`);
      expect(shell).toContain(`[ledger]=${ledger.port}`);
      const sql = await readFile(path.join(root, 'infra/docker/postgres/init-databases.sql'), 'utf8');
      expect(sql).toContain(`('${lastSaga.database}'), ('saga_ledger'), ('saga_console')`);
      const ts = await readFile(path.join(root, 'libs/config/src/services/deployables.ts'), 'utf8');
      expect(ts).toContain("database: 'saga_ledger'");
      expect(ts).toContain(`testPort: ${orderTestPort}`);
      const users = await readFile(path.join(root, 'infra/docker/kafka/create-scram-users.sh'), 'utf8');
      expect(users).toContain(`saga-${lastSaga.name} saga-ledger saga-console; do`);
      const contracts = await readFile(path.join(root, 'libs/contracts/src/events/saga-services.ts'), 'utf8');
      expect(contracts).toContain(
        `${JSON.stringify([...sagaNames, 'ledger'])
          .replace(/"/g, "'")
          .replace(/,/g, ', ')} as const`,
      );
      // The deployments: compose's migrate one-shot and service, Kubernetes' database cluster,
      // the console's URL of it, and the README's memory table (one more 256 + 512 MiB).
      const compose = await readFile(path.join(root, 'docker-compose.yml'), 'utf8');
      expect(compose).toContain('  ledger-migrate:\n    <<: *migrate\n');
      expect(compose).toContain(`    ports: ['127.0.0.1:${ledger.port}:${ledger.port}']\n`);
      expect(compose).toContain(`      LEDGER_URL: http://ledger:${ledger.port}\n`);
      expect(compose).toContain('      FULFILMENT_DISPATCH_DELAY_MS: ${FULFILMENT_DISPATCH_DELAY_MS:-0}\n');
      const clusters = await readFile(path.join(root, 'infra/k8s/base/postgres/clusters.yaml'), 'utf8');
      expect(clusters).toContain('  name: ledger-db\n');
      const readme = await readFile(path.join(root, 'README.md'), 'utf8');
      expect(readme).toMatch(/^\| `ledger` +\| built from `Dockerfile` +\| 512 MiB +\|$/m);
      const before = await readFile(path.join(workspaceRoot, 'README.md'), 'utf8');
      expect(defaultTotal(readme)).toBe(defaultTotal(before) + 768);
    }, 60_000);

    it('refuses two manifests on one port', async () => {
      await writeFile(manifest('ledger'), JSON.stringify({ ...ledger, port: deployables.inventory.port }));
      const refused = await generate(root, '--check');
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`share port ${deployables.inventory.port}`);
    }, 60_000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serviceCatalog } from '@saga-shop/config';
import {
  composeEnvironmentOnThisHost,
  loadComposeFile,
  portsInUse,
  waitFor,
  workspaceRoot,
  runComposeMigration,
} from '@saga-shop/testing';

// The image recipe, checked without a Docker engine (this machine has none): the Dockerfile's
// choices, then the runtime tree its build stage collects (infra/docker/collect-runtime.mjs) with
// the production dependencies only, started the way the image's CMD and HEALTHCHECK start it.
const read = (file: string) => readFileSync(path.join(workspaceRoot, file), 'utf8');
const dockerfile = read('Dockerfile');
const stages = Object.fromEntries(
  dockerfile.split(/^(?=FROM )/m).map((stage) => [/^FROM \S+ AS (\S+)/.exec(stage)?.[1] ?? '', stage]),
);
const runtime = stages['runtime'] ?? '';

const imageRoot = mkdtempSync(path.join(os.tmpdir(), 'saga-image-'));
const serviceDir = path.join(imageRoot, 'services/order');
const healthcheck = path.join(imageRoot, 'infra/docker/healthcheck.mjs');

function run(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, options, (error) => resolve(error ? Number(error.code ?? 1) : 0));
  });
}

/** node_modules as `npm ci --omit=dev` leaves it: no dev-only package, workspaces linked to the tree. */
function linkProductionDependencies(): void {
  const lock = JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.replace(/^node_modules\//, '');
    if (!key.startsWith('node_modules/') || name.includes('node_modules/') || entry.dev || entry.link)
      continue;
    mkdirSync(path.dirname(path.join(imageRoot, key)), { recursive: true });
    symlinkSync(path.join(workspaceRoot, key), path.join(imageRoot, key));
  }
  mkdirSync(path.join(imageRoot, 'node_modules/@saga-shop'), { recursive: true });
  for (const library of readdirSync(path.join(imageRoot, 'libs'))) {
    symlinkSync(`../../libs/${library}`, path.join(imageRoot, 'node_modules/@saga-shop', library));
  }
}

describe('Dockerfile', () => {
  it('builds on the pinned Node LTS of .nvmrc and ships production dependencies only', () => {
    const pinned = read('.nvmrc').trim();
    expect(/^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1]).toBe(`node:${pinned}-bookworm-slim`);
    expect(JSON.parse(read('package.json')).engines.node).toBe(`>=${pinned}`);
    const from = /^COPY --from=(\S+) \/app\/node_modules \.\/node_modules$/m.exec(runtime)?.[1];
    expect(stages[from ?? '']).toMatch(/npm ci --omit=dev/);
  });

  it('installs the dependency patches with the dependencies (kafkajs idle-timer fix)', () => {
    expect(stages['manifests']).toMatch(/cp -r package\.json package-lock\.json patches \/manifests\//);
    expect(JSON.parse(read('package.json')).scripts.postinstall).toMatch(/^patch-package/);
    expect(readdirSync(path.join(workspaceRoot, 'patches'))).toContain('kafkajs+2.2.4.patch');
  });

  it('runs the service as node, in exec form, from its folder, with a health check', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^WORKDIR \/app\/services\/\$\{SERVICE\}$/m);
    expect(runtime).toMatch(
      /^CMD \["node", "--import", "@saga-shop\/telemetry\/register", "dist\/main\.js"\]$/m,
    );
    expect(runtime).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "\/app\/infra\/docker\/healthcheck\.mjs"\]$/m);
    expect(loadComposeFile().services['order']?.healthcheck?.test).toEqual([
      'CMD',
      'node',
      '/app/infra/docker/healthcheck.mjs',
    ]);
  });

  it('keeps installed, generated and secret files out of the build context', () => {
    expect(read('.dockerignore').split('\n')).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.env', '.data', '.nx', '.cache']),
    );
  });
});

describe('the order image tree, started as the image starts it', () => {
  let service: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;

  beforeAll(async () => {
    expect(await run(['infra/docker/collect-runtime.mjs', 'order', imageRoot], { cwd: workspaceRoot })).toBe(
      0,
    );
    mkdirSync(path.dirname(healthcheck), { recursive: true });
    copyFileSync(path.join(workspaceRoot, 'infra/docker/healthcheck.mjs'), healthcheck);
    linkProductionDependencies();
  }, 30_000);

  afterAll(() => {
    if (service?.pid !== undefined && service.exitCode === null) process.kill(-service.pid, 'SIGKILL');
    rmSync(imageRoot, { recursive: true, force: true });
  });

  it('holds the service, its migrations and every workspace library its code imports', () => {
    expect(existsSync(path.join(serviceDir, 'dist/main.js'))).toBe(true);
    expect(readdirSync(path.join(serviceDir, 'prisma/migrations'))).toEqual(
      readdirSync(path.join(workspaceRoot, 'services/order/prisma/migrations')),
    );
    // The outbox and inbox migrations, which libs/messaging owns, travel with the library.
    expect(readdirSync(path.join(imageRoot, 'libs/messaging/migrations'))).toEqual(
      readdirSync(path.join(workspaceRoot, 'libs/messaging/migrations')),
    );
    const code = readdirSync(imageRoot, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && !file.startsWith('node_modules'))
      .map((file) => readFileSync(path.join(imageRoot, file), 'utf8'))
      .join('\n');
    const imported = new Set([...code.matchAll(/from '@saga-shop\/([a-z-]+)/g)].map((match) => match[1]));
    expect([...imported].sort()).toEqual(readdirSync(path.join(imageRoot, 'libs')).sort());
  });

  it('answers the image health check, serves, and exits 0 on SIGTERM', async () => {
    // As compose-parity: the compose environment, with the infrastructure and HTTP_HOST on 127.0.0.1.
    const environment = composeEnvironmentOnThisHost(loadComposeFile().services['order'] ?? {});
    const env = { PATH: process.env['PATH'], ...environment };
    const port = serviceCatalog.order.port;
    expect(await portsInUse([port])).toEqual([]); // else `npm start` would answer for the image tree
    // compose's order-migrate one-shot first: the service itself starts with MIGRATE_ON_START=false.
    expect(await runComposeMigration('order', serviceDir)).toBe(0);
    const child = spawn(process.execPath, ['--import', '@saga-shop/telemetry/register', 'dist/main.js'], {
      cwd: serviceDir,
      env,
      detached: true,
      stdio: 'ignore',
    });
    service = child;
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, {
      timeoutMs: 30_000,
      what: 'order, started from the image tree, ready',
    });
    // Without PORT, as `docker run` without compose: the catalog port of the folder's service.
    expect(await run([healthcheck], { cwd: serviceDir, env: { PATH: process.env['PATH'] } })).toBe(0);
    process.kill(-(child.pid as number), 'SIGTERM');
    expect(await exited).toBe(0);
    expect(await run([healthcheck], { cwd: serviceDir, env: { PATH: process.env['PATH'] } })).toBe(1);
  }, 60_000);
});

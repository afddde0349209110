import { beforeAll, describe, expect, it } from '@jest/globals';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import path from 'node:path';
import { workspaceRoot } from '@saga-shop/testing';

// The architecture rules live in eslint.config.js. These cases lint source text as if it stood at a
// path in the repo, so they fail the moment a dependency constraint is removed or weakened.
const eslint = new ESLint({ cwd: workspaceRoot });
const boundaryRules = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(workspaceRoot, filePath) });
  return (result?.messages ?? [])
    .filter((message) => boundaryRules.includes(message.ruleId ?? ''))
    .map((message) => message.message);
}

describe('module boundaries', () => {
  // The rule silently skips itself when no project graph is cached; compute it first.
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: true });
  }, 120_000);

  it('forbid a service importing another service by package name', async () => {
    const errors = await boundaryErrors(
      'services/order/src/boundary-probe.ts',
      "import { InventoryModule } from '@saga-shop/inventory';\nexport const probe = InventoryModule;\n",
    );
    expect(errors.join('\n')).toMatch(/Services never import each other/);
  });

  it('forbid a service reaching into another service by relative path', async () => {
    const errors = await boundaryErrors(
      'services/payment/src/boundary-probe.ts',
      "import { FulfilmentModule } from '../../fulfilment/src/fulfilment.module.js';\nexport const probe = FulfilmentModule;\n",
    );
    expect(errors).not.toHaveLength(0);
  });

  it('forbid libs/contracts depending on any other project', async () => {
    const errors = await boundaryErrors(
      'libs/contracts/src/boundary-probe.ts',
      "import { loadConfig } from '@saga-shop/config';\nexport const probe = loadConfig;\n",
    );
    expect(errors.join('\n')).toMatch(/"type:contracts" cannot depend on any libs/);
  });

  it('forbid a shared lib depending on a service', async () => {
    const errors = await boundaryErrors(
      'libs/messaging/src/boundary-probe.ts',
      "import { OrderModule } from '@saga-shop/order';\nexport const probe = OrderModule;\n",
    );
    expect(errors).not.toHaveLength(0);
  });

  it('allow a service importing a shared lib', async () => {
    const errors = await boundaryErrors(
      'services/order/src/boundary-probe.ts',
      "import { topics } from '@saga-shop/contracts';\nexport const probe = topics;\n",
    );
    expect(errors).toEqual([]);
  });
});

// One flat config for the workspace. The module-boundary rule is what keeps the architecture honest:
// services import libs, never each other; libs/contracts imports nothing of ours. A test in
// e2e/test/module-boundaries.e2e-spec.ts fails if these constraints are weakened.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Every deployable, from its manifest (services/<name>/service.json).
const servicesDir = path.join(import.meta.dirname, 'services');
const deployables = readdirSync(servicesDir)
  .filter((name) => existsSync(path.join(servicesDir, name, 'service.json')))
  .map((name) => JSON.parse(readFileSync(path.join(servicesDir, name, 'service.json'), 'utf8')).name);

// Test code of a lib may also use the test harness; production code may not.
const testFiles = ['**/test/**/*.ts', '**/*.spec.ts'];

export const dependencyConstraints = (inTests = false) => [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  {
    sourceTag: 'type:lib',
    onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...(inTests ? ['type:testing'] : [])],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
  // Each service has its own scope, so one service can never reach into another.
  ...deployables.map((service) => ({
    sourceTag: `scope:${service}`,
    onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
  })),
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const boundaries = (inTests) => [
  'error',
  { enforceBuildableLibDependency: true, allow: [], depConstraints: dependencyConstraints(inTests) },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.cache/**', '**/.data/**', '**/coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      // Services have no package entry point, so Nx cannot see an import of one as a project
      // dependency; this rule closes that gap. Services are deployables, never libraries.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@saga-shop/(${deployables.join('|')})(/|$)`,
              message: 'Services never import each other: share an event contract in @saga-shop/contracts.',
            },
          ],
        },
      ],
    },
  },
  { files: testFiles, rules: { '@nx/enforce-module-boundaries': boundaries(true) } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  prettier,
);

// Shared Jest setup. NestJS 12 is ESM-only, so Jest runs in ESM mode (node --experimental-vm-modules)
// and @swc/jest compiles TypeScript with legacy decorators and their metadata, which Nest's DI needs.
import path from 'node:path';

const workspaceRoot = import.meta.dirname;

/** @param {string} projectRoot absolute path of the project whose tests run */
export function createJestConfig(projectRoot) {
  return {
    displayName: path.relative(workspaceRoot, projectRoot),
    rootDir: projectRoot,
    testEnvironment: 'node',
    // Unit specs live beside the code; integration (*.int-spec.ts) and end-to-end (*.e2e-spec.ts)
    // tests live under test/ and talk to the real PostgreSQL and Kafka.
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.{int,e2e}-spec.ts'],
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
            keepClassNames: true,
          },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: {
      // Sources import with the .js suffix NodeNext requires; Jest resolves the .ts file.
      '^(\\.{1,2}/.*)\\.js$': '$1',
      // Workspace libraries are tested from source, never from a stale dist/.
      '^@saga-shop/([a-z-]+)$': `${workspaceRoot}/libs/$1/src/index.ts`,
      '^@saga-shop/platform/migrations$': `${workspaceRoot}/libs/platform/src/migrations/index.ts`,
    },
    testTimeout: 30_000,
  };
}

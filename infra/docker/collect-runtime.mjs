// Copies what one built service needs at run time into an image root (used by the Dockerfile's
// build stage): the root package.json ("type": "module"), the service's package.json, dist/ and
// its migrations (prisma/migrations, or the console's migrations/, applied by `dist/main.js
// migrate`), and package.json + dist/ (and migrations/, if it has some) of every workspace library
// it uses, directly or through another library.
// Reading the package.json dependencies, rather than a list in the Dockerfile, keeps the image
// right when a service starts or stops using a library.
//   node infra/docker/collect-runtime.mjs <service> <output dir>
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [service, outDir] = process.argv.slice(2);
if (!service || !outDir) throw new Error('usage: collect-runtime.mjs <service> <output dir>');

const root = path.resolve(import.meta.dirname, '../..');
const scope = '@saga-shop/';

function workspaceDependencies(projectDir) {
  const manifest = JSON.parse(readFileSync(path.join(root, projectDir, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith(scope))
    .map((name) => `libs/${name.slice(scope.length)}`);
}

function copy(relativePath) {
  const from = path.join(root, relativePath);
  if (!existsSync(from)) throw new Error(`${relativePath} is missing: was the service built?`);
  cpSync(from, path.join(outDir, relativePath), { recursive: true });
}

const serviceDir = `services/${service}`;
const libraries = new Set();
const pending = workspaceDependencies(serviceDir);
while (pending.length > 0) {
  const library = pending.pop();
  if (libraries.has(library)) continue;
  libraries.add(library);
  pending.push(...workspaceDependencies(library));
}

copy('package.json');
for (const part of ['package.json', 'dist']) copy(`${serviceDir}/${part}`);
// The four services keep Prisma's layout; the console, with no Prisma models, plain migrations/.
const migrations = ['prisma/migrations', 'migrations'].find((dir) =>
  existsSync(path.join(root, serviceDir, dir)),
);
if (!migrations) throw new Error(`${serviceDir} has no migrations folder`);
copy(`${serviceDir}/${migrations}`);
for (const library of libraries) {
  for (const part of ['package.json', 'dist']) copy(`${library}/${part}`);
  // A library's own migrations (libs/messaging's outbox and inbox), applied with the service's.
  if (existsSync(path.join(root, library, 'migrations'))) copy(`${library}/migrations`);
}
console.log(`${serviceDir} with ${[...libraries].sort().join(', ')} collected into ${outDir}`);

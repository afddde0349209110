// Writes the README's saga map from libs/contracts (who produces each event, who reacts and how,
// what it compensates), between its `generated: saga map` comment lines:
//   npm run saga-map            (rewrites README.md)
//   npm run saga-map -- --check (fails when README.md's map is stale; CI runs this)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import prettier from 'prettier';
import { sagaMapTable } from '@saga-shop/contracts';

const readmePath = path.resolve(import.meta.dirname, '../README.md');
const block = /(<!-- generated: saga map .*-->\n)[\s\S]*?(<!-- end generated: saga map -->)/;

const readme = await readFile(readmePath, 'utf8');
if (!block.test(readme))
  throw new Error('README.md: no <!-- generated: saga map --> ... <!-- end generated: saga map --> lines');
const written = readme.replace(
  block,
  (_match, start: string, end: string) => `${start}\n${sagaMapTable()}\n\n${end}`,
);
const options = await prettier.resolveConfig(readmePath);
const wanted = await prettier.format(written, { ...options, filepath: readmePath });
if (process.argv.includes('--check')) {
  if (wanted !== readme) {
    console.error('README.md: the saga map is stale; run npm run saga-map');
    process.exit(1);
  }
  console.log('saga map: up to date');
} else {
  await writeFile(readmePath, wanted);
  console.log(`saga map: ${wanted === readme ? 'up to date' : 'README.md written'}`);
}

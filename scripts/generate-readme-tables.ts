/** `npm run docs:tables`: regenerates the README tables from the profile data. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { updateReadme } from './readme-tables';

const file = path.resolve(__dirname, '..', 'README.md');
const before = readFileSync(file, 'utf8');
const after = updateReadme(before);
if (after === before) {
  process.stdout.write('README.md tables are up to date\n');
} else {
  writeFileSync(file, after);
  process.stdout.write('README.md tables regenerated\n');
}

/** `npm run docs:tables`: regenerates the tables of docs/profiles.md from the profile data. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TABLES_FILE, updateTables } from './readme-tables';

const file = path.resolve(__dirname, '..', TABLES_FILE);
const before = readFileSync(file, 'utf8');
const after = updateTables(before);
if (after === before) {
  process.stdout.write(`${TABLES_FILE} tables are up to date\n`);
} else {
  writeFileSync(file, after);
  process.stdout.write(`${TABLES_FILE} tables regenerated\n`);
}

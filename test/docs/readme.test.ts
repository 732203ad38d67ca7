/**
 * The README and docs/ agree with the code by test: the tables of docs/profiles.md are exactly what
 * the generator builds from the profile data, the README stays short and gives the two promised
 * commands, every relative link resolves, and every runtime dependency is justified in
 * docs/design.md (http-errors `scripts/lint-readme-list.js`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TABLES_FILE, updateTables } from '../../scripts/readme-tables';
import packageJson from '../../package.json';
import { profiles } from '../../src/profiles';
import { documentationFiles, ROOT } from './code-blocks';

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const readme = read('README.md');
const tables = read(TABLES_FILE);

describe('docs/profiles.md', () => {
  it('has tables identical to the profile data (run `npm run docs:tables` after changing a profile)', () => {
    expect(tables).toBe(updateTables(tables));
  });

  it('lists every var of every profile with its default in the profiles table', () => {
    const table = tables.slice(tables.indexOf('<!-- generated:profiles -->'), tables.indexOf('<!-- /generated:profiles -->'));
    expect(table.split('\n')[1]).toContain('| `vars` (default) |');
    for (const profile of Object.values(profiles)) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${profile.name}\` |`)) ?? '';
      for (const [name, value] of Object.entries(profile.document.vars ?? {})) expect(row).toContain(`\`${name}\` = \`${JSON.stringify(value)}\``);
    }
    expect(table).toContain('`softwareVersion` = `"9.0.0.2"` (X-HCP-SoftwareVersion)');
  });

  it('fails loudly when a table marker is missing', () => {
    expect(() => updateTables(tables.replace('<!-- generated:kinds -->', ''))).toThrow('docs/profiles.md is missing the <!-- generated:kinds --> … <!-- /generated:kinds --> markers');
  });
});

describe('README.md', () => {
  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('stays short: at most 200 lines, the rest is in docs/', () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });
});

describe('links', () => {
  const links = documentationFiles().flatMap((file) =>
    [...read(file).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
      .map((target) => [file, target] as const),
  );

  it('finds the relative links of the README and docs/', () => {
    expect(links.length).toBeGreaterThan(30);
  });

  it.each(links)('%s links to %s, which exists', (file, target) => {
    const resolved = path.join(ROOT, path.dirname(file), decodeURIComponent(target.replace(/#.*$/, '')));
    expect([target, existsSync(resolved)]).toEqual([target, true]);
  });
});

describe('docs/design.md', () => {
  it('justifies every runtime dependency, and only those', () => {
    const design = read('docs/design.md');
    const from = design.indexOf('## Runtime dependencies');
    const section = design.slice(from, design.indexOf('\n## ', from + 1) === -1 ? undefined : design.indexOf('\n## ', from + 1));
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
    expect(listed).toEqual(Object.keys(packageJson.dependencies).sort());
  });
});

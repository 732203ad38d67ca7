/**
 * The README agrees with the code by test: its tables are exactly what the generator builds from
 * the profile data, its quick start is the two promised commands, and every runtime dependency is
 * justified (http-errors `scripts/lint-readme-list.js`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { updateReadme } from '../../scripts/readme-tables';
import packageJson from '../../package.json';
import { profiles } from '../../src/profiles';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('README.md', () => {
  it('has tables identical to the profile data (run `npm run docs:tables` after changing a profile)', () => {
    expect(readme).toBe(updateReadme(readme));
  });

  it('lists every var of every profile with its default in the profiles table (issue 11 item 2)', () => {
    const table = readme.slice(readme.indexOf('<!-- generated:profiles -->'), readme.indexOf('<!-- /generated:profiles -->'));
    expect(table.split('\n')[1]).toContain('| `vars` (default) |');
    for (const profile of Object.values(profiles)) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${profile.name}\` |`)) ?? '';
      for (const [name, value] of Object.entries(profile.document.vars ?? {})) expect(row).toContain(`\`${name}\` = \`${JSON.stringify(value)}\``);
    }
    expect(table).toContain('`softwareVersion` = `"9.0.0.2"` (X-HCP-SoftwareVersion)');
  });

  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('justifies every runtime dependency, and only those', () => {
    const section = readme.slice(readme.indexOf('## Runtime dependencies'), readme.indexOf('## Development'));
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
    expect(listed).toEqual(Object.keys(packageJson.dependencies).sort());
  });

  it('fails loudly when a table marker is missing', () => {
    expect(() => updateReadme(readme.replace('<!-- generated:kinds -->', ''))).toThrow('README.md is missing the <!-- generated:kinds --> … <!-- /generated:kinds --> markers');
  });
});

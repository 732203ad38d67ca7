/**
 * The published package: every subpath in `exports` loads through both `require` and `import`,
 * exposes the same names both ways (koa `__tests__/load-with-esm.test.js`), and ships its type
 * declarations. Runs against the built `dist/` (npm test builds first) in a child Node process,
 * so Node's own resolver, not Jest's, reads the exports map.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import packageJson from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');
// Every code entry of the exports map (new adapters are covered as they are added).
const SUBPATHS = Object.keys(packageJson.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? packageJson.name : `${packageJson.name}/${key.slice(2)}`));

const PROBE = `
const subpaths = ${JSON.stringify(SUBPATHS)};
(async () => {
  const out = {};
  for (const id of subpaths) {
    const cjs = Object.keys(require(id)).filter((k) => k !== 'default' && k !== '__esModule').sort();
    const esm = Object.keys(await import(id)).filter((k) => k !== 'default' && k !== 'module.exports').sort();
    out[id] = { cjs, esm };
  }
  const { profiles, render, notFound } = await import('vendor-compat');
  out.render = render(notFound('x'), profiles.vsp, { method: 'GET', path: '/p' }).status;
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

describe('package exports (built dist/)', () => {
  let probe: Record<string, { cjs: string[]; esm: string[] }> & { render?: number };

  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'dist/index.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    probe = JSON.parse(execFileSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8' })) as typeof probe;
  });

  it.each(SUBPATHS)('%s exposes the same names through require and import', (id) => {
    const entry = probe[id];
    expect(entry?.cjs.length).toBeGreaterThan(0);
    expect(entry?.esm).toEqual(entry?.cjs);
  });

  it.each(['express', 'koa', 'node', 'fastify', 'fetch', 'hono'])('vendor-compat/%s exports vendorCompat (docs/vocabulary.md)', (adapter) => {
    expect(probe[`vendor-compat/${adapter}`]?.cjs).toContain('vendorCompat');
  });

  it('bundles the profile JSON so the ESM build renders without reading files', () => {
    expect(probe.render).toBe(404);
  });

  type Conditions = { import: { types: string; default: string }; require: { types: string; default: string } };
  const conditionEntries = Object.entries(packageJson.exports).filter((entry): entry is [string, Conditions] => typeof entry[1] === 'object');
  it.each(conditionEntries)(
    'ships every file the exports map names for %s',
    (_subpath, conditions) => {
      const files = [conditions.import.types, conditions.import.default, conditions.require.types, conditions.require.default];
      for (const file of files) expect(existsSync(path.join(ROOT, file))).toBe(true);
    },
  );

  it('declares the frameworks (express, koa and any other adapter target) as optional peers, never as dependencies', () => {
    const peers = Object.keys(packageJson.peerDependencies);
    expect(peers).toEqual(expect.arrayContaining(['express', 'koa']));
    for (const peer of peers) expect(Object.keys(packageJson.dependencies)).not.toContain(peer);
    expect(packageJson.peerDependenciesMeta).toEqual(Object.fromEntries(peers.map((peer) => [peer, { optional: true }])));
  });
});

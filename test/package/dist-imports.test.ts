/**
 * `dependencies` lists exactly what the built `dist/` loads (npm test builds first): every package
 * a dist/*.cjs `require`s or a dist/*.mjs `import`s is a dependency or a peer dependency, and every
 * dependency is loaded by some file. Node built-ins need no entry. What tsup bundles (rou3, ESM
 * only: tsup.config.ts `noExternal`) appears nowhere, so it is a devDependency. The declarations
 * may name a dependency, a peer dependency or a Node built-in (typed by the consumer's @types/node).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

interface PackageJson {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  imports?: Record<string, Record<string, string>>;
}
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Module specifiers in built JavaScript or declarations: require(), import/export … from, import(), bare import. */
// `__require.call(void 0, "x")` is how esbuild writes a lazy require inside a function body.
const SPECIFIER = /\b(?:__)?require(?:\(|\.call\(\s*void 0\s*,)\s*(["'])([^"']+)\1\s*\)|\bfrom\s*(["'])([^"']+)\3|\bimport\(\s*(["'])([^"']+)\5\s*\)|^\s*import\s*(["'])([^"']+)\7/gm;

/** Strips block and line comments (the declarations keep JSDoc, whose @example imports are not imports). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function specifiersOf(file: string): string[] {
  const text = withoutComments(readFileSync(path.join(DIST, file), 'utf8'));
  return [...text.matchAll(SPECIFIER)].map((match) => match[2] ?? match[4] ?? match[6] ?? match[8] ?? '');
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** `ajv/dist/2020.js` → `ajv`, `@scope/name/x` → `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The packages the given dist files load (neither relative, nor built-in, nor the package's own `#` subpath imports), sorted. */
function packagesLoadedBy(files: string[]): string[] {
  const specifiers = files.flatMap(specifiersOf).filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('#') && !isBuiltin(specifier));
  return [...new Set(specifiers.map(packageOf))].sort();
}

describe('dependencies == what dist/ loads', () => {
  let files: string[];
  beforeAll(() => {
    if (!existsSync(path.join(DIST, 'index.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    files = readdirSync(DIST);
  });

  it('finds the loads it should (the parser sees require, import and import())', () => {
    expect(specifiersOf('index.cjs').length).toBeGreaterThan(0);
    expect(files.filter((file) => /\.(cjs|mjs)$/.test(file)).flatMap(specifiersOf).some(isBuiltin)).toBe(true);
  });

  it('every package dist/*.cjs and dist/*.mjs load is a dependency or a peer dependency, and every dependency is loaded', () => {
    const loaded = packagesLoadedBy(files.filter((file) => /\.(cjs|mjs)$/.test(file)));
    const peers = Object.keys(pkg.peerDependencies ?? {});
    expect(loaded.filter((name) => !peers.includes(name))).toEqual(Object.keys(pkg.dependencies ?? {}).sort());
  });

  it("every `#` subpath a dist file imports is one of package.json's `imports`, and each of its targets ships in dist/", () => {
    const own = [...new Set(files.filter((file) => /\.(cjs|mjs)$/.test(file)).flatMap(specifiersOf).filter((specifier) => specifier.startsWith('#')))];
    expect(own).toEqual(['#vendor-compat/packages']);
    for (const name of own) {
      const targets = Object.values(pkg.imports?.[name] ?? {});
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(files).toContain(path.basename(target));
    }
  });

  it('CommonJS and ESM load the same packages', () => {
    expect(packagesLoadedBy(files.filter((file) => file.endsWith('.mjs')))).toEqual(
      packagesLoadedBy(files.filter((file) => file.endsWith('.cjs') && file !== 'cli.cjs')),
    );
  });

  it('the declarations name only dependencies, peer dependencies and Node built-ins', () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const named = packagesLoadedBy(files.filter((file) => /\.d\.(m|c)?ts$/.test(file)));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('rou3 is bundled, so it is a devDependency and no dist file loads it', () => {
    expect(pkg.dependencies?.['rou3']).toBeUndefined();
    expect(pkg.devDependencies?.['rou3']).toBeDefined();
    expect(files.filter((file) => specifiersOf(file).some((specifier) => packageOf(specifier) === 'rou3'))).toEqual([]);
    // Its MIT notice travels in LICENSE (the bundled code is a copy).
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('Copyright (c) Pooya Parsa');
  });

  it('the CLI ships once: dist/cli.cjs (the bin), with no ESM copy and no declarations', () => {
    expect(pkg.bin).toEqual({ 'vendor-compat': 'dist/cli.cjs' });
    expect(files.filter((file) => file.startsWith('cli.'))).toEqual(['cli.cjs']);
  });
});

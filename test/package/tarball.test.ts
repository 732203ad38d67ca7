/**
 * The package as a user gets it: the tarball `npm pack` makes, installed into a temporary project
 * beside Express, Koa, Fastify and Hono, then used from CommonJS, ESM and TypeScript. TypeScript
 * compiles the consumer with `strict` and `skipLibCheck: false` (so the package's own declarations
 * are checked), on the repository's TypeScript (5.9) and on the newest major npm serves
 * (`typescript-next`, an npm alias), under the node16, nodenext and bundler resolutions (and
 * node10 on 5.9: TypeScript 7 no longer has it). `@arethetypeswrong/cli` reads the same tarball.
 * The tarball's file list and packed size are pinned, and its `bin` runs.
 *
 * Which tarball: by default the checkout's, packed with `--ignore-scripts` from the dist/ that
 * `npm test` has just built (running prepack here would rebuild dist/ under the suites that read it,
 * and double the time). That prepack builds is asserted on package.json. `VC_PACK_FRESH_CLONE=1`
 * packs a fresh clone instead (the checkout's tracked and untracked-but-not-ignored files, no
 * dist/, node_modules linked) and lets prepack build it, as `npm pack` or a git install does.
 *
 * Installing without a network: `npm ci` fills the npm cache with tarballs but not with the registry
 * metadata that `npm install --offline` needs to resolve `express`/`koa`/`ajv` by range, so a CI
 * machine with a cold metadata cache would fail. Instead the tarball is unpacked into the temporary
 * project's `node_modules/vendor-compat` (exactly what npm does with it), and each package the
 * tarball's own package.json declares (`dependencies`, `peerDependencies`) plus the consumers'
 * `@types` is a symlink to the checkout's installed copy. The project lives outside the checkout,
 * so a dependency the package forgets to declare cannot be found by walking up.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { render, conflict, notFound, profiles } from '../support/internals';
import { vendorCompat as fetchCompat } from '../../src/fetch';
import { vendorCompat as honoCompat } from '../../src/hono';
import { Hono } from 'hono';
import { ADAPTERS, codeSubpaths, cjsConsumer, esmConsumer, specifierOf, tsConsumer } from './consumer-sources';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ATTW = path.join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');

/**
 * The TypeScript versions the consumer compiles with: the repository's (`typescript`, ~5.9) and the
 * newest major npm serves (`typescript-next`: `npm view typescript version` gave 7.0.2 when this was
 * written; TypeScript 7 is the native compiler, run through its `bin/tsc` like 5.9's).
 */
const TYPESCRIPTS = [
  { name: 'typescript', label: 'TypeScript 5.9', major: 5 },
  { name: 'typescript-next', label: 'TypeScript 7', major: 7 },
].map((ts) => ({
  ...ts,
  tsc: path.join(ROOT, 'node_modules', ts.name, 'bin/tsc'),
  version: (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', ts.name, 'package.json'), 'utf8')) as { version: string }).version,
}));

/**
 * What ships, with the build's content hashes as `*` (`dist/chunk-*.cjs` once per chunk). A change
 * here is a change to the package: update the list on purpose.
 */
const SHIPPED_FILES = [
  'LICENSE',
  'README.md',
  'SECURITY.md',
  'package.json',
  'docs/sources/README.md',
  'docs/sources/hcp-s3.md',
  'docs/sources/hcp.md',
  'docs/sources/huawei-apig-mpc-stratos.md',
  'docs/sources/s3.md',
  'docs/sources/seeds/seed-003-apig-status-codes.md',
  'docs/sources/seeds/seed-004-mpc-status-codes.md',
  'docs/sources/vsp.md',
  'dist/cli.cjs',
  ...['index', 'express', 'koa', 'node', 'fastify', 'fetch', 'hono', 'testing', 'otel', 'nest'].flatMap((entry) =>
    ['cjs', 'mjs', 'd.ts', 'd.mts'].map((extension) => `dist/${entry}.${extension}`),
  ),
  // The profile-document validator, loaded by defineProfile for custom profiles only, and the route
  // table, loaded by an app with routes or an OpenAPI document only (no declarations).
  'dist/profile-document.cjs',
  'dist/profile-document.mjs',
  'dist/app-routes.cjs',
  'dist/app-routes.mjs',
  // The ESM build's lazy loads (package.json `imports` `#vendor-compat/packages`): on Node, and elsewhere.
  'dist/esm-packages.mjs',
  'dist/esm-packages.node.mjs',
  // Declarations shared by several entries (rollup-plugin-dts names them after a module).
  ...['answer', 'app-config', 'decode-error', 'documents'].flatMap((shared) => [`dist/${shared}-*.d.ts`, `dist/${shared}-*.d.mts`]),
  // Code shared by several entries (esbuild's splitting).
  // More CommonJS chunks than ESM ones: the CommonJS build keeps the route table's code apart.
  ...Array.from({ length: 17 }, () => 'dist/chunk-*.cjs'),
  ...Array.from({ length: 12 }, () => 'dist/chunk-*.mjs'),
].sort();

/**
 * The packed (gzipped) size may not pass this: 400,870 bytes were measured when it was set (with the
 * testing, otel and nest entries, the precompiled profile validators, and the s3 and hcp-s3
 * profiles: two documents of about 20 KB with their body validators, in the CommonJS and ESM
 * builds, and their sources pages), plus ~15%. The test prints the size each run.
 */
const MAX_PACKED_BYTES = 460_000;

/** One error tsc printed: `file(line,col): error TS2694: message` (file is '' for a global error). */
interface Diagnostic {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

function diagnosticsOf(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const located = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    const global = /^error (TS\d+): (.*)$/.exec(line);
    if (located) found.push({ file: located[1]!.split(path.sep).join('/'), code: located[2]!, message: located[3]! });
    else if (global) found.push({ file: '', code: global[1]!, message: global[2]! });
  }
  // Output that is not a list of errors (a crash) is an error of its own.
  if (found.length === 0 && output.trim() !== '') found.push({ file: '', code: 'tsc', message: output.trim().slice(0, 2000) });
  return found;
}

/** An error in a third party's declarations (under node_modules, not this package's). */
function isThirdParty(diagnostic: Diagnostic): boolean {
  return diagnostic.file.includes('node_modules/') && !diagnostic.file.includes('node_modules/vendor-compat/');
}

/**
 * Errors in other packages' declarations that `skipLibCheck: false` shows whatever this package
 * does: @types/koa 3 reads `contentDisposition.Options` from the `content-disposition` that Koa 3
 * and Express 5 install (1.x, which ships its own types without that namespace). Not ours to fix;
 * any other third-party error fails the test, so a new one is looked at.
 */
const KNOWN_THIRD_PARTY_ERRORS = [{ file: /\/@types\/koa\/index\.d\.ts$/, code: 'TS2694', message: /content-disposition.*'Options'/ }];

/** A packed file's path with the build's content hash (8 characters, `-` and `_` included) replaced by `*`. */
function withoutHash(file: string): string {
  return file.replace(/^dist\/chunk-[A-Z0-9]+\.(c|m)js$/, 'dist/chunk-*.$1js').replace(/^dist\/([a-z-]+)-[A-Za-z0-9_-]{8}\.d\.(m?)ts$/, 'dist/$1-*.d.$2ts');
}

/** 32-hex request ids replaced, so two answers can be compared. */
function withoutIds(body: string): string {
  return body.replace(/[0-9a-f]{32}/g, '<id>');
}

interface PackageJson {
  name: string;
  scripts?: Record<string, string>;
  exports: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
}

interface Probed {
  status: number;
  type: string | null;
  body: string;
}
interface ConsumerOutput {
  root: { status: number; body: string };
  express: Probed;
  koa: Probed;
  node: Probed;
  fastify: { status: number; errorMessage: string; body: string };
  fetch: Probed;
  hono: Probed;
  profiles: string[];
  namespaces: Record<string, string[]>;
}

/** `VC_PACK_FRESH_CLONE=1`: pack a fresh clone and let its prepack build dist/ (slower). */
const FRESH_CLONE = process.env.VC_PACK_FRESH_CLONE === '1';
const repoPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const SUBPATHS = codeSubpaths(repoPackage.exports);

/** What a clone never has: build output, installed modules, git's own files. */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', 'dist-demo', 'coverage', '.git']);

/**
 * Copies what a fresh clone has: tracked plus untracked-but-not-ignored files (what the next commit
 * holds); without git (a source archive), everything but build output and node_modules.
 */
async function copyClone(clone: string): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout }) => stdout.split('\0').filter((file) => file !== '' && existsSync(path.join(ROOT, file))),
    () => undefined,
  );
  if (listed === undefined) {
    cpSync(ROOT, clone, { recursive: true, filter: (source) => !NOT_IN_A_CLONE.has(path.relative(ROOT, source).split(path.sep)[0] ?? '') });
    return;
  }
  for (const file of listed) {
    if (NOT_IN_A_CLONE.has(file.split('/')[0] ?? '')) continue;
    mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(clone, file));
  }
}

function link(projectModules: string, name: string): void {
  const source = path.join(ROOT, 'node_modules', name);
  if (!existsSync(source)) return;
  const target = path.join(projectModules, name);
  mkdirSync(path.dirname(target), { recursive: true });
  if (!existsSync(target)) symlinkSync(source, target, 'junction');
}

/**
 * The subpaths a TypeScript project can import. Nest 12 is published as ES modules only, so a
 * CommonJS program under `node16` cannot import `@nestjs/common`, nor `vendor-compat/nest` which
 * re-exports its types (TS1479, the same error the program gets for `@nestjs/common` itself);
 * `nodenext` (TypeScript 5.8+) and every ESM program import it.
 */
function subpathsFor(tsProject: { readonly name?: string }): string[] {
  return tsProject.name === 'node16-cjs' ? SUBPATHS.filter((subpath) => subpath !== './nest') : SUBPATHS;
}

// One tsc project per TypeScript version, resolution and module format, in a directory whose
// package.json has `type`: each program is one consumer, CommonJS or ESM, as a real project is.
const RESOLUTIONS = [
  { mode: 'node10', name: 'node10', type: 'commonjs', module: 'commonjs', files: { 'index.ts': 'node10' } },
  { mode: 'node16', name: 'node16-cjs', type: 'commonjs', module: 'node16', files: { 'index.ts': 'node16 (CommonJS)' } },
  { mode: 'node16', name: 'node16-esm', type: 'module', module: 'node16', files: { 'index.ts': 'node16 (ESM)' } },
  { mode: 'nodenext', name: 'nodenext-cjs', type: 'commonjs', module: 'nodenext', files: { 'index.ts': 'nodenext (CommonJS)' } },
  { mode: 'nodenext', name: 'nodenext-esm', type: 'module', module: 'nodenext', files: { 'index.ts': 'nodenext (ESM)' } },
  { mode: 'bundler', name: 'bundler', type: 'module', module: 'esnext', files: { 'index.ts': 'bundler' } },
] as const;

// TypeScript 7 removed `moduleResolution: node10` (deprecated in 6.0): it runs the others.
const TS_PROJECTS = TYPESCRIPTS.flatMap((ts) =>
  RESOLUTIONS.filter((resolution) => !(ts.major >= 7 && resolution.mode === 'node10')).map((resolution) => ({
    ...resolution,
    ts,
    dir: `ts${ts.major}-${resolution.name}`,
  })),
);

/**
 * One program holding a CommonJS and an ESM consumer at once (`.cts` and `.mts` under nodenext), so
 * it loads both declaration copies (dist/*.d.ts and dist/*.d.mts). Not run, only compiled.
 */
const DUAL_PROJECT = {
  mode: 'nodenext',
  name: 'nodenext-dual',
  type: 'commonjs',
  module: 'nodenext',
  files: { 'index.cts': 'nodenext (CommonJS)', 'index.mts': 'nodenext (ESM)' },
  ts: TYPESCRIPTS[TYPESCRIPTS.length - 1]!,
  dir: `ts${TYPESCRIPTS[TYPESCRIPTS.length - 1]!.major}-nodenext-dual`,
} as const;

/** `index.cts` → `out/index.cjs`, as tsc names its output. */
function emitted(source: string): string {
  return `out/${source.replace(/\.ts$/, '.js').replace(/\.cts$/, '.cjs').replace(/\.mts$/, '.mjs')}`;
}

const TS_CONSUMERS = TS_PROJECTS.flatMap((project) =>
  Object.entries(project.files).map(([source, name]) => ({ name: `${project.ts.label} ${name}`, file: path.join(project.dir, emitted(source)), subpaths: subpathsFor(project) })),
);

/** The subpaths a consumer imports (every one but where `subpathsFor` leaves one out). */
function consumerSubpaths(consumer: string): string[] {
  return TS_CONSUMERS.find((candidate) => candidate.name === consumer)?.subpaths ?? SUBPATHS;
}

describe('the packed tarball, installed into a fresh project', () => {
  // This file only: twelve tsc runs checking every declaration (skipLibCheck false), thirteen node
  // runs and attw; the margin is for a busy CI machine (two cores shared by several jobs).
  jest.setTimeout(600_000);

  let work: string;
  let tarball: string;
  let packedFiles: string[];
  let packedSize: number;
  let installed: PackageJson;
  let installDir: string;
  const outputs = new Map<string, ConsumerOutput>();
  const diagnostics = new Map<string, Diagnostic[]>();

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'vendor-compat-pack-'));
    // 1-2. The tarball: from a fresh clone whose prepack builds dist/, or from the checkout.
    const packDir = path.join(work, 'pack');
    mkdirSync(packDir);
    let packFrom = ROOT;
    const packArgs = ['pack', '--json', '--pack-destination', packDir];
    if (FRESH_CLONE) {
      packFrom = path.join(work, 'clone');
      await copyClone(packFrom);
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(packFrom, 'node_modules'), 'junction');
      expect(existsSync(path.join(packFrom, 'dist'))).toBe(false);
    } else {
      if (!existsSync(path.join(ROOT, 'dist/index.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
      packArgs.push('--ignore-scripts');
    }
    const { stdout } = await run(NPM, packArgs, { cwd: packFrom, maxBuffer: 16 * 1024 * 1024 });
    // The prepack build may log to stdout too; npm's JSON report is the array that follows it.
    const packed = JSON.parse(stdout.slice(stdout.search(/^\[\s*\{/m))) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
    tarball = path.join(packDir, path.basename(packed[0]!.filename));
    packedFiles = packed[0]!.files.map((file) => file.path);
    packedSize = packed[0]!.size;
    process.stdout.write(`vendor-compat tarball: ${packed[0]!.size} bytes packed, ${packed[0]!.unpackedSize} unpacked, ${packedFiles.length} files\n`);

    // 3. The consumer project: the tarball unpacked where npm puts it, its declared deps beside it.
    const project = path.join(work, 'project');
    const modules = path.join(project, 'node_modules');
    installDir = path.join(modules, repoPackage.name);
    mkdirSync(installDir, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', installDir, '--strip-components=1']);
    installed = JSON.parse(readFileSync(path.join(installDir, 'package.json'), 'utf8')) as PackageJson;
    const declared = [...Object.keys(installed.dependencies ?? {}), ...Object.keys(installed.peerDependencies ?? {})];
    for (const name of declared) link(modules, name);
    for (const name of ['@types/node', ...declared.map((name) => `@types/${name}`)]) link(modules, name);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));

    // 4. The consumers: CJS and ESM as written, TypeScript compiled under each resolution mode.
    writeFileSync(path.join(project, 'consumer.cjs'), cjsConsumer(installed.name, SUBPATHS));
    writeFileSync(path.join(project, 'consumer.mjs'), esmConsumer(installed.name, SUBPATHS));
    const compiled: Array<Promise<unknown>> = [];
    for (const tsProject of [...TS_PROJECTS, DUAL_PROJECT]) {
      const dir = path.join(project, tsProject.dir);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: tsProject.type }));
      for (const source of Object.keys(tsProject.files)) writeFileSync(path.join(dir, source), tsConsumer(installed.name, subpathsFor(tsProject)));
      const compilerOptions = {
        target: 'ES2022',
        lib: ['ES2022'],
        module: tsProject.module,
        moduleResolution: tsProject.mode,
        strict: true,
        esModuleInterop: true,
        // Every declaration is checked: the package's own, and what they import.
        skipLibCheck: false,
        // Emitted even with an error elsewhere (KNOWN_THIRD_PARTY_ERRORS), so the consumer runs;
        // the errors themselves are judged by the tests below.
        noEmitOnError: false,
        types: ['node'],
        outDir: 'out',
      };
      writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(tsProject.files) }));
      compiled.push(
        run(process.execPath, [tsProject.ts.tsc, '-p', 'tsconfig.json'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).then(
          () => diagnostics.set(tsProject.dir, []),
          (err: { stdout?: string }) => diagnostics.set(tsProject.dir, diagnosticsOf(err.stdout ?? String(err))),
        ),
      );
    }
    await Promise.all(compiled);

    const programs: Array<[string, string]> = [
      ['CommonJS (require)', path.join(project, 'consumer.cjs')],
      ['ESM (import)', path.join(project, 'consumer.mjs')],
      ...TS_CONSUMERS.map((consumer): [string, string] => [consumer.name, path.join(project, consumer.file)]),
    ];
    await Promise.all(
      programs.map(async ([name, file]) => {
        const result = await run(process.execPath, [file], { cwd: path.dirname(file) }).catch((err: { stderr?: string }) => {
          throw new Error(`${name} consumer failed:\n${err.stderr ?? String(err)}`);
        });
        outputs.set(name, JSON.parse(result.stdout) as ConsumerOutput);
      }),
    );
  });

  afterAll(() => {
    // VC_KEEP_PACK=1 keeps the clone, the tarball and the consumer project for a look.
    if (work && process.env.VC_KEEP_PACK !== '1') rmSync(work, { recursive: true, force: true });
  });

  it(`ships every file the exports map names (${FRESH_CLONE ? 'dist/ built by prepack in a fresh clone' : 'prepack builds dist/'})`, () => {
    expect(repoPackage.scripts?.['prepack']).toBe('npm run build');
    for (const [subpath, conditions] of Object.entries(installed.exports)) {
      if (subpath === './package.json') continue;
      const files = JSON.stringify(conditions).match(/\.\/dist\/[^"]+/g) ?? [];
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(packedFiles).toContain(file.slice(2));
    }
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    // The README's and the profiles' source links (docs/sources/*.md#…) resolve inside the package too.
    const sources = readdirSync(path.join(ROOT, 'docs', 'sources'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    expect(packedFiles.filter((file) => file.startsWith('docs/sources/')).sort()).toEqual(sources.sort());
    expect(packedFiles.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
  });

  it('ships exactly the pinned files (content hashes aside)', () => {
    expect(packedFiles.map(withoutHash).sort()).toEqual(SHIPPED_FILES);
  });

  it(`packs into at most ${MAX_PACKED_BYTES} bytes`, () => {
    expect(packedSize).toBeGreaterThan(0);
    expect(packedSize).toBeLessThanOrEqual(MAX_PACKED_BYTES);
  });

  it('ships no chunk that no entry loads (the ESM CLI is removed after the build)', () => {
    const code = packedFiles.filter((file) => /^dist\/.+\.(c|m)js$/.test(file));
    const entries = code.filter((file) => !file.startsWith('dist/chunk-'));
    const reached = new Set<string>();
    const queue = [...entries];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (reached.has(file)) continue;
      reached.add(file);
      const text = readFileSync(path.join(installDir, file), 'utf8');
      for (const match of text.matchAll(/["'](\.\/chunk-[A-Z0-9]+\.(?:c|m)js)["']/g)) queue.push(`dist/${match[1]!.slice(2)}`);
    }
    expect(code.filter((file) => !reached.has(file))).toEqual([]);
  });

  it('runs its bin from the installed package (the CommonJS CLI, executable, with its shebang)', async () => {
    expect(installed.bin).toEqual({ 'vendor-compat': 'dist/cli.cjs' });
    for (const bin of Object.values(installed.bin ?? {})) {
      expect(readFileSync(path.join(installDir, bin), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
      const { stdout } = await run(path.join(installDir, bin), ['--help'], { cwd: installDir });
      expect(stdout.split('\n')[0]).toBe('usage: vendor-compat <command> [options]');
      expect(stdout).toContain('openapi --profile <name>');
    }
  });

  it(`compiles the TypeScript consumer on ${TYPESCRIPTS.map((ts) => ts.version).join(' and ')}`, () => {
    expect(TYPESCRIPTS.map((ts) => Number(ts.version.split('.')[0]))).toEqual([5, 7]);
    expect(TYPESCRIPTS[0]!.version).toMatch(/^5\.9\./);
    expect([...diagnostics.keys()].sort()).toEqual([...TS_PROJECTS, DUAL_PROJECT].map((project) => project.dir).sort());
    process.stdout.write(`TypeScript versions: ${TYPESCRIPTS.map((ts) => ts.version).join(', ')}; projects: ${TS_PROJECTS.map((project) => project.dir).join(', ')}\n`);
  });

  describe.each(TS_PROJECTS.map((project) => [`${project.ts.label} ${project.name}`, project.dir] as const))('%s, strict, skipLibCheck false', (_name, dir) => {
    it('finds no error in the package\'s declarations nor in the consumer', () => {
      expect(diagnostics.get(dir)?.filter((diagnostic) => !isThirdParty(diagnostic))).toEqual([]);
    });

    it('finds no error in other packages\' declarations beyond the known ones', () => {
      const unknown = diagnostics.get(dir)?.filter(
        (diagnostic) => isThirdParty(diagnostic) && !KNOWN_THIRD_PARTY_ERRORS.some((known) => known.file.test(diagnostic.file) && known.code === diagnostic.code && known.message.test(diagnostic.message)),
      );
      expect(unknown).toEqual([]);
    });
  });

  // KNOWN DEFECT (it.failing passes while the defect is there, and fails once it is fixed: then make
  // this an ordinary `it`). With both declaration copies in one program, the Fastify augmentation
  // `FastifyInstance.vendorCompat: FastifyVendorCompat` is declared twice with two distinct
  // `FastifyVendorCompat` types (TS2717 in dist/fastify.d.mts): its `profile: Profile` differs,
  // because Profile's `[COMPILED]` key is a `unique symbol`, a distinct one in each copy (replacing
  // it with `unknown` in both copies clears the error). Programs of one format, as above, are not
  // affected.
  it.failing(`${DUAL_PROJECT.ts.label} nodenext, one program with a .cts and a .mts consumer: no error in the package's declarations`, () => {
    expect(diagnostics.get(DUAL_PROJECT.dir)?.filter((diagnostic) => !isThirdParty(diagnostic))).toEqual([]);
  });

  it(`${DUAL_PROJECT.ts.label} nodenext, one program with a .cts and a .mts consumer: the only errors in the package's declarations are the Fastify and testing augmentations'`, () => {
    const ours = diagnostics.get(DUAL_PROJECT.dir)?.filter((diagnostic) => !isThirdParty(diagnostic)) ?? [];
    // The same dual-declaration cause: vendor-compat/testing's augmentation of Jest's `Matchers`
    // extends a `VendorErrorMatchers` declared once in each copy (TS2320 in dist/testing.d.ts).
    const dualDeclared = (diagnostic: { code: string; file: string; message: string }): boolean =>
      (diagnostic.code === 'TS2717' && /\/dist\/fastify\.d\.(m?)ts$/.test(diagnostic.file) && /'vendorCompat'/.test(diagnostic.message)) ||
      (diagnostic.code === 'TS2320' && /\/dist\/testing\.d\.(m?)ts$/.test(diagnostic.file) && /VendorErrorMatchers/.test(diagnostic.message));
    expect(ours.filter((diagnostic) => !dualDeclared(diagnostic))).toEqual([]);
  });

  it('maps every subpath for node10 TypeScript through typesVersions', () => {
    // node10 ignores `exports`; without these entries `vendor-compat/express` is TS2307.
    for (const subpath of SUBPATHS.filter((key) => key !== '.')) {
      const entry = installed.typesVersions?.['*']?.[subpath.slice(2)];
      expect({ subpath, entry }).toEqual({ subpath, entry: [expect.stringMatching(/^\.\/dist\/.+\.d\.ts$/)] });
      expect(packedFiles).toContain(entry![0]!.slice(2));
    }
  });

  const CONSUMERS = ['CommonJS (require)', 'ESM (import)', ...TS_CONSUMERS.map((consumer) => consumer.name)];

  // What the Fetch and Hono adapters answer in this process (the sources the tarball was built from).
  let fetchExpected: Probed;
  let honoExpected: Probed;
  beforeAll(async () => {
    const answered = await fetchCompat({ profile: 'apig' }).wrap(async () => {
      throw conflict('Pool is in use');
    })(new Request('http://127.0.0.1/boom'));
    fetchExpected = { status: answered.status, type: answered.headers.get('content-type'), body: await answered.text() };
    const hono = new Hono();
    hono.notFound(honoCompat({ profile: 'mpc' }).notFound);
    const unmatched = await hono.request('/nowhere');
    honoExpected = { status: unmatched.status, type: unmatched.headers.get('content-type'), body: await unmatched.text() };
  });

  describe.each(CONSUMERS)('%s consumer', (consumer) => {
    it('loads every subpath of exports, each with names; every adapter exports vendorCompat', () => {
      const namespaces = outputs.get(consumer)!.namespaces;
      expect(Object.keys(namespaces)).toEqual(consumerSubpaths(consumer).map((subpath) => specifierOf(installed.name, subpath)));
      for (const names of Object.values(namespaces)) expect(names.length).toBeGreaterThan(0);
      for (const adapter of ADAPTERS) expect({ adapter, names: namespaces[`${installed.name}/${adapter}`] }).toEqual({ adapter, names: expect.arrayContaining(['vendorCompat']) });
    });

    it('renders through the root entry (VSP 404, the bundled profile JSON)', () => {
      const root = outputs.get(consumer)!.root;
      expect(root.status).toBe(404);
      expect(root.body).toBe(render(notFound('x'), profiles.vsp, { method: 'GET', path: '/p' }).body);
      expect(JSON.parse(root.body)).toMatchObject({ errorSource: '/p', messageId: 'KART94040-E', message: 'x' });
    });

    it('answers a thrown 409 through Express (Stratos)', () => {
      expect(outputs.get(consumer)!.express).toEqual({
        status: 409,
        type: 'application/json',
        body: '{"status":"error","message":"Pool is in use"}',
      });
    });

    it('answers a thrown 409 through Koa (APIG)', () => {
      const koa = outputs.get(consumer)!.koa;
      expect({ status: koa.status, type: koa.type }).toEqual({ status: 409, type: 'application/json' });
      const body = JSON.parse(koa.body) as Record<string, unknown>;
      const expected = JSON.parse(render(conflict('Pool is in use'), profiles.apig, { method: 'GET', path: '/boom' }).body) as Record<string, unknown>;
      expect(body).toEqual({ ...expected, request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(body['error_msg']).toBe('Pool is in use');
    });

    it('answers a thrown 409 through node:http (RFC 9457 problem)', () => {
      expect(outputs.get(consumer)!.node).toEqual({
        status: 409,
        type: 'application/problem+json',
        body: '{"type":"about:blank","title":"Conflict","status":409,"detail":"Pool is in use","instance":"/boom"}',
      });
    });

    it('answers a thrown 409 through Fastify (HCP: 403 with X-HCP-ErrorMessage, no body)', () => {
      // docs/sources/hcp.md: HCP answers a conflict with 403 and the message in X-HCP-ErrorMessage.
      const rendered = render(conflict('Pool is in use'), profiles.hcp, { method: 'GET', path: '/boom' });
      expect(rendered).toMatchObject({ status: 403, body: '', headers: { 'X-HCP-ErrorMessage': 'Pool is in use' } });
      expect(outputs.get(consumer)!.fastify).toEqual({ status: 403, errorMessage: 'Pool is in use', body: '' });
    });

    it('answers a thrown 409 through Fetch (APIG), as the sources do', () => {
      const fetched = outputs.get(consumer)!.fetch;
      expect({ ...fetched, body: withoutIds(fetched.body) }).toEqual({ ...fetchExpected, body: withoutIds(fetchExpected.body) });
      expect(fetched).toMatchObject({ status: 409, type: 'application/json' });
      expect(JSON.parse(fetched.body)).toMatchObject({ error_msg: 'Pool is in use', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    });

    it('answers an unmatched route through Hono (MPC, the gateway 404), as the sources do', () => {
      const hono = outputs.get(consumer)!.hono;
      expect({ ...hono, body: withoutIds(hono.body) }).toEqual({ ...honoExpected, body: withoutIds(honoExpected.body) });
      expect(hono.status).toBe(404);
    });

    it('reads each adapter\'s profile (Fastify\'s on app.vendorCompat)', () => {
      expect(outputs.get(consumer)!.profiles).toEqual(['stratos', 'apig', 'problem', 'hcp', 'apig', 'mpc']);
    });
  });

  it('has no problem in any resolution mode according to @arethetypeswrong/cli', async () => {
    // Every mode of the "strict" profile applies (node10, node16 from CJS and from ESM, bundler):
    // the package ships both formats, so none is ignored.
    const { stdout } = await run(process.execPath, [ATTW, tarball, '--format', 'json', '--no-color'], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '{}' }),
    );
    const report = JSON.parse(stdout) as { problems?: unknown; analysis?: { problems?: unknown[]; entrypoints?: Record<string, unknown> } };
    expect(report.analysis?.problems).toEqual([]);
    expect(Object.keys(report.analysis?.entrypoints ?? {}).sort()).toEqual(Object.keys(installed.exports).sort());
  });
});

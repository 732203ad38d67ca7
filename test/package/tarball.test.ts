/**
 * The package as a user gets it (issue 11, item 1): the tarball `npm pack` makes, installed into a
 * temporary project beside Express and Koa, then used from CommonJS, ESM and TypeScript under the
 * node10, node16 and bundler resolutions; `@arethetypeswrong/cli` reads the same tarball.
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
import { codeSubpaths, cjsConsumer, esmConsumer, specifierOf, tsConsumer } from './consumer-sources';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const ATTW = path.join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');

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

// One tsc project per resolution, in a directory whose package.json has `type`; each source file
// is one consumer (node16 takes both: `.cts` compiles to CommonJS, `.mts` to ESM, in one program).
const TS_PROJECTS = [
  { dir: 'ts-node10', type: 'commonjs', module: 'commonjs', moduleResolution: 'node10', files: { 'index.ts': 'node10' } },
  { dir: 'ts-node16', type: 'commonjs', module: 'node16', moduleResolution: 'node16', files: { 'index.cts': 'node16 (CommonJS)', 'index.mts': 'node16 (ESM)' } },
  { dir: 'ts-bundler', type: 'module', module: 'esnext', moduleResolution: 'bundler', files: { 'index.ts': 'bundler' } },
] as const;

/** `index.cts` → `out/index.cjs`, as tsc names its output. */
function emitted(source: string): string {
  return `out/${source.replace(/\.ts$/, '.js').replace(/\.cts$/, '.cjs').replace(/\.mts$/, '.mjs')}`;
}

const TS_CONSUMERS = TS_PROJECTS.flatMap((project) =>
  Object.entries(project.files).map(([source, name]) => ({ name: `TypeScript ${name}`, file: path.join(project.dir, emitted(source)) })),
);

describe('the packed tarball, installed into a fresh project (issue 11 item 1)', () => {
  // This file only: three tsc runs, six node runs and attw take about 28 s of CPU (about 53 s with
  // VC_PACK_FRESH_CLONE=1, which adds a full build); the margin is for a busy CI machine (75 s of
  // wall time were measured on two cores shared by several jobs, load average 8-15).
  jest.setTimeout(180_000);

  let work: string;
  let tarball: string;
  let packedFiles: string[];
  let installed: PackageJson;
  let installDir: string;
  const outputs = new Map<string, ConsumerOutput>();

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
    const packed = JSON.parse(stdout.slice(stdout.search(/^\[\s*\{/m))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(packDir, path.basename(packed[0]!.filename));
    packedFiles = packed[0]!.files.map((file) => file.path);

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
    for (const tsProject of TS_PROJECTS) {
      const dir = path.join(project, tsProject.dir);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: tsProject.type }));
      for (const source of Object.keys(tsProject.files)) writeFileSync(path.join(dir, source), tsConsumer(installed.name, SUBPATHS));
      const compilerOptions = {
        target: 'ES2022',
        lib: ['ES2022'],
        module: tsProject.module,
        moduleResolution: tsProject.moduleResolution,
        strict: true,
        esModuleInterop: true,
        // As `tsc --init` sets it: checking every .d.ts costs ~10 s per mode, and the installed
        // @types/koa does not compile against content-disposition's own types (not ours to fix).
        skipLibCheck: true,
        noEmitOnError: true,
        types: ['node'],
        outDir: 'out',
      };
      writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(tsProject.files) }));
      compiled.push(
        run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir }).catch((err: { stdout?: string }) => {
          throw new Error(`tsc (${tsProject.moduleResolution}) failed:\n${err.stdout ?? String(err)}`);
        }),
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
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md']));
    // The README's and the profiles' source links (docs/sources/*.md#…) resolve inside the package too.
    expect(packedFiles.filter((file) => file.startsWith('docs/sources/')).sort()).toEqual(
      readdirSync(path.join(ROOT, 'docs', 'sources')).map((name) => `docs/sources/${name}`).sort(),
    );
    for (const bin of Object.values(installed.bin ?? {})) {
      expect(packedFiles).toContain(bin.replace(/^\.\//, ''));
      expect(readFileSync(path.join(installDir, bin), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    }
    expect(packedFiles.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
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

  describe.each(CONSUMERS)('%s consumer', (consumer) => {
    it('loads every subpath of exports, each with names', () => {
      const namespaces = outputs.get(consumer)!.namespaces;
      expect(Object.keys(namespaces)).toEqual(SUBPATHS.map((subpath) => specifierOf(installed.name, subpath)));
      for (const names of Object.values(namespaces)) expect(names.length).toBeGreaterThan(0);
      expect(namespaces[`${installed.name}/express`]).toContain('vendorCompat');
      expect(namespaces[`${installed.name}/koa`]).toContain('vendorCompat');
      expect(namespaces[`${installed.name}/node`]).toEqual(expect.arrayContaining(['attach', 'sendError']));
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

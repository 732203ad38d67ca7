import { copyFileSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * Modules the library `require()`s lazily, each an entry of its own: in the CommonJS build the call
 * stays a `require` of dist/<name>.cjs, so a cold start never parses them. The profile-document
 * validator (src/generated/profile-document.ts, large) is loaded by `defineProfile` for custom
 * profiles only; the route table (src/core/routes/app-routes.ts, with rou3, the request validators'
 * compiler and the OpenAPI reader) by an app with `routes` or `openapi` only. The ESM build
 * answers those calls through scripts/esm-require.mjs.
 */
const APART: Readonly<Record<string, string>> = {
  'profile-document': 'src/generated/profile-document.ts',
  'app-routes': 'src/core/routes/app-routes.ts',
};

const modulesApart: Plugin = {
  name: 'vendor-compat-modules-apart',
  setup(build) {
    build.onResolve({ filter: /\/(generated\/profile-document|routes\/app-routes)$/ }, (args) => {
      if (args.kind !== 'require-call') return undefined;
      const name = args.path.slice(args.path.lastIndexOf('/') + 1);
      return { path: `./${name}.cjs`, external: true };
    });
  },
};

/** The two answers to `#vendor-compat/packages` (package.json `imports`), copied into dist/ as they are. */
const ESM_PACKAGES = ['esm-packages.mjs', 'esm-packages.node.mjs'];

/** The library's subpath exports (package.json `exports`), each with declarations. */
const LIBRARY = { index: 'src/index.ts', express: 'src/express.ts', koa: 'src/koa.ts', node: 'src/node.ts', fastify: 'src/fastify.ts', fetch: 'src/fetch.ts', hono: 'src/hono.ts', testing: 'src/testing.ts', otel: 'src/otel.ts', nest: 'src/nest.ts' };

// The library: CommonJS and ESM, each with its own declarations (.d.ts / .d.mts), one file per
// subpath export. The profiles' JSON is bundled in, so nothing is read from disk at run time.
export default defineConfig([
  {
    // cli: the `vendor-compat` bin (package.json), built with the library so that it shares its
    // CommonJS chunks instead of carrying a second copy of the core and the profiles. It ships once,
    // as CommonJS: the ESM build of it is deleted below, and it has no declarations. src/cli.ts
    // starts with its `#!/usr/bin/env node` banner, which esbuild keeps and tsup's shebang plugin
    // makes executable.
    entry: { ...LIBRARY, cli: 'src/cli.ts', ...APART },
    format: ['cjs', 'esm'],
    outDir: 'dist',
    dts: { entry: LIBRARY },
    clean: true,
    target: 'node20',
    splitting: true,
    sourcemap: false,
    // rou3 ships ESM only: bundled in, so dist/*.cjs never require()s an ES module (Node 20 before
    // 20.19 cannot). Its MIT notice is in LICENSE beside the package's own.
    noExternal: ['rou3'],
    esbuildPlugins: [modulesApart],
    // ajv, json-schema-ref-resolver, negotiator, content-type, the profile-document validator and
    // the route table are require()d lazily; native ESM has no require(): there
    // scripts/esm-require.mjs answers those calls, through `#vendor-compat/packages` (package.json
    // `imports`: lazily on Node, imported up front elsewhere), kept external here and copied below.
    esbuildOptions: (options, context) => {
      if (context.format !== 'esm') return;
      options.define = { ...options.define, require: '__vendorCompatRequire' };
      options.inject = [...(options.inject ?? []), 'scripts/esm-require.mjs'];
      options.external = [...(options.external ?? []), '#vendor-compat/packages'];
    },
    // vendor-compat/testing augments Vitest's `Assertion` type: the declarations refer to 'vitest',
    // never bundle it (a dev dependency, so not external by default).
    external: ['vitest'],
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
    // Code only the CLI uses lives in its entry file (chunks hold what two entries share), so
    // removing the ESM entry leaves no chunk unused. test/package/tarball.test.ts pins the files.
    onSuccess: async () => {
      rmSync('dist/cli.mjs', { force: true });
      for (const file of ESM_PACKAGES) copyFileSync(`scripts/${file}`, `dist/${file}`);
    },
  },
  {
    // The demo gateway (`npm start`), built against the sources.
    entry: { gateway: 'demo/gateway.ts' },
    format: ['cjs'],
    outDir: 'dist-demo',
    clean: true,
    target: 'node20',
    external: ['express'],
    outExtension: () => ({ js: '.js' }),
  },
]);

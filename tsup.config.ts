import { defineConfig } from 'tsup';

// The library: CommonJS and ESM, each with its own declarations (.d.cts / .d.mts), one file per
// subpath export. The profiles' JSON is bundled in, so nothing is read from disk at run time.
export default defineConfig([
  {
    // cli: the `vendor-compat` bin (package.json); src/cli.ts starts with its `#!/usr/bin/env node`
    // banner, which esbuild keeps and tsup's shebang plugin makes executable.
    entry: { index: 'src/index.ts', express: 'src/express.ts', koa: 'src/koa.ts', node: 'src/node.ts', cli: 'src/cli.ts', fastify: 'src/fastify.ts', fetch: 'src/fetch.ts', hono: 'src/hono.ts', nest: 'src/nest.ts' },
    format: ['cjs', 'esm'],
    outDir: 'dist',
    dts: true,
    clean: true,
    target: 'node20',
    splitting: true,
    sourcemap: false,
    // rou3 ships ESM only: bundled in, so dist/*.cjs never require()s an ES module (Node 20 before
    // 20.19 cannot). Its MIT licence travels with the package's own.
    noExternal: ['rou3'],
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
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

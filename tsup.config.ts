import { defineConfig } from 'tsup';

// The library: CommonJS and ESM, each with its own declarations (.d.cts / .d.mts), one file per
// subpath export. The profiles' JSON is bundled in, so nothing is read from disk at run time.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', express: 'src/express.ts', koa: 'src/koa.ts', node: 'src/node.ts' },
    format: ['cjs', 'esm'],
    outDir: 'dist',
    dts: true,
    clean: true,
    target: 'node20',
    splitting: true,
    sourcemap: false,
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

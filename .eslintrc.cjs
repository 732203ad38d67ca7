/**
 * ESLint 8 (eslintrc format, as the project requires) with typescript-eslint 8.
 * The boundaries follow tRPC's lint rule: the core (src/core, src/profiles) imports no framework and
 * no Node built-in (`node:*` or a bare name), adapters import frameworks as types only, and the
 * Fetch entry loads nothing Node-only (test/package/fetch-graph.test.ts checks its whole import
 * graph, which reaches into src/core).
 */
const { builtinModules } = require('node:module');

/** Node's built-in modules by their bare names (`http`, `fs/promises`, ...): exact names, not patterns. */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({
  name,
  message: 'Pure code loads no Node built-in (GUIDE "Core is pure").',
}));

/**
 * Every framework and every `node:*` module, as import patterns (gitignore syntax: a pattern with a
 * slash is anchored, so `express/*` does not match a relative `./express/x`).
 */
const FRAMEWORKS_AND_NODE = [
  { group: ['node:*'], message: 'Pure code loads no Node built-in (GUIDE "Core is pure").' },
  {
    group: ['express/*', 'koa/*', 'fastify/*', 'hono/*', '@hono/*', '@nestjs/*', '@koa/*', '@fastify/*', 'http-errors/*'],
    message: 'Pure code imports no framework: adapters import the core, never the reverse.',
  },
];

/** Node-only globals: pure code uses the Web equivalents (Uint8Array, TextEncoder, globalThis.crypto). */
const NODE_GLOBALS = ['Buffer', 'process', 'require', '__dirname', '__filename', 'setImmediate', 'global'].map((name) => ({
  name,
  message: 'Pure code uses no Node-only global.',
}));

/** Frameworks by their exact names (the npm aliases the tests use included). */
const FRAMEWORK_NAMES = ['express', 'express4', 'koa', 'koa2', 'fastify', 'fastify4', 'hono', 'fastify-plugin'].map((name) => ({
  name,
  message: 'Pure code imports no framework: adapters import the core, never the reverse.',
}));

module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
  plugins: ['@typescript-eslint'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
  env: { node: true, es2022: true },
  ignorePatterns: ['node_modules/', 'dist/', 'dist-demo/', 'coverage/', 'docs-api/'],
  rules: {
    'max-params': ['error', 5],
    eqeqeq: ['error', 'always', { null: 'ignore' }],
    '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    'no-control-regex': 'off', // header safety matches control characters on purpose
  },
  overrides: [
    {
      files: ['src/core/**/*.ts', 'src/profiles/**/*.ts'],
      rules: {
        'no-restricted-imports': ['error', {
          paths: [...FRAMEWORK_NAMES, ...NODE_BUILTINS],
          patterns: [
            ...FRAMEWORKS_AND_NODE,
            {
              group: ['../node/*', '../express', '../koa', '../node', '../fastify', '../fastify/*', '../hono', '../fetch', '../fetch/*', '../cli', '../cli/*'],
              message: 'The core is framework-free: adapters import the core, never the reverse.',
            },
          ],
        }],
        'no-restricted-globals': ['error', ...NODE_GLOBALS],
      },
    },
    {
      files: ['src/express.ts', 'src/koa.ts', 'src/node.ts', 'src/node/**/*.ts', 'src/fastify.ts', 'src/fastify/**/*.ts', 'src/hono.ts', 'src/nest.ts', 'src/nest/**/*.ts'],
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', {
          paths: [
            { name: 'express', message: 'Import Express as types only.', allowTypeImports: true },
            { name: 'koa', message: 'Import Koa as types only.', allowTypeImports: true },
            { name: 'fastify', message: 'Import Fastify as types only.', allowTypeImports: true },
            { name: 'hono', message: 'Import Hono as types only.', allowTypeImports: true },
          ],
        }],
      },
    },
    {
      // The Fetch entry runs in any Fetch-API runtime: no Node built-ins, no node layer, no
      // http-errors (test/fetch/neutral-bundle.test.ts proves it on the bundle).
      files: ['src/fetch.ts', 'src/fetch/**/*.ts'],
      rules: {
        'no-restricted-imports': ['error', {
          paths: [...FRAMEWORK_NAMES, ...NODE_BUILTINS, { name: 'http-errors', message: 'The Fetch entry loads no http-errors (depd requires path).' }],
          patterns: [
            ...FRAMEWORKS_AND_NODE,
            { group: ['../node/*', './node/*', './node', '../core/errors', './core/errors'], message: 'The Fetch entry loads neither the node layer nor http-errors (depd requires path).' },
          ],
        }],
        'no-restricted-globals': ['error', ...NODE_GLOBALS],
      },
    },
    {
      files: ['**/*.js', '**/*.cjs'],
      rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-var-requires': 'off' },
    },
  ],
};

/**
 * ESLint 8 (eslintrc format, as the project requires) with typescript-eslint 8.
 * The boundaries follow tRPC's lint rule: the core never imports a framework or node:http, and
 * adapters import frameworks as types only.
 */
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
          paths: ['express', 'koa', 'http', 'node:http', 'net', 'node:net'],
          patterns: [{ group: ['../node/*', '../express', '../koa', '../node'], message: 'The core is framework-free: adapters import the core, never the reverse.' }],
        }],
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
          patterns: [
            { group: ['node:*'], message: 'The Fetch entry loads no Node built-in.' },
            { group: ['../node/*', './node/*', '../core/errors', './core/errors', 'http-errors'], message: 'The Fetch entry loads neither the node layer nor http-errors (depd requires path).' },
          ],
        }],
      },
    },
    {
      files: ['**/*.js', '**/*.cjs'],
      rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-var-requires': 'off' },
    },
  ],
};

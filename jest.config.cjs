/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type errors are caught by `npm run typecheck`; ts-jest only transpiles here.
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // rou3 (the route table's radix tree) ships ESM only (.mjs); Jest runs CommonJS, so ts-jest
    // compiles it to CommonJS here. The published build bundles it (tsup `noExternal`).
    '^.+/node_modules/rou3/.+\\.mjs$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!rou3/)'],
  testTimeout: 20000,
  // Every OpenAPI app's background warm-up ends before its file's environment is torn down.
  setupFilesAfterEnv: ['<rootDir>/test/support/settle-warm-ups.ts'],
};

// Vitest runs only the fixture beside this file (test/testing/vitest.test.ts starts it from the package root).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: 'test/testing/vitest', // relative to the working directory: the package root
    include: ['*.vitest.ts'],
    environment: 'node',
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    watch: false,
  },
});

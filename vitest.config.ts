import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Unit and integration tests run in Node; test/browser runs in Chromium under web-test-runner.
export default defineConfig({
  // Pothos loads graphql's CommonJS build; tests must use the same copy, or graphql-js refuses
  // to mix types "from another module or realm".
  resolve: { alias: { graphql: require.resolve('graphql') } },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PostgreSQL suites create their own databases; files can run side by side.
    fileParallelism: true,
    pool: 'forks',
  },
});

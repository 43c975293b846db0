import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Native addons (hnswlib-node, better-sqlite3) are safest in forked workers.
    pool: 'forks',
    testTimeout: 30_000,
    // CI reads its closing line from the JSON report (.ci/run).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    hookTimeout: 60_000,
  },
});

import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests run the sources; the compiled copy in dist/ is only run as a process (test/build.test.ts).
    exclude: [...configDefaults.exclude, 'dist/**'],
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

import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests run the sources; the compiled copy in dist/ is only run as a process (test/build.test.ts).
    exclude: [...configDefaults.exclude, 'dist/**'],
    environment: 'node',
    // Native addons (hnswlib-node, better-sqlite3) are safest in forked workers.
    pool: 'forks',
    // Several tests start the bot or the CLI as processes that build the whole index (7,153 questions); on this
    // 2-core machine on a slow day, one test of two such starts took 29.6 s and then 30.0 s. A timeout is no speed
    // check (speed is `npm run bench`), so it leaves room for the knowledge to grow.
    testTimeout: 90_000,
    // CI reads its closing line from the JSON report (.ci/run).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    hookTimeout: 60_000,
  },
});

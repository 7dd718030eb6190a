import { defineConfig } from 'vitest/config';

/**
 * The cluster suite (`pnpm --filter @fangxin/server run test:cluster`): three server processes (the production
 * bundle, built first by the global setup) with their jobs on, one database, the round-robin proxy of
 * cluster/proxy.ts in front. Not part of the `server` project (test/** only).
 * cluster.test.ts starts one cluster for all its cases, which run in order (the rolling restart last, over what the
 * others left); proxy.test.ts checks the proxy alone against stand-in backends. One file at a time.
 */
export default defineConfig({
  test: {
    name: 'server-cluster',
    include: ['cluster/**/*.test.ts'],
    globalSetup: ['cluster/globalSetup.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 180_000,
  },
});

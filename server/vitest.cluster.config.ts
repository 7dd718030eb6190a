import { defineConfig } from 'vitest/config';

/**
 * The cluster suite (`pnpm --filter @fangxin/server run test:cluster`): three server processes (the production
 * bundle, built first by the global setup) with their jobs on, one database, the round-robin proxy of
 * cluster/proxy.ts in front. Not part of the `server` project (test/** only).
 * One file, one cluster; its cases run in order (the rolling restart last, over what the others left).
 */
export default defineConfig({
  test: {
    name: 'server-cluster',
    include: ['cluster/**/*.test.ts'],
    globalSetup: ['cluster/globalSetup.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});

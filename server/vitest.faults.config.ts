import { defineConfig } from 'vitest/config';

/**
 * Fault suites (`pnpm --filter @fangxin/server run test:faults`): real server and engine processes, stopped on
 * purpose. Not part of the `server` project (that one includes test/** only). One file at a time: each suite loads
 * a 2-core machine on its own and times its faults.
 */
export default defineConfig({
  test: {
    name: 'server-faults',
    include: ['faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});

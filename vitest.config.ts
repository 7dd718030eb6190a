import { defineConfig } from 'vitest/config';

// Every package's tests in one run: `pnpm test:unit` (or `pnpm test` for everything incl. typecheck and lint).
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'admin', 'miniapp'],
  },
});

import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      name: 'admin',
      environment: 'jsdom',
      include: ['src/**/__tests__/**/*.spec.ts'],
      setupFiles: ['src/test-utils/setup.ts'],
      // Element Plus ships ESM that imports its own CSS; let Vite transform it instead of Node loading it raw.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);

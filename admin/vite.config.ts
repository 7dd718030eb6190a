import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';
import { sizeBudget } from './build/sizeBudget.ts';

// The API server in development; overridable to point the dev admin at another instance.
const API_TARGET = process.env.FANGXIN_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // The server serves the built admin under /admin/ (server/src/http/static.ts).
  base: '/admin/',
  plugins: [
    vue(),
    // Element Plus on demand: components used in templates and ElMessage-style services are imported (with their CSS)
    // only where used, so pages nobody opens cost nothing. The .d.ts files are committed so vue-tsc runs before Vite.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'src/types/auto-imports.d.ts' }),
    Components({ resolvers: [ElementPlusResolver()], dts: 'src/types/components.d.ts', dirs: [] }),
    sizeBudget({ label: 'admin', budgetKb: 300 }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    // vue-i18n: Composition API only, no devtools hooks in production (smaller bundle).
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: true },
      '/readyz': { target: API_TARGET, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    // The largest chunk is the dashboard's, which carries ECharts (on demand: three chart types, SVG renderer).
    // It loads only when a chart page opens; the first-load figure is what sizeBudget checks.
    chunkSizeWarningLimit: 700,
  },
});

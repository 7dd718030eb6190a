import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = path.dirname(fileURLToPath(import.meta.url))

// How Taro code runs under vitest (see /work/shared/TOOLCHAIN.md, "Testing Taro code with vitest"): components as
// plain React web components, the Taro API from its H5 build, and the constants Taro's build would inject.
export default defineConfig({
  root: here,
  // taro-h5 ships source maps without their sources; vite would warn once per file.
  logLevel: 'error',
  resolve: {
    alias: [
      { find: /^@tarojs\/taro$/, replacement: path.join(here, 'test/taro-shim.ts') },
      { find: /^@tarojs\/components$/, replacement: '@tarojs/components/lib/react' },
      { find: /^@\//, replacement: `${path.join(here, 'src')}/` },
    ],
  },
  define: {
    ENABLE_INNER_HTML: 'true',
    ENABLE_ADJACENT_HTML: 'true',
    ENABLE_SIZE_APIS: 'true',
    ENABLE_TEMPLATE_CONTENT: 'true',
    ENABLE_MUTATION_OBSERVER: 'true',
    ENABLE_CLONE_NODE: 'true',
    ENABLE_CONTAINS: 'true',
    DEPRECATED_ADAPTER_COMPONENT: 'false',
    __TARO_FRAMEWORK__: '"react"',
    'process.env.TARO_ENV': '"h5"',
    API_BASE: '"/api/v1"',
  },
  test: {
    name: 'miniapp',
    environment: 'jsdom',
    include: ['src/**/__tests__/**/*.spec.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    // NutUI imports @tarojs/components and @tarojs/taro itself: run it through vite so those imports take the aliases.
    server: { deps: { inline: [/@nutui\//] } },
  },
})

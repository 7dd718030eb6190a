import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Where the app calls the API. H5 is served by the API server itself (http://host:3000/h5/), so it calls the same
 * origin; a mini-program has no origin and needs an absolute URL (set API_BASE when building for a real device).
 */
const apiBase =
  process.env.TARO_ENV === 'h5' ? '/api/v1' : (process.env.API_BASE ?? 'http://127.0.0.1:3000/api/v1')

// @fangxin/shared ships TypeScript source; Taro only compiles its own src/ unless told otherwise.
const sharedSrc = path.resolve(__dirname, '../../shared/src')

/** Writes webpack's stats (chunks with their modules, sizes and origins) to stats.json in the output directory. */
class StatsFilePlugin {
  apply(compiler: { hooks: { done: { tap(name: string, fn: (stats: { toJson(o: object): unknown }) => void): void } }; options: { output: { path?: string } } }) {
    compiler.hooks.done.tap('fx-stats', (stats) => {
      const out = compiler.options.output.path ?? '.'
      fs.writeFileSync(path.join(out, 'stats.json'), JSON.stringify(stats.toJson({ source: false, reasons: false, modules: false, chunkModulesSpace: Infinity, nestedModules: true })))
    })
  }
}

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'fangxin-miniapp',
    // NutUI is drawn on a 375 px design, our pages on 750 px.
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file
      if (file && file.replace(/\\+/g, '/').includes('@nutui')) return 375
      return 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // FX_OUTPUT_ROOT: a build of one's own (e.g. for FX_BUILD_STATS) without touching the dist the server serves.
    outputRoot: process.env.FX_OUTPUT_ROOT ?? `dist/${process.env.TARO_ENV}`,
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    // Issue 18, first load (H5 only; the mini-program keeps Taro's cautious settings): two compression passes, and
    // keys unquoted (Taro's H5 default quotes every key, for engines older than any we build for): about 2 % less
    // JavaScript after brotli. Names are kept (Taro's default keep_fnames).
    ...(process.env.TARO_ENV === 'h5'
      ? { terser: { enable: true, config: { compress: { passes: 2 }, output: { quote_keys: false, keep_quoted_props: false } } } }
      : {}),
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      webpackChain(chain) {
        // Pages load as async chunks. Taro splits only initial chunks, so every page would carry its own copy of
        // NutUI, zod and the services; split all chunks so pages share them.
        const splitChunks = chain.optimization.get('splitChunks') as Record<string, unknown> | undefined
        chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' })
        // FX_BUILD_STATS=1: webpack's stats (chunks, their modules and sizes) written to the output as stats.json.
        if (process.env.FX_BUILD_STATS) chain.plugin('fx-stats').use(StatsFilePlugin)
      },
      devServer: {
        proxy: {
          '/api': { target: 'http://127.0.0.1:3000', changeOrigin: true },
        },
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})

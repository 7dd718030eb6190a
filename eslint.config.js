// One lint config for the workspace. Type checking is vue-tsc/tsc's job; this catches mistakes and keeps
// `shared/` free of platform code (it must run in WeChat, browsers and Node).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';

// server/src/modules: services take AppError and AuthUser from core, never from the HTTP layer.
const MODULE_LAYER_PATTERNS = [
  { regex: '^(\\.\\./)+http/errors$', message: 'AppError, appError, notFound and isDatabaseDown come from core/errors' },
  { regex: '^(\\.\\./)+http/auth$', importNames: ['AuthUser', 'AppError'], message: 'AuthUser comes from core/authUser, AppError from core/errors' },
];
// Another module's Mongoose model, value imports only (`import type` of its records is fine). A file `depth` folders
// below modules/ climbs that many `../` to reach modules/: `../network/model` from orders/mutate.ts,
// `../../network/model` from orders/dispatch/offers.ts. Its own module's model (`./model`, `../model`) stays allowed.
const otherModulesModel = (depth) => ({
  regex: `^(\\.\\./){${depth}}[^./][^/]*/(.+/)?model$|^(\\.\\./)+modules/[^/]+/(.+/)?model$`,
  allowTypeImports: true,
  message: "another module's model: call a function that module exports instead (its service.ts or reads.ts); `import type` of its records is fine",
});
const MODULE_DEPTHS = [1, 2, 3];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/target/**', '**/coverage/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts', 'miniapp/config/**', 'miniapp/babel.config.js', '**/.swc/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['admin/src/**/*.ts', 'miniapp/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The admin's single-file components: Vue's recommended rules, <script lang="ts"> read by the TypeScript parser.
  // ElMessage and ElMessageBox are auto-imported (unplugin-auto-import), so they are globals here.
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['admin/src/**/*.vue'] })),
  {
    files: ['admin/src/**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
      globals: { ...globals.browser, ElMessage: 'readonly', ElMessageBox: 'readonly', ElNotification: 'readonly', ElLoading: 'readonly' },
    },
    rules: {
      // Layout is the formatter's business (templates here keep short elements on one line).
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      // Route views are named by their folder (orders/index.vue, engineers/detail.vue); App.vue is the root.
      'vue/multi-word-component-names': ['error', { ignores: ['index', 'detail', 'App'] }],
    },
  },
  {
    files: ['**/__tests__/**', '**/test/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/__tests__/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', 'http', '@fangxin/server', '@fangxin/admin', '@fangxin/miniapp', '../../*'], message: 'shared/ has no I/O and no platform code' }] },
      ],
      'no-restricted-globals': ['error', 'process', 'window', 'document', 'Buffer', 'require', 'localStorage', 'navigator', 'fetch'],
    },
  },
  // The server's layers (issue 17): server/src/core is what every layer may use, so it imports none of them; the
  // services take AppError and AuthUser from core, never from the HTTP layer. `pnpm test` also fails on any import
  // cycle under server/src (`pnpm --filter @fangxin/server run check:cycles`).
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(http|modules|db)(/|$)', message: 'server/src/core depends on nothing of http/, modules/ or db/' },
            { regex: '^(\\.\\./)+(app|deps|server|main)$', message: 'server/src/core depends on nothing that assembles the app' },
          ],
        },
      ],
    },
  },
  // Modules offer functions to each other, not their models (issue 17): a module reads and writes only its own
  // collections (`./model`); what another module needs it exports as a function (its service.ts, or a leaf reads.ts
  // that imports nothing but the model, e.g. orders/reads.ts, users/reads.ts, network/reads.ts). Type-only imports of
  // another module's records (`import type { OrderRecord }`, `type X` specifiers) stay allowed. Outside modules/,
  // server/src/seed/** (it writes every collection to build demo data) and server/src/http/auth.ts (it reads the
  // caller's account on every request) keep using the models directly: this block does not cover them.
  {
    files: ['server/src/modules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: MODULE_LAYER_PATTERNS }] },
  },
  ...MODULE_DEPTHS.map((depth) => ({
    files: [`server/src/modules/${'*/'.repeat(depth)}*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [...MODULE_LAYER_PATTERNS, otherModulesModel(depth)] }] },
  })),
);

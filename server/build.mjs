#!/usr/bin/env node
// Production build of the server (`pnpm --filter @fangxin/server run build`, part of `pnpm build`):
//   dist/main.js       the server, one ES module (+ source map), run with plain `node`, no TypeScript tooling
//   dist/local-try.js  `pnpm start:prod` without MONGODB_URI: the same build tried on one machine (src/localTry.ts)
//   dist/db-indexes.js `db:indexes`: the declared indexes built before a rolling deploy (src/db/indexesCli.ts)
// esbuild bundles server/src and the workspace package @fangxin/shared (TypeScript source); every npm package stays
// an `import` resolved from server/node_modules at run time (`pnpm install --prod` is enough). Paths the server
// computes from its own location (src/lib/paths.ts) resolve to server/ from dist/ too.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');

/** Bare imports are npm packages (external) except the workspace package, whose TypeScript is bundled. */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === '@fangxin/shared' || args.path.startsWith('@fangxin/shared/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
const result = await build({
  entryPoints: {
    main: path.join(here, 'src', 'main.ts'),
    'local-try': path.join(here, 'src', 'localTry.ts'),
    'db-indexes': path.join(here, 'src', 'db', 'indexesCli.ts'),
  },
  outdir,
  absWorkingDir: here,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Keep function and class names: logs, error names and Mongoose model names read them.
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  write: false,
  plugins: [npmPackagesExternal],
});
// Each file replaced in one step (written aside, then renamed), so a server starting from dist/ meanwhile never
// reads half a bundle.
fs.mkdirSync(outdir, { recursive: true });
for (const file of result.outputFiles) {
  const aside = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(aside, file.contents);
  fs.renameSync(aside, file.path);
}
const main = result.metafile.outputs['dist/main.js'];
const kib = (fs.statSync(path.join(outdir, 'main.js')).size / 1024).toFixed(0);
console.log(`server: built dist/main.js (${kib} KiB from ${Object.keys(main?.inputs ?? {}).length} files) + local-try.js, db-indexes.js in ${Date.now() - started} ms`);

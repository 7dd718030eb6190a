#!/usr/bin/env node
// `pnpm start`: the whole product for a new user. Builds the embedded database, the admin and the miniapp H5 when
// their sources changed, then starts the server, which serves the API, /admin/ and /h5/ on one port, seeds demo
// data into an empty database, and prints the URLs and demo logins.
import { buildIfChanged, run } from './lib.mjs';

const steps = [
  () => run(process.execPath, ['server/devdb/build.mjs']),
  () => buildIfChanged('admin', ['admin/src', 'admin/index.html', 'admin/vite.config.ts', 'admin/package.json', 'shared/src'], 'admin/dist', 'pnpm', ['--filter', '@fangxin/admin', 'run', 'build']),
  () =>
    buildIfChanged('miniapp H5', ['miniapp/src', 'miniapp/config', 'miniapp/package.json', 'miniapp/babel.config.js', 'shared/src'], 'miniapp/dist/h5', 'pnpm', [
      '--filter',
      '@fangxin/miniapp',
      'run',
      'build:h5',
    ]),
];
for (const step of steps) {
  const code = await step();
  if (code !== 0) process.exit(code);
}

const code = await run('pnpm', ['--filter', '@fangxin/server', 'run', 'start'], {
  // The server handles SIGINT/SIGTERM itself (drain, close the database, stop the engine).
  stdio: 'inherit',
});
process.exit(code);

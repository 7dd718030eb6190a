#!/usr/bin/env node
// `pnpm start:prod`: the compiled server (server/dist/main.js, made by `pnpm build`) with NODE_ENV=production and
// plain `node`, no TypeScript tooling. With MONGODB_URI set it is what a deployment runs (docs/DEPLOY.md): the
// secrets must be in the environment too. Without MONGODB_URI it is a local try on this machine
// (server/dist/local-try.js): the embedded engine, the development secrets under DATA_DIR and a printing SMS stand-in.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const entry = process.env.MONGODB_URI ? 'main.js' : 'local-try.js';
const file = path.join(ROOT, 'server', 'dist', entry);
if (!fs.existsSync(file)) {
  console.error(`start:prod: ${path.relative(ROOT, file)} is missing; run pnpm build first`);
  process.exit(1);
}
for (const app of ['admin/dist/index.html', 'miniapp/dist/h5/index.html']) {
  if (!fs.existsSync(path.join(ROOT, app))) console.warn(`start:prod: ${app} is missing (pnpm build makes it); that app will not be served`);
}

const child = spawn(process.execPath, ['--enable-source-maps', file], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
// The server handles SIGINT/SIGTERM itself (drain, close the database): pass them on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

#!/usr/bin/env node
// `pnpm dev`: watch mode. The server restarts on change (tsx watch); the admin runs on Vite's dev server and the
// miniapp H5 on Taro's, both proxying /api to the server on :3000.
import { spawn } from 'node:child_process';
import { ROOT } from './lib.mjs';

const procs = [
  ['server', ['--filter', '@fangxin/server', 'run', 'dev']],
  ['admin', ['--filter', '@fangxin/admin', 'run', 'dev']],
  ['miniapp', ['--filter', '@fangxin/miniapp', 'run', 'dev']],
].map(([name, args]) => {
  const child = spawn('pnpm', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  return child;
});
const stop = () => procs.forEach((p) => p.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

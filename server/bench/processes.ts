/**
 * The processes under test: the real server (`src/main.ts`) and the bare Koa floor, each a child process of the
 * bench. They run as `node --import tsx <file>`, which is what the `tsx` command does in a process of its own; run
 * directly, the child's pid is the server itself, so its VmRSS is the server's memory and `--cpu-prof` profiles it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { SERVER_ROOT } from '../src/lib/paths';

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The V8 flags `pnpm start` gives the server (server/package.json: a bounded old space, so one instance fits a
 * 512 MB container and the heap does not grow just because memory is free), so the bench measures that process.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((flag) => flag.startsWith('--max-old-space-size='));
}

function launch(file: string, env: Record<string, string>, nodeFlags: string[]): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file], {
    cwd: SERVER_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
}

/** Resolves with the first `http://127.0.0.1:<port>` the child prints; rejects when it exits first or takes too long. */
function waitForUrl(child: ChildProcess, name: string, timeoutMs = 60_000): Promise<string> {
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    keep(line);
    if (/error|warn/i.test(line)) console.error(`[${name}] ${line}`);
  });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s: ${tail.slice(-3).join(' | ')}`)), timeoutMs);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      keep(line);
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(line);
      if (found) {
        clearTimeout(timer);
        lines.removeAllListeners('line');
        lines.on('line', (more) => /"level":(4|5|6)\d/.test(more) && console.error(`[${name}] ${more}`)); // warnings and worse
        resolve(found[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code}: ${tail.slice(-5).join(' | ')}`));
    });
  });
}

/**
 * The real server on a free port (PORT=0; the URL is read from its start-up banner), against `env.MONGODB_URI`.
 * Waits until /readyz answers 200.
 */
export async function startServerChild(env: Record<string, string>, nodeFlags: string[] = []): Promise<Child> {
  const child = launch(path.join('src', 'main.ts'), { ...env, PORT: '0', HOST: '127.0.0.1', FANGXIN_QUIET_BANNER: '0' }, nodeFlags);
  const url = await waitForUrl(child, 'server');
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false);
    if (ready) break;
    if (i > 100) throw new Error('server: /readyz did not answer 200');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** The bare Koa floors; with a database, also the floor of the order page's two keyed reads (see bareKoa.ts). */
export async function startBareKoa(database?: { uri: string; dbName: string }): Promise<Child> {
  const child = launch(path.join('bench', 'bareKoa.ts'), database ? { FLOOR_MONGODB_URI: database.uri, FLOOR_MONGODB_DB: database.dbName } : {}, []);
  return { url: await waitForUrl(child, 'bare-koa'), pid: child.pid!, stop: stopper(child) };
}

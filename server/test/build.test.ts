import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { currentConsent } from '@fangxin/shared';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { REPO_ROOT, SERVER_ROOT } from '../src/lib/paths';
import { DEMO_PASSWORD } from '../src/seed/data';
import { freePort, probe, sleep } from '../faults/kit';

/**
 * The production build (issue 21): `node build.mjs` bundles the server into dist/, and the bundle runs with plain
 * `node`, NODE_ENV=production, no TypeScript loader: against a MongoDB given by MONGODB_URI (here the test run's
 * engine), and as `pnpm start:prod`'s local try (its own embedded engine, the development secrets, the SMS stand-in).
 * Prints start-up time and memory of the compiled server next to the source run (`tsx`), for docs/QUALITY.md.
 */

const DIST_MAIN = path.join(SERVER_ROOT, 'dist', 'main.js');
const CARD_KEY = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

interface Proc {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyAfterMs: number;
  exited: Promise<number | null>;
}

const running: Proc[] = [];
afterEach(async () => {
  for (const proc of running.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      await Promise.race([proc.exited, sleep(15_000)]);
      proc.child.kill('SIGKILL');
    }
  }
});

async function start(args: string[], env: NodeJS.ProcessEnv, port: number, cwd = REPO_ROOT): Promise<Proc> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const proc: Proc = { child, url, output: () => output, readyAfterMs: 0, exited };
  running.push(proc);
  // Generous: the machine may be busy; start-up time is reported, never asserted.
  const deadline = Date.now() + 150_000;
  while ((await probe(`${url}/readyz`, 1_000)) !== 200) {
    if (child.exitCode !== null) throw new Error(`exited during start-up (code ${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`not ready within 150 s:\n${output}`);
    await sleep(50);
  }
  proc.readyAfterMs = performance.now() - startedAt;
  return proc;
}

/** What a deployment sets (docs/DEPLOY.md), with a fresh database and a stand-in SMS gateway. */
function productionEnv(port: number, smsUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    MONGODB_URI: inject('mongoUri'),
    MONGODB_DB: `build_${crypto.randomBytes(5).toString('hex')}`,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fx-build-')),
    JWT_SECRET: crypto.randomBytes(32).toString('base64url'),
    OTP_PEPPER: crypto.randomBytes(16).toString('base64url'),
    CARD_SIGNING_KEY: CARD_KEY,
    SMS_PROVIDER: 'http',
    SMS_HTTP_URL: smsUrl,
    SEED_ON_EMPTY: 'true',
    // The demo's people and catalogue only, not its months of history: the demo logins are what is checked here.
    SEED_HISTORY: '0',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    FANGXIN_QUIET_BANNER: '1',
    ...extra,
  };
}

/** A stand-in SMS gateway that keeps the last code per phone. */
async function smsGateway() {
  const codes = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as { phone: string; params: { code: string } };
      codes.set(body.phone, body.params.code);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`, codes, close: () => server.close() };
}

async function call(url: string, method: string, route: string, options: { body?: unknown; token?: string } = {}) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** The process's command line, from /proc (Linux): proves what loaded the server. */
const commandLine = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const residentMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function build() {
  const result = spawnSync(process.execPath, ['build.mjs'], { cwd: SERVER_ROOT, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/server: built dist\/main\.js/);
}

describe('production build', () => {
  it('bundles the server and shared into dist/main.js, importing only production dependencies and Node built-ins', () => {
    build();
    const bundle = fs.readFileSync(DIST_MAIN, 'utf8');
    const pkg = JSON.parse(fs.readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set([...bundle.matchAll(/^\s*import\s[^'"]*?from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm)].map((m) => (m[1] ?? m[2])!));
    const packages = [...imported].filter((spec) => !spec.startsWith('node:')).map((spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
    expect(packages.length).toBeGreaterThan(5);
    // Everything else is inside the bundle: the workspace package and our own TypeScript, no loader.
    for (const name of packages) expect(Object.keys(pkg.dependencies), `${name} is imported at run time`).toContain(name);
    expect(packages).not.toContain('@fangxin/shared');
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(bundle).not.toMatch(/from\s*"tsx|\.ts"/);
    expect(fs.existsSync(`${DIST_MAIN}.map`)).toBe(true);
  });

  it('runs with plain node and NODE_ENV=production: health, readiness, staff and customer sign-in, reads, static apps, SIGTERM', { timeout: 300_000 }, async () => {
    build();
    const sms = await smsGateway();
    try {
      const port = await freePort();
      const server = await start([DIST_MAIN], productionEnv(port, sms.url), port);
      // Plain node with the bundle: no --import/--loader, no tsx anywhere in the command line.
      expect(commandLine(server.child.pid!)).toEqual([process.execPath, DIST_MAIN]);

      expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
      expect((await call(server.url, 'GET', '/readyz')).body).toMatchObject({ status: 'ok', db: 'up', draining: false });

      const login = await call(server.url, 'POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: DEMO_PASSWORD } });
      expect(login.status, login.text).toBe(200);
      const outlets = await call(server.url, 'GET', '/api/v1/outlets', { token: login.body.accessToken });
      expect(outlets.status).toBe(200);
      expect(outlets.body.items.length).toBeGreaterThan(0);

      // Customers sign in with a code sent through the production SMS client (never shown in the response).
      const phone = '13800000001';
      const sent = await call(server.url, 'POST', '/api/v1/auth/otp/send', { body: { phone } });
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.devCode).toBeUndefined();
      const customer = await call(server.url, 'POST', '/api/v1/auth/otp/login', { body: { phone, code: sms.codes.get(phone), consent: currentConsent() } });
      expect(customer.status, customer.text).toBe(200);
      expect((await call(server.url, 'GET', '/api/v1/me', { token: customer.body.accessToken })).body).toMatchObject({ role: 'customer' });

      // Files found from dist/: swagger-ui from node_modules, the built apps from the repository root (503 until built).
      expect((await call(server.url, 'GET', '/api/docs')).status).toBe(200);
      for (const [prefix, dir] of [['/admin/', 'admin/dist'], ['/h5/', 'miniapp/dist/h5']] as const) {
        const page = await call(server.url, 'GET', prefix);
        const built = fs.existsSync(path.join(REPO_ROOT, dir, 'index.html'));
        expect(page.status, `${prefix} with ${dir} ${built ? 'built' : 'not built'}`).toBe(built ? 200 : 503);
        if (built) expect(page.type).toMatch(/text\/html/);
      }

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toMatch(/"level":(50|60)/);
    } finally {
      sms.close();
    }
  });

  it('refuses to start in production without the secrets, naming what is missing', () => {
    const env = productionEnv(0, 'http://127.0.0.1:9/sms');
    delete env.JWT_SECRET;
    delete env.CARD_SIGNING_KEY;
    const result = spawnSync(process.execPath, [DIST_MAIN], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/production configuration is missing: JWT_SECRET, CARD_SIGNING_KEY/);
  });

  it('pnpm start:prod without MONGODB_URI: a local try with its own embedded engine, stopped with the server', { timeout: 300_000 }, async () => {
    build();
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fx-localtry-'));
    // No demo data this time (the test above signs in with it): the engine, the secrets and the SMS path are checked.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_DB_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
    };
    const tryout = await start([path.join(REPO_ROOT, 'scripts', 'start-prod.mjs')], env, port);
    expect(tryout.output()).toMatch(/local try: starting the embedded database/);
    // The development secrets were kept under DATA_DIR for the next start.
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(true);
    expect((await call(tryout.url, 'GET', '/api/v1/catalog/categories')).status).toBe(200);
    // The code goes to the SMS stand-in, which prints it.
    expect((await call(tryout.url, 'POST', '/api/v1/auth/otp/send', { body: { phone: '13800000002' } })).status).toBe(200);
    for (let i = 0; i < 50 && !/local try SMS → 13800000002: .*验证码 \d{6}/.test(tryout.output()); i++) await sleep(100);
    expect(tryout.output()).toMatch(/local try SMS → 13800000002: .*验证码 \d{6}/);

    tryout.child.kill('SIGTERM');
    expect(await tryout.exited).toBe(0);
    // The engine committed its file on the way out and is gone with the server.
    expect(fs.existsSync(path.join(dataDir, 'db', 'fangxin.mv'))).toBe(true);
    expect(await probe(tryout.url + '/healthz', 500)).toBe(0);
    const engines = spawnSync('pgrep', ['-f', `DevDb ${env.EMBEDDED_DB_PORT} `], { encoding: 'utf8' });
    expect(engines.stdout.trim()).toBe('');
  });

  it('pnpm start:prod stopped while it starts leaves no engine behind', { timeout: 300_000 }, async () => {
    build();
    const enginePort = String(await freePort());
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      EMBEDDED_DB_PORT: enginePort,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fx-localtry-')),
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start-prod.mjs')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !output.includes('local try: starting the embedded database'); i++) await sleep(50);
    // Wherever it has got to (the engine starting, or the server already up), SIGTERM stops all of it.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(spawnSync('pgrep', ['-f', `DevDb ${enginePort} `], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });

  it('db:indexes builds the declared indexes once (--dry-run only tells), then has nothing to do', { timeout: 120_000 }, () => {
    build();
    const env = { PATH: process.env.PATH, MONGODB_URI: inject('mongoUri'), MONGODB_DB: `idx_${crypto.randomBytes(5).toString('hex')}` };
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(SERVER_ROOT, 'dist', 'db-indexes.js'), ...args], { env, encoding: 'utf8', timeout: 90_000 });
    const dry = run('--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^\s+users\s+\+ .*"phone"/m);
    expect(dry.stdout).toMatch(/change\(s\) to make over \d+ models/);
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/change\(s\) made over \d+ models/);
    const again = run();
    expect(again.stdout).toMatch(/nothing to change/);
    expect(again.stdout).not.toMatch(/^\s+\S+\s+[+-] /m);
  });

  it('prints start-up time and memory: compiled bundle next to the source run with tsx', { timeout: 300_000 }, async () => {
    build();
    const rows: string[] = [];
    // The same work for both (an empty database of its own, no demo data: connect, build indexes, listen), then 200
    // reads. The source run is what `pnpm start` does (tsx resolves from the server package).
    for (const [label, args] of [
      ['node dist/main.js', [DIST_MAIN]],
      ['node --import tsx src/main.ts', ['--import', 'tsx', path.join(SERVER_ROOT, 'src', 'main.ts')]],
    ] as const) {
      // Loading alone: with no settings the process exits at the configuration check, right after loading its code.
      const loadStarted = performance.now();
      const loadOnly = spawnSync(process.execPath, [...args], { cwd: SERVER_ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'production' }, encoding: 'utf8' });
      const loadMs = performance.now() - loadStarted;
      expect(loadOnly.stderr).toMatch(/production configuration is missing/);
      const port = await freePort();
      const server = await start([...args], productionEnv(port, 'http://127.0.0.1:9/sms', { SEED_ON_EMPTY: 'false' }), port, SERVER_ROOT);
      const rssReady = residentMiB(server.child.pid!);
      for (let i = 0; i < 200; i++) await call(server.url, 'GET', '/api/v1/catalog/categories');
      const rssAfter = residentMiB(server.child.pid!);
      rows.push(
        `  ${label.padEnd(32)} code loaded in ${(loadMs / 1000).toFixed(2)} s   ready in ${(server.readyAfterMs / 1000).toFixed(2)} s   ` +
          `RSS ${rssReady.toFixed(0)} MiB at ready, ${rssAfter.toFixed(0)} MiB after 200 requests`,
      );
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    console.log(['', `== Production build: start-up and memory (one run each; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs) ==`, ...rows, ''].join('\n'));
    expect(rows).toHaveLength(2);
  });
});

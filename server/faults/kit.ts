import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';
import { SERVER_ROOT } from '../src/lib/paths';

/**
 * Real processes for the fault suites: the embedded engine on an H2 file (so it can be stopped with SIGTERM and
 * started again on the same file and port, see "The embedded database" in docs/ARCHITECTURE.md) and the real server (`tsx src/main.ts`) as a
 * child process, called over real HTTP with keep-alive connections.
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Ports other people's runs use on this machine; never hand them out. */
const RESERVED_PORTS = new Set([3000, 3210, 3310, 27027]);

/** A port that was free a moment ago (the OS picks it; bound and released at once). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    if (!RESERVED_PORTS.has(port)) return port;
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fx-faults-${prefix}-`));
}

/** The embedded engine on one H2 file and one fixed port, which can be stopped and started again. */
export interface Engine {
  uri: string;
  port: number;
  file: string;
  running(): boolean;
  /** SIGTERM (the engine commits the H2 file on the way out); resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same file and port. */
  start(): Promise<void>;
  /** What the engine printed on stderr (the last lines), for diagnostics. */
  log(): string[];
}

export async function startEngine(dir: string): Promise<Engine> {
  const file = path.join(dir, 'db', 'fangxin.mv');
  const port = await freePort();
  let current: EmbeddedDb | null = null;
  const log: string[] = [];
  const onStderr = (line: string) => {
    log.push(`${new Date().toISOString()} ${line}`);
    if (log.length > 200) log.shift();
  };
  const start = async () => {
    // The port may still be held for a moment after the previous process exited.
    for (let attempt = 1; ; attempt++) {
      try {
        current = await startEmbeddedDb({ storage: file, port, heap: '512m', onStderr });
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        await sleep(250);
      }
    }
  };
  await start();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    file,
    running: () => current !== null,
    async stop() {
      const engine = current;
      current = null;
      await engine?.stop();
    },
    start,
    log: () => [...log],
  };
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited, with its code and signal and when that happened. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Everything the process printed (stdout and stderr), for diagnostics and checks. */
  output(): string;
  kill(signal?: NodeJS.Signals): void;
}

/** Configuration for a server child process: fast, quiet, generous limits, fixed secrets, no jobs, no static apps. */
export function serverEnv(options: { mongoUri: string; dbName: string; port: number; dataDir: string; env?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    MONGODB_URI: options.mongoUri,
    MONGODB_DB: options.dbName,
    DATA_DIR: options.dataDir,
    JOBS_ENABLED: 'false',
    SEED_ON_EMPTY: 'false',
    STATIC_DIRS: 'false',
    LOG_LEVEL: 'warn',
    FANGXIN_QUIET_BANNER: '1',
    JWT_SECRET: 'faults-jwt-secret-0123456789abcdef0123456789',
    OTP_PEPPER: 'faults-otp-pepper-0123456789',
    RATE_LOGIN_PER_IP_PER_MIN: '100000',
    RATE_LOGIN_PER_USER_PER_MIN: '100000',
    RATE_OTP_PER_PHONE_PER_HOUR: '100000',
    RATE_OTP_PER_IP_PER_HOUR: '100000',
    ...options.env,
  };
}

/**
 * Starts `tsx src/main.ts` and resolves once `/readyz` answers 200. `driverTrace`: a file the child writes the
 * database driver's events to (see driverTrace.ts), for diagnosing a server that does not reconnect. `bundle`: run
 * that compiled entry (such as `dist/main.js`, relative to server/) with plain node instead.
 */
export async function startServerProcess(options: { mongoUri: string; dbName: string; dataDir: string; env?: Record<string, string>; driverTrace?: string; bundle?: string }): Promise<ServerProcess> {
  const port = await freePort();
  const trace = options.driverTrace ? ['--import', './faults/driverTrace.ts'] : [];
  const entry = options.bundle ? [options.bundle] : ['--import', 'tsx', ...trace, 'src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: SERVER_ROOT,
    env: { ...serverEnv({ ...options, port }), ...(options.driverTrace ? { FAULTS_DRIVER_TRACE: options.driverTrace } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up (code ${child.exitCode}):\n${output}`);
    const status = await probe(`${url}/readyz`);
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within 90 s:\n${output}`);
    }
    await sleep(200);
  }
  return { url, port, pid: child.pid!, child, exited, output: () => output, kill: (signal = 'SIGTERM') => child.kill(signal) };
}

/** One GET on a fresh connection: its status, or 0 when it could not be answered. */
export function probe(url: string, timeoutMs = 3_000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', () => resolve(0));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
  });
}

/** A complete HTTP response. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are inspected loosely by the suites
  body: any;
  reusedSocket: boolean;
}

/**
 * The request got no complete response. `refused`: the connection was never made, so nothing was sent (allowed while
 * a server is down or gone). Anything else (`ECONNRESET`, "socket hang up", a body cut short) means a request that was
 * sent was cut off.
 */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly reusedSocket: boolean,
    /** Where the request got to: when its connection was made and when it was written (ms after it was started). */
    readonly trace = '',
  ) {
    super(message);
    this.name = 'TransportError';
  }
  get refused(): boolean {
    return this.code === 'ECONNREFUSED';
  }
}

/** A keep-alive client over node:http: one agent, a fixed number of sockets reused for every request. */
export function keepAliveClient(baseUrl: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const { hostname, port } = new URL(baseUrl);
  function request(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Reply> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    return new Promise<Reply>((resolve, reject) => {
      let settled = false;
      const startedAt = Date.now();
      const steps: string[] = [];
      const fail = (code: string, message: string) => {
        if (settled) return;
        settled = true;
        reject(new TransportError(code, message, req.reusedSocket, `${method} ${path.split('?')[0]}: ${steps.join(', ')}, failed at ${Date.now() - startedAt} ms`));
      };
      const req = http.request(
        {
          host: hostname,
          port: Number(port),
          method,
          path,
          agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('aborted', () => fail('PARTIAL', 'response aborted before its end'));
          res.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'PARTIAL', `response cut off: ${err.message}`));
          res.once('end', () => {
            if (settled) return;
            const raw = Buffer.concat(chunks);
            const declared = res.headers['content-length'];
            if (declared !== undefined && Number(declared) !== raw.length) return fail('PARTIAL', `body ${raw.length} of ${declared} bytes`);
            settled = true;
            const text = raw.toString('utf8');
            let body: unknown = text;
            if ((res.headers['content-type'] ?? '').includes('json') && text) {
              try {
                body = JSON.parse(text);
              } catch {
                body = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, reusedSocket: req.reusedSocket });
          });
        },
      );
      req.once('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => steps.push(`connected at ${Date.now() - startedAt} ms`));
      });
      req.once('finish', () => steps.push(`written at ${Date.now() - startedAt} ms`));
      req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(Object.assign(new Error('client timeout'), { code: 'TIMEOUT' })));
      req.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERROR', err.message));
      req.end(payload);
    });
  }
  return { request, agent, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof keepAliveClient>;

/** Text that must never reach a client in an error body (scan it without the request id: ids are random hex). */
export const LEAKS = /\bstack\b|\bat [\w.<>]+ \(|node_modules|\bMongo\w*Error\b|mongodb:\/\/|\bECONN\w+|\bE11000\b|\btopology\b/i;

export const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '—');

/** Prints one suite's figures as an aligned block (they go into docs/QUALITY.md). */
export function printFigures(title: string, rows: Array<[string, string | number]>): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [``, `== ${title} ==`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), ``];
  console.log(lines.join('\n'));
}

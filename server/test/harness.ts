import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/logger';
import { connectDatabase, syncIndexes } from '../src/db/connect';
import { createDeps, type AppDeps } from '../src/deps';
import { startServer, type RunningServer } from '../src/server';
import { ManualClock } from '../src/lib/clock';
import { createContract } from './contract';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  url: string;
  clock: ManualClock;
  config: Config;
  deps: AppDeps;
  server: RunningServer;
  /** Real HTTP to the running app. `token` sets the Bearer header; `raw` sends a string body as-is. */
  request<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

let connectedDb: string | undefined;

/** Connects this test file's own database (once per file) and builds every declared index. */
export async function connectTestDatabase(): Promise<string> {
  if (!connectedDb) {
    connectedDb = `t_${crypto.randomBytes(6).toString('hex')}`;
    await connectDatabase(inject('mongoUri'), connectedDb);
    await syncIndexes();
  }
  return connectedDb;
}

export async function dropTestDatabase(): Promise<void> {
  if (!connectedDb) return;
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  connectedDb = undefined;
}

const TEST_CARD_KEY = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Test configuration: generous rate limits unless a test sets its own; secrets fixed so tokens can be forged on purpose. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789',
    OTP_PEPPER: 'test-otp-pepper-0123456789',
    CARD_SIGNING_KEY: TEST_CARD_KEY,
    MONGODB_URI: inject('mongoUri'),
    STATIC_DIRS: 'false',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fx-test-')),
    RATE_LOGIN_PER_IP_PER_MIN: '10000',
    RATE_LOGIN_PER_USER_PER_MIN: '10000',
    RATE_OTP_PER_PHONE_PER_HOUR: '10000',
    RATE_OTP_PER_IP_PER_HOUR: '10000',
    ...overrides,
  });
}

/** Starts the real app on port 0 against this file's database, with a clock the test controls. */
export async function startTestServer(
  options: { env?: Record<string, string>; clock?: ManualClock; deps?: Partial<AppDeps> } = {},
): Promise<TestServer> {
  await connectTestDatabase();
  const config = testConfig(options.env);
  const clock = options.clock ?? new ManualClock(new Date());
  const deps = { ...createDeps(config, createLogger(config.LOG_LEVEL), clock), ...options.deps };
  const server = await startServer(deps, { port: 0, host: '127.0.0.1' });
  // Every answer any test receives is checked against the shared contract: a 2xx body its endpoint's response schema
  // refuses (or that carries fields the schema does not declare), an error body of another shape, or a crash fails
  // the test that received it.
  const contract = createContract(server.routes);
  return {
    url: server.url,
    clock,
    config,
    deps,
    server,
    async request(method, path, { body, raw, token, headers = {} } = {}) {
      const res = await fetch(server.url + path, {
        method,
        headers: {
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      const answer = { status: res.status, body: parsed as never, headers: res.headers };
      if (method.toUpperCase() !== 'HEAD') contract.check(method, path, answer);
      return answer;
    },
    close: () => server.close(),
  };
}

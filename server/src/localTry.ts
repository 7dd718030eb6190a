import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { databaseAnswers } from './db/connect';
import { startEmbeddedDb, type EmbeddedDb } from './db/embedded';
import { SERVER_ROOT } from './lib/paths';

/**
 * `pnpm start:prod` without MONGODB_URI (bundled as server/dist/local-try.js): the production build tried on one
 * machine. The compiled server runs with NODE_ENV=production, so it needs what production needs; this gives it
 * local stand-ins: the embedded engine (data file under DATA_DIR/db, as `pnpm start` uses), the development secrets
 * kept in DATA_DIR/secrets.json, and an SMS gateway on 127.0.0.1 that prints each one-time code here. Demo data is
 * seeded into an empty database. Not for a real deployment: set MONGODB_URI and the secrets (docs/DEPLOY.md).
 */
async function main() {
  let local;
  try {
    // The development reading of the same environment: its defaults and the secrets kept under DATA_DIR.
    local = loadConfig({ ...process.env, NODE_ENV: 'development', MONGODB_URI: undefined, SMS_PROVIDER: 'console' });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`local try: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  // SIGINT/SIGTERM go to the server once it runs (it drains, then the engine is stopped below); before that, they
  // stop the start-up here, engine included, instead of leaving it running.
  let child: ChildProcess | null = null;
  let stopRequested = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopRequested = true;
      child?.kill(signal);
    });
  }

  let engine: EmbeddedDb | null = null;
  let uri = `mongodb://127.0.0.1:${local.EMBEDDED_DB_PORT}/`;
  if (await databaseAnswers(uri, 500)) {
    console.log(`local try: using the embedded database already running on port ${local.EMBEDDED_DB_PORT}`);
  } else {
    const file = path.join(local.DATA_DIR, 'db', 'fangxin.mv');
    console.log(`local try: starting the embedded database (${file})`);
    engine = await startEmbeddedDb({ storage: file, port: local.EMBEDDED_DB_PORT });
    uri = engine.uri;
  }

  // Stand-in SMS gateway: the request the production client sends (modules/auth/sms.ts), printed instead of delivered.
  const sms = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      try {
        const { phone, params } = JSON.parse(raw) as { phone: string; params: { code: string; minutes: number } };
        console.log(`local try SMS → ${phone}: 【放心服务】验证码 ${params.code}，${params.minutes} 分钟内有效`);
        res.writeHead(202).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => sms.listen(0, '127.0.0.1', resolve));
  const smsPort = (sms.address() as { port: number }).port;
  if (stopRequested) {
    sms.close();
    await engine?.stop();
    process.exit(0);
  }

  child = spawn(process.execPath, [...process.execArgv, path.join(SERVER_ROOT, 'dist', 'main.js')], {
    stdio: 'inherit',
    env: {
      SEED_ON_EMPTY: 'true',
      ...process.env,
      NODE_ENV: 'production',
      MONGODB_URI: uri,
      JWT_SECRET: local.JWT_SECRET,
      OTP_PEPPER: local.OTP_PEPPER,
      CARD_SIGNING_KEY: local.CARD_SIGNING_KEY,
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: `http://127.0.0.1:${smsPort}/sms`,
    },
  });
  const server = child;
  const code = await new Promise<number>((resolve) => server.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  sms.close();
  await engine?.stop();
  process.exit(code);
}

main().catch((err) => {
  console.error('local try: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

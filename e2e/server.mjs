#!/usr/bin/env node
// Starts the real server for the browser journeys: a fresh data folder (embedded database file, uploads),
// demo data seeded on the empty database, the built admin and miniapp H5 served at /admin/ and /h5/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// One folder per port, so two runs on different ports (E2E_PORT) do not wipe each other's database.
const dataDir = path.join(root, '.data', `e2e-${process.env.E2E_PORT ?? '3210'}`);
fs.rmSync(dataDir, { recursive: true, force: true });

const child = spawn('pnpm', ['--filter', '@fangxin/server', 'run', 'start'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: process.env.E2E_PORT ?? '3210',
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: '0',
    LOG_LEVEL: 'warn',
    FANGXIN_QUIET_BANNER: '1',
    // The demo history (issue 18), the whole 90 days restored from its snapshot in seconds (server/src/seed/snapshot.ts):
    // the dashboards and lists show real data in the screenshots, and the governance journey has a closed previous
    // month to publish. The journeys create their own orders and never take the history's for theirs. (SEED_HISTORY,
    // when set, passes through: `0` for none.)
    // The maintenance-reminder job (hourly by default) looks every 10 s, so the maintenance journey sees its reminder.
    MAINTENANCE_REMINDERS_EVERY_MS: '10000',
    // Every journey signs in several people from 127.0.0.1 within a minute or two; the limits themselves are
    // tested by the server suite (server/test/auth.*.test.ts), so here they must not get in the way.
    RATE_LOGIN_PER_IP_PER_MIN: '10000',
    RATE_LOGIN_PER_USER_PER_MIN: '10000',
    RATE_OTP_PER_IP_PER_HOUR: '10000',
    RATE_OTP_PER_PHONE_PER_HOUR: '10000',
  },
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

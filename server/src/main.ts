import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { openDatabase } from './db/bootstrap';
import { createDeps } from './deps';
import { startServer } from './server';
import { isDatabaseEmpty, seedDemoData } from './seed/seed';
import { DEMO_LOGINS } from './seed/data';
import { describeHistory } from './seed/history';
import { scheduleJobs } from './lib/jobs';
import { backgroundJobs } from './modules/jobs';

/** Entry point: config → database (embedded unless MONGODB_URI) → demo data on an empty database → HTTP. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`fangxin-server: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);

  let db;
  try {
    db = await openDatabase(config, logger);
  } catch (err) {
    console.error(`fangxin-server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }

  if (config.SEED_ON_EMPTY && (await isDatabaseEmpty())) {
    logger.info('empty database: seeding demo data');
    const seedDeps = createDeps(config, logger);
    const seeded = await seedDemoData(seedDeps.clock, { storage: seedDeps.storage });
    if (seeded.history) logger.info(describeHistory(seeded.history));
  }

  const deps = createDeps(config, logger);
  const server = await startServer(deps);
  const stopJobs = config.JOBS_ENABLED ? scheduleJobs(backgroundJobs(deps), deps.clock, logger) : async () => undefined;
  logger.info({ url: server.url }, 'server listening');
  if (process.env.FANGXIN_QUIET_BANNER !== '1') {
    const lines = [
      '',
      `  放心服务 Fangxin Service is running`,
      `  客户端 H5 (customer app + engineer mode): ${server.url}/h5/`,
      `  管理后台 Admin:                           ${server.url}/admin/`,
      `  API docs:                                 ${server.url}/api/docs`,
      `  Health:                                   ${server.url}/readyz`,
      '',
      '  Demo logins:',
      ...DEMO_LOGINS.map((l) => `    ${l.label.padEnd(22)} ${l.login}`),
      '',
    ];
    console.log(lines.join('\n'));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    // No new job runs; a running one finishes (and releases its lease) before the database is closed.
    const jobsStopped = stopJobs();
    // Clients may be sending right now: drain their connections rather than cut them (see CloseOptions).
    await server.close({ connections: 'drain', announceMs: config.SHUTDOWN_ANNOUNCE_MS });
    await jobsStopped;
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error('fangxin-server: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

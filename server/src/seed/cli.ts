import path from 'node:path';
import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from '../db/bootstrap';
import { systemClock } from '../lib/clock';
import { createDiskStorage } from '../modules/uploads/storage';
import { DEMO_LOGINS } from './data';
import { seedDemoData } from './seed';
import { describeHistory } from './history';

/** `pnpm seed [--reset]`: upserts the demo data; --reset drops the database first. */
async function run() {
  const config = loadConfig();
  const db = await openDatabase(config, createLogger(process.env.LOG_LEVEL ?? 'warn'));
  try {
    if (process.argv.includes('--reset')) {
      await mongoose.connection.dropDatabase();
      await Promise.all(Object.values(mongoose.models).map((m) => m.syncIndexes()));
      console.log(`dropped database ${config.MONGODB_DB}`);
    }
    const counts = await seedDemoData(systemClock, { storage: createDiskStorage(path.join(config.DATA_DIR, 'uploads')) });
    console.log(`seeded: ${counts.outlets} outlets, ${counts.staff} staff, ${counts.engineers} engineers, ${counts.customers} customers`);
    if (counts.history) console.log(describeHistory(counts.history));
    console.log('demo logins:');
    for (const l of DEMO_LOGINS) console.log(`  ${l.label.padEnd(22)} ${l.login}`);
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  console.error(`seed failed: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

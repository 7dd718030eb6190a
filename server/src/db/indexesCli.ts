import mongoose from 'mongoose';
import { EnvSchema } from '../config';
import { connectDatabase, disconnectDatabase, redactUri } from './connect';
// The models the server declares are registered by the modules that use them: these are the modules main.ts loads.
import '../server';
import '../deps';
import '../seed/seed';
import '../lib/jobs';
import '../modules/jobs';

/**
 * `pnpm --filter @fangxin/server run db:indexes [--dry-run]` (server/dist/db-indexes.js in the production build):
 * brings the indexes of MONGODB_URI / MONGODB_DB to what the models declare, the same `syncIndexes` every server
 * start runs, once, before a rolling deploy (docs/DEPLOY.md). Builds missing indexes and drops the ones no model
 * declares any more; `--dry-run` only prints what it would do. Exit code 0 when done (or nothing to do), 1 on error.
 */
async function main() {
  const env = EnvSchema.pick({ MONGODB_URI: true, MONGODB_DB: true, DB_CONNECT_TIMEOUT_MS: true }).parse(process.env);
  if (!env.MONGODB_URI) throw new Error('MONGODB_URI is not set');
  const dryRun = process.argv.includes('--dry-run');
  await connectDatabase(env.MONGODB_URI, env.MONGODB_DB, env.DB_CONNECT_TIMEOUT_MS);
  console.log(`db:indexes: ${redactUri(env.MONGODB_URI)} database ${env.MONGODB_DB}${dryRun ? ' (dry run)' : ''}`);
  let changes = 0;
  for (const model of Object.values(mongoose.models).sort((a, b) => a.collection.name.localeCompare(b.collection.name))) {
    const diff = await model.diffIndexes();
    const toCreate = diff.toCreate.map((spec) => JSON.stringify(spec));
    changes += toCreate.length + diff.toDrop.length;
    if (!dryRun && (toCreate.length || diff.toDrop.length)) await model.syncIndexes();
    const parts = [...toCreate.map((s) => `+ ${s}`), ...diff.toDrop.map((name) => `- ${name}`)];
    console.log(`  ${model.collection.name.padEnd(28)} ${parts.length ? parts.join('  ') : 'up to date'}`);
  }
  console.log(`db:indexes: ${changes === 0 ? 'nothing to change' : `${changes} change(s) ${dryRun ? 'to make' : 'made'}`} over ${Object.keys(mongoose.models).length} models`);
  await disconnectDatabase();
}

main().catch(async (err) => {
  console.error(`db:indexes: ${err instanceof Error ? err.message : String(err)}`);
  await disconnectDatabase().catch(() => undefined);
  process.exit(1);
});

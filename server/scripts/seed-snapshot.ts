/**
 * `pnpm --filter @fangxin/server run seed:snapshot [days=90]`: generates the demo history ONCE through the use cases
 * and stores it as the snapshot `pnpm start` restores in seconds (server/src/seed/snapshot.ts, server/seed-snapshot/).
 *
 * Starts its own in-memory embedded engine, runs the base seed and then the history on it with a manual clock at
 * today's 00:00 in Asia/Shanghai (the snapshot's anchor day: a restore moves every date by whole days from there),
 * and writes the collections the history made. Run it again after changing what the history does or the shape of
 * anything it writes; server/test/seed.snapshot.test.ts says "run seed:snapshot" when the snapshot no longer reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { shanghaiDay, shanghaiDayStart } from '@fangxin/shared';
import { startEmbeddedDb } from '../src/db/embedded';
import { syncIndexes } from '../src/db/connect';
import { ManualClock } from '../src/lib/clock';
import { seedDemoData } from '../src/seed/seed';
import { createSnapshot, SNAPSHOT_DIR } from '../src/seed/snapshot';

const days = Number(process.argv[2] ?? 90);
const db = await startEmbeddedDb({ storage: 'memory', port: 0, heap: '1g' });
try {
  await mongoose.connect(db.uri, { dbName: 'seed_snapshot' });
  await syncIndexes();
  const clock = new ManualClock(shanghaiDayStart(shanghaiDay(new Date())));
  await seedDemoData(clock, { history: false });
  const started = performance.now();
  const manifest = await createSnapshot(clock, { days });
  const files = fs.readdirSync(SNAPSHOT_DIR).map((f) => fs.statSync(path.join(SNAPSHOT_DIR, f)).size);
  console.log(`seed:snapshot: ${manifest.history.orders} orders over ${days} days before ${manifest.anchorDay}, generated through the use cases in ${(manifest.generatedInMs / 1000).toFixed(1)} s (${((performance.now() - started) / 1000).toFixed(1)} s with writing)`);
  console.log(`  ${Object.entries(manifest.collections).map(([c, x]) => `${c} ${x.count}`).join(', ')}; ${manifest.refs.length} base records referred to by key`);
  console.log(`  ${SNAPSHOT_DIR}: ${files.length} files, ${(files.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KB; code ${manifest.code.commit?.slice(0, 10) ?? 'unknown'}${manifest.code.dirty ? ' (with uncommitted changes)' : ''}`);
} finally {
  await mongoose.disconnect();
  await db.stop();
}

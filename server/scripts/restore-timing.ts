/**
 * `pnpm --filter @fangxin/server run bench:restore [file|memory]`: how long the first start's demo data takes now that
 * the history comes from the snapshot (server/src/seed/snapshot.ts; issue 18, "a few seconds").
 *
 * Starts its own embedded engine (the H2 file backend `pnpm start` uses, in a temporary folder; or `memory`), builds
 * the indexes, and runs the whole demo seed as `pnpm start` does on an empty database: the base seed, then the
 * snapshot restored (read, re-hash, bulk inserts), today's orders made live and the jobs. Prints the wall time of each
 * part, the database commands, and the CPU seconds of the Node and database processes (wall time depends on what
 * else the machine is doing; the CPU seconds much less).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedDb } from '../src/db/embedded';
import { syncIndexes } from '../src/db/connect';
import { systemClock } from '../src/lib/clock';
import { seedDemoData } from '../src/seed/seed';
import { describeHistory } from '../src/seed/history';
import { createDiskStorage } from '../src/modules/uploads/storage';

const storage = process.argv[2] ?? 'file';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangxin-restore-'));
const db = await startEmbeddedDb({ storage: storage === 'memory' ? 'memory' : path.join(dir, 'fangxin.mv'), port: 0 });
try {
  await mongoose.connect(db.uri, { dbName: 'restore_timing', monitorCommands: true });
  let commands = 0;
  mongoose.connection.getClient().on('commandStarted', () => commands++);
  await syncIndexes();
  /** CPU seconds (user + system) a process has used, from /proc. */
  const cpu = (pid: number | 'self') => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  const before = { node: cpu('self'), db: cpu(db.pid), commands };
  const t0 = performance.now();
  const res = await seedDemoData(systemClock, { storage: createDiskStorage(path.join(dir, 'uploads')) });
  const total = performance.now() - t0;
  const h = res.history!;
  console.log(describeHistory(h));
  console.log(`whole seed ${(total / 1000).toFixed(1)} s (${storage}), of which the history ${(h.ms / 1000).toFixed(1)} s; history phases (ms) ${JSON.stringify(h.phases)}`);
  console.log(`database commands: ${commands - before.commands}; CPU: Node ${(cpu('self') - before.node).toFixed(1)} s, database ${(cpu(db.pid) - before.db).toFixed(1)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await mongoose.disconnect();
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

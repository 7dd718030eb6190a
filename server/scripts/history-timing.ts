/**
 * `pnpm --filter @fangxin/server exec tsx scripts/history-timing.ts [days=90] [file|memory]`: how long the demo
 * history takes to generate, and where the time goes (issue 18, "Demo history").
 *
 * Starts its own embedded engine (the H2 file backend, as `pnpm start` uses, in a temporary folder; or `memory`),
 * builds the indexes, runs the whole demo seed with that many days of history, and prints the seed's and the
 * history's wall time with its phases (customers, the outlets' orders, the jobs), every database command counted by
 * kind and collection with its summed latency, and the CPU seconds the Node process and the database process spent
 * (wall time depends on what else the machine is doing; the command counts and CPU seconds much less).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedDb } from '../src/db/embedded';
import { syncIndexes } from '../src/db/connect';
import { systemClock } from '../src/lib/clock';
import { seedDemoData } from '../src/seed/seed';
import { createDiskStorage } from '../src/modules/uploads/storage';

const days = Number(process.argv[2] ?? 90);
const storage = process.argv[3] ?? 'file';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangxin-history-'));
const db = await startEmbeddedDb({ storage: storage === 'memory' ? 'memory' : path.join(dir, 'fangxin.mv'), port: 0 });
await mongoose.connect(db.uri, { dbName: 'history_timing', monitorCommands: true });
let t0 = performance.now();
await syncIndexes();
console.log(`indexes built in ${(performance.now() - t0).toFixed(0)} ms`);

interface CommandEvent {
  requestId: number;
  commandName: string;
  command: Record<string, unknown>;
}
const counts = new Map<string, { n: number; ms: number }>();
const started = new Map<number, { key: string; t: number }>();
const client = mongoose.connection.getClient();
client.on('commandStarted', (e: CommandEvent) => {
  const collection = e.command[e.commandName];
  started.set(e.requestId, { key: `${e.commandName} ${typeof collection === 'string' ? collection : ''}`, t: performance.now() });
});
const finished = (e: Pick<CommandEvent, 'requestId'>) => {
  const s = started.get(e.requestId);
  if (!s) return;
  started.delete(e.requestId);
  const c = counts.get(s.key) ?? { n: 0, ms: 0 };
  c.n++;
  c.ms += performance.now() - s.t;
  counts.set(s.key, c);
};
client.on('commandSucceeded', finished);
client.on('commandFailed', finished);

/** CPU seconds (user + system) a process has used, from /proc. */
const cpu = (pid: number | 'self') => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const cpuBefore = { node: cpu('self'), db: cpu(db.pid) };

t0 = performance.now();
const res = await seedDemoData(systemClock, { history: { days }, storage: createDiskStorage(path.join(dir, 'uploads')) });
const total = performance.now() - t0;
const h = res.history!;
console.log(`seed ${(total / 1000).toFixed(1)} s, of which the history ${(h.ms / 1000).toFixed(1)} s: ${h.orders} orders over ${days} days; phases (ms) ${JSON.stringify(h.phases)}`);
const rows = [...counts.entries()].sort((a, b) => b[1].n - a[1].n);
console.log(`database commands: ${rows.reduce((s, [, c]) => s + c.n, 0)} (summed latency ${(rows.reduce((s, [, c]) => s + c.ms, 0) / 1000).toFixed(1)} s)`);
for (const [k, c] of rows.slice(0, 20)) console.log(`${String(c.n).padStart(7)} ${(c.ms / 1000).toFixed(2).padStart(8)} s  ${k}`);
console.log(`CPU during the seed: Node ${(cpu('self') - cpuBefore.node).toFixed(1)} s, database ${(cpu(db.pid) - cpuBefore.db).toFixed(1)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await mongoose.disconnect();
await db.stop();
fs.rmSync(dir, { recursive: true, force: true });

/**
 * `pnpm --filter @fangxin/server bench:analytics`: the dashboards and rankings at 100,000 orders.
 *
 * Starts the embedded engine (memory backend, -Xmx1g) unless MONGODB_URI is set, seeds the demo outlets and
 * engineers and BENCH_ORDERS (default 100,000) realistic orders over 90 days with insertMany (every status, breaches,
 * second visits, quotes with off-catalogue items, surveys, complaints: bench/seedOrders.ts, shared with `pnpm bench`),
 * runs the rollup once, then calls each analytics and quality endpoint over HTTP several times and prints min / median
 * / p95 against the 300 ms budget, next to a plain aggregation over `orders` run directly against the same engine for
 * comparison.
 * Exits non-zero when an endpoint's median is over budget.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { addDays, shanghaiDay } from '@fangxin/shared';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { connectDatabase, syncIndexes } from '../src/db/connect';
import { createDeps } from '../src/deps';
import { startServer } from '../src/server';
import { systemClock } from '../src/lib/clock';
import { DEMO_PASSWORD } from '../src/seed/data';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Order } from '../src/modules/orders/model';
import { rollupDailyStats } from '../src/modules/analytics/rollup';
import { seedBenchData } from '../bench/seedOrders';
import { engineHeap, openBenchDatabase } from '../bench/engine';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const DAYS = 90;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const BUDGET_MS = 300;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { min: sorted[0]!, median: at(0.5), p95: at(0.95) };
}

async function measure(fn: () => Promise<unknown>): Promise<{ min: number; median: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const ms = (x: number) => x.toFixed(1).padStart(7);

async function main() {
  const started = performance.now();
  const { uri, engine, label } = await openBenchDatabase();
  const dbName = `bench_analytics_${crypto.randomBytes(4).toString('hex')}`;
  console.log(`bench:analytics — ${label}, database ${dbName}, ${ORDERS.toLocaleString('en')} orders over ${DAYS} days\n`);
  await connectDatabase(uri, dbName);
  await syncIndexes();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fx-bench-'));
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', MONGODB_URI: uri, MONGODB_DB: dbName, DATA_DIR: dataDir, STATIC_DIRS: 'false', JOBS_ENABLED: 'false' });
  const deps = createDeps(config, createLogger('silent'));
  const server = await startServer(deps, { port: 0, host: '127.0.0.1' });
  let failed = false;
  try {
    const now = new Date();
    let t0 = performance.now();
    const seeded = await seedBenchData({ now, orders: ORDERS, days: DAYS, progress: process.env.BENCH_PROGRESS ? (n) => console.log(`  ${n} orders`) : undefined });
    console.log(`seeded ${ORDERS.toLocaleString('en')} orders, ${seeded.surveys.toLocaleString('en')} surveys, ${seeded.complaints.toLocaleString('en')} complaints across ${seeded.outlets} outlets / ${seeded.engineers} active engineers in ${((performance.now() - t0) / 1000).toFixed(1)} s${engineHeap(engine)}`);

    t0 = performance.now();
    const first = await rollupDailyStats(systemClock);
    console.log(`rollup, first run (everything):  ${((performance.now() - t0) / 1000).toFixed(1)} s — ${first.pairs} (outlet, day) pairs, ${first.board} board entries`);
    // A minute's worth of changes: 200 orders move on.
    const some = await Order.find({ status: 'pending' }, { _id: 1 }).limit(200).lean();
    await Order.updateMany({ _id: { $in: some.map((o) => o._id) } }, { $set: { status: 'dispatched' } });
    t0 = performance.now();
    const next = await rollupDailyStats(systemClock);
    console.log(`rollup, incremental (${next.orders} changed orders): ${(performance.now() - t0).toFixed(0)} ms — ${next.pairs} pairs\n`);

    const login = async (username: string) => {
      const res = await fetch(`${server.url}/api/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const admin = await login('admin');
    const manager = await login('manager.xihu');
    const xihu = (await Outlet.findOne({ code: 'HZ-XH' }).lean())!._id;
    const engineer = (await Engineer.findOne({ employeeNo: 'FX-XH-001' }).lean())!._id;
    const get = (token: string, url: string) => async () => {
      const res = await fetch(server.url + url, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const from = addDays(shanghaiDay(now), -(DAYS - 1));
    const period = { $gte: from, $lte: shanghaiDay(now) };
    // What each endpoint would cost as one plain aggregation over `orders` (and it would need several).
    const byStatus = (match: Record<string, unknown>) => async () => Order.aggregate([{ $match: { ...match, createdDay: period } }, { $group: { _id: '$status', n: { $sum: 1 } } }]);
    const byField = (field: string) => async () => Order.aggregate([{ $match: { createdDay: period } }, { $group: { _id: `$${field}`, n: { $sum: 1 }, off: { $sum: '$offCatalogueCount' } } }]);

    const cases: Array<{ name: string; call: () => Promise<unknown>; plain: { name: string; call: () => Promise<unknown> } }> = [
      { name: 'GET /analytics/overview (platform, 90 d)', call: get(admin, '/api/v1/analytics/overview'), plain: { name: '$group status, all outlets', call: byStatus({}) } },
      { name: 'GET /analytics/overview (outlet manager)', call: get(manager, '/api/v1/analytics/overview'), plain: { name: '$group status, one outlet', call: byStatus({ outletId: xihu }) } },
      { name: 'GET /quality/rankings?scope=outlets', call: get(admin, '/api/v1/quality/rankings?scope=outlets'), plain: { name: '$group by outletId', call: byField('outletId') } },
      { name: 'GET /quality/rankings?scope=engineers', call: get(admin, '/api/v1/quality/rankings?scope=engineers'), plain: { name: '$group by engineerId', call: byField('engineerId') } },
      { name: 'GET /quality/engineers/:id', call: get(manager, `/api/v1/quality/engineers/${engineer}`), plain: { name: '$group one engineer', call: byStatus({ engineerId: engineer }) } },
      { name: 'GET /quality/outlets/:id', call: get(manager, `/api/v1/quality/outlets/${xihu}`), plain: { name: '$group status, one outlet', call: byStatus({ outletId: xihu }) } },
    ];

    console.log(`${RUNS} runs each after ${WARMUP} warm-up runs; budget ${BUDGET_MS} ms (median)\n`);
    console.log(`${'endpoint'.padEnd(42)}    min  median     p95   budget | ${'plain aggregation on orders'.padEnd(28)}    min  median     p95`);
    for (const c of cases) {
      const api = await measure(c.call);
      const plain = await measure(c.plain.call);
      const ok = api.median <= BUDGET_MS;
      if (!ok) failed = true;
      console.log(`${c.name.padEnd(42)}${ms(api.min)} ${ms(api.median)} ${ms(api.p95)}  ${ok ? '   ok' : ' OVER'} | ${c.plain.name.padEnd(28)}${ms(plain.min)} ${ms(plain.median)} ${ms(plain.p95)}`);
    }
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s on ${os.cpus().length} cores, Node ${process.version}`);
  } finally {
    await server.close();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await engine?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) {
    console.error(`\nFAIL: a median is over the ${BUDGET_MS} ms budget`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 6).join('\n')}` : err);
  process.exit(1);
});

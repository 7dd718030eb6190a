/**
 * `pnpm --filter @fangxin/server bench:analytics`: the dashboards and rankings at 100,000 orders.
 *
 * Starts the embedded engine (memory backend, -Xmx1g) unless MONGODB_URI is set, seeds the demo outlets and
 * engineers and BENCH_ORDERS (default 100,000) realistic orders over 90 days with insertMany (every status, breaches,
 * second visits, quotes with off-catalogue items, surveys, complaints), runs the rollup once, then calls each
 * analytics and quality endpoint over HTTP several times and prints min / median / p95 against the 300 ms budget,
 * next to a plain aggregation over `orders` run directly against the same engine for comparison.
 * Exits non-zero when an endpoint's median is over budget.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { addDays, CATEGORY_CODES, COMPLAINT_CATEGORY_CODES, shanghaiDay, SURVEY_ELEMENT_KEYS, type CategoryCode, type OrderStatus } from '@fangxin/shared';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { connectDatabase, syncIndexes } from '../src/db/connect';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';
import { createDeps } from '../src/deps';
import { startServer } from '../src/server';
import { systemClock } from '../src/lib/clock';
import { seedDemoData } from '../src/seed/seed';
import { DEMO_PASSWORD } from '../src/seed/data';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Order } from '../src/modules/orders/model';
import { Survey } from '../src/modules/surveys/model';
import { Complaint, NO_DUE } from '../src/modules/complaints/model';
import { rollupDailyStats } from '../src/modules/analytics/rollup';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const DAYS = 90;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const BUDGET_MS = 300;
const H = 3600_000;

/** Deterministic randomness, so every run seeds the same data. */
let state = 20261124;
const rand = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const chance = (p: number) => rand() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
function weighted<T>(pairs: Array<[T, number]>): T {
  let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((r -= w) <= 0) return v;
  return pairs[0]![0];
}

/** An ObjectId minted at `at`, as the record would have got when it was really created. */
const idAt = (at: Date) => new Types.ObjectId(Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0') + crypto.randomBytes(8).toString('hex'));

const CATEGORY_WEIGHTS: Array<[CategoryCode, number]> = CATEGORY_CODES.map((c, i) => [c, c === 'air_conditioner' ? 30 : c === 'washing_machine' ? 15 : 10 - i * 0.5]);

/**
 * Seeded orders carry what the statistics, the SLA sweeper and dispatch read (status, outlet, engineer, category,
 * days, deadlines, times, quotes, rework links), but not the customer's contact, fault text, timeline or quote lines:
 * the memory backend holds each document as Java maps (about 10 KB for a full order, measured with a class
 * histogram), and 100,000 full orders plus their surveys do not fit the 1 GB heap the benchmark runs with.
 */

/** An order's status by its age: old orders are closed or cancelled, today's are spread over the lifecycle. */
function statusFor(age: number): OrderStatus {
  if (age >= 3) return weighted([['closed', 92], ['cancelled', 8]]);
  if (age >= 1) return weighted([['closed', 55], ['completed', 12], ['in_service', 8], ['awaiting_parts', 4], ['accepted', 8], ['on_the_way', 5], ['cancelled', 8]]);
  return weighted([['pending', 22], ['dispatched', 18], ['accepted', 18], ['on_the_way', 10], ['arrived', 6], ['quoted', 6], ['in_service', 12], ['cancelled', 8]]);
}

const REACHED: Record<string, number> = { pending: 0, dispatched: 0, cancelled: 0, accepted: 1, on_the_way: 1, arrived: 2, quoted: 3, in_service: 4, awaiting_parts: 4, completed: 5, closed: 6 };

function buildOrder(now: Date, outlet: { _id: Types.ObjectId; engineers: Array<{ _id: Types.ObjectId; userId: Types.ObjectId }> }, n: number) {
  const age = Math.floor(rand() ** 1.15 * DAYS); // a little busier lately
  const day = addDays(shanghaiDay(now), -age);
  const createdAt = new Date(Math.min(now.getTime() - 5 * 60_000, new Date(`${day}T08:00:00+08:00`).getTime() + rand() * 12 * H));
  const status = statusFor(age);
  const reached = REACHED[status]!;
  const engineer = status === 'pending' || (status === 'cancelled' && chance(0.6)) ? null : pick(outlet.engineers);
  const slotStart = new Date(createdAt.getTime() + (4 + Math.floor(rand() * 20)) * H);
  const slotEnd = new Date(slotStart.getTime() + 2 * H);
  const respondBreach = chance(0.07);
  const arriveBreach = reached >= 2 && chance(0.05);
  const resolveBreach = reached >= 5 && chance(0.03);
  const times: Record<string, Date> = {};
  if (engineer) times.dispatchedAt = new Date(createdAt.getTime() + 0.5 * H);
  if (reached >= 1) times.acceptedAt = new Date(createdAt.getTime() + (respondBreach ? 26 : 2) * H);
  if (reached >= 2) times.arrivedAt = new Date(slotStart.getTime() + (arriveBreach ? 2.5 : 0.5) * H);
  if (reached >= 5) times.completedAt = new Date(times.arrivedAt!.getTime() + (resolveBreach ? 80 : 2) * H);
  if (status === 'closed') times.closedAt = new Date(times.completedAt!.getTime() + (chance(0.5) ? 1 : 48) * H);
  if (status === 'cancelled') times.cancelledAt = new Date(createdAt.getTime() + 3 * H);
  const cap = (d: Date | undefined) => (d && d.getTime() > now.getTime() - 5 * 60_000 ? new Date(now.getTime() - 5 * 60_000 - rand() * H) : d);
  for (const k of Object.keys(times)) times[k] = cap(times[k])!;
  const closedDay = times.closedAt ? shanghaiDay(times.closedAt) : null;
  const resolveDueAt = times.arrivedAt ? new Date(times.arrivedAt.getTime() + 72 * H) : null;
  const quoted = reached >= 3 && chance(0.75);
  const offCatalogue = quoted && chance(0.03) ? 1 : 0;
  const category = weighted(CATEGORY_WEIGHTS);
  const _id = idAt(createdAt);
  return {
    _id,
    orderNo: `BX${day.replace(/-/g, '')}-${String(n).padStart(6, '0')}`,
    customerId: new Types.ObjectId(),
    outletId: outlet._id,
    category,
    serviceType: weighted([['repair', 70], ['installation', 15], ['cleaning', 8], ['maintenance', 7]]),
    ...(chance(0.03) ? { parentOrderId: new Types.ObjectId() } : {}),
    ...(status === 'closed' && chance(0.04) ? { reworkOrderId: new Types.ObjectId() } : {}),
    slot: { day: shanghaiDay(slotStart), startAt: slotStart, endAt: slotEnd },
    status,
    engineerId: engineer?._id ?? null,
    quotes: quoted
      ? [{ no: 1, items: [], totalFen: 8000, status: 'confirmed' }]
      : [],
    ...(status === 'awaiting_parts' ? { partsWait: { reason: '等待压缩机', expectedDate: addDays(day, 3), since: createdAt } } : {}),
    offCatalogueCount: offCatalogue,
    createdDay: day,
    closedDay,
    sla: {
      respondDueAt: new Date(createdAt.getTime() + 24 * H),
      respondRiskAt: new Date(createdAt.getTime() + 19.2 * H),
      arriveDueAt: slotEnd,
      arriveRiskAt: new Date(slotEnd.getTime() - 0.4 * H),
      resolveDueAt,
      resolveRiskAt: resolveDueAt ? new Date(resolveDueAt.getTime() - 14.4 * H) : null,
      ...(status === 'awaiting_parts' ? { pausedSince: createdAt } : {}),
      atRisk: respondBreach ? { respond: new Date(createdAt.getTime() + 19.2 * H) } : {},
      breaches: {
        ...(respondBreach && createdAt.getTime() + 24 * H < now.getTime() ? { respond: new Date(createdAt.getTime() + 24 * H) } : {}),
        ...(arriveBreach ? { arrive: slotEnd } : {}),
        ...(resolveBreach && resolveDueAt ? { resolve: resolveDueAt } : {}),
      },
    },
    times,
    createdAt,
    updatedAt: cap(times.closedAt ?? times.completedAt ?? times.cancelledAt ?? times.arrivedAt ?? times.acceptedAt ?? createdAt)!,
  };
}

function surveyFor(order: ReturnType<typeof buildOrder>) {
  const overall = weighted([[5, 60], [4, 25], [3, 8], [2, 4], [1, 3]]);
  const scores = Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, k === 'overall' ? overall : Math.max(1, Math.min(5, overall + pick([-1, 0, 0, 0, 1])))]));
  const submittedAt = new Date(order.times.closedAt!.getTime() + 2 * H);
  return {
    _id: idAt(submittedAt),
    orderId: order._id,
    orderNo: order.orderNo,
    customerId: order.customerId,
    outletId: order.outletId,
    engineerId: order.engineerId,
    templateId: new Types.ObjectId(),
    scores,
    problemSolved: overall > 2,
    low: overall <= 3,
    submittedAt,
    submittedDay: shanghaiDay(submittedAt),
  };
}

function complaintFor(order: ReturnType<typeof buildOrder>) {
  const filedAt = new Date(order.times.closedAt!.getTime() + 5 * H);
  return {
    _id: idAt(filedAt),
    orderId: order._id,
    orderNo: order.orderNo,
    customerId: order.customerId,
    outletId: order.outletId,
    engineerId: order.engineerId,
    category: pick(COMPLAINT_CATEGORY_CODES),
    text: '维修后又出现同样的问题',
    status: 'closed',
    reopenCount: 0,
    deadlines: {},
    nextDueAt: NO_DUE,
    atRisk: {},
    breaches: {},
    breached: false,
    filedAt,
    createdAt: filedAt,
    updatedAt: filedAt,
  };
}

async function seed(now: Date) {
  await seedDemoData(systemClock);
  const outlets = await Outlet.find({}, { _id: 1 }).lean();
  const engineers = await Engineer.find({ status: 'active' }, { _id: 1, userId: 1, outletId: 1 }).lean();
  const withEngineers = outlets.map((o) => ({ _id: o._id, engineers: engineers.filter((e) => String(e.outletId) === String(o._id)) }));
  let surveys = 0;
  let complaints = 0;
  const batch = 5000;
  for (let i = 0; i < ORDERS; i += batch) {
    const orders = Array.from({ length: Math.min(batch, ORDERS - i) }, (_, k) => buildOrder(now, pick(withEngineers), i + k));
    await Order.collection.insertMany(orders, { ordered: false });
    const closed = orders.filter((o) => o.status === 'closed' && o.times.closedAt!.getTime() + 6 * H < now.getTime());
    const s = closed.filter(() => chance(0.35)).map(surveyFor);
    const c = closed.filter(() => chance(0.02)).map(complaintFor);
    if (s.length) await Survey.collection.insertMany(s, { ordered: false });
    if (c.length) await Complaint.collection.insertMany(c, { ordered: false });
    surveys += s.length;
    complaints += c.length;
    if (process.env.BENCH_PROGRESS) console.log(`  ${i + orders.length} orders`);
  }
  return { outlets: outlets.length, engineers: engineers.length, surveys, complaints };
}

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

/** The embedded engine's heap in use (jstat, when the JDK has it): the memory backend must fit its -Xmx. */
function engineHeap(engine: EmbeddedDb | null): string {
  if (!engine) return '';
  spawnSync('jcmd', [String(engine.pid), 'GC.run'], { stdio: 'ignore' }); // live data, not garbage
  const out = spawnSync('jstat', ['-gc', String(engine.pid)], { encoding: 'utf8' });
  const [head, row] = (out.stdout ?? '').trim().split('\n').map((l) => l.trim().split(/\s+/));
  if (!head || !row) return '';
  const used = ['S0U', 'S1U', 'EU', 'OU'].reduce((sum, col) => sum + Number(row[head.indexOf(col)] ?? 0), 0);
  return ` (engine heap live after GC: ${Math.round(used / 1024)} MB)`;
}

async function main() {
  const started = performance.now();
  let engine: EmbeddedDb | null = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedDb({ storage: 'memory', heap: '1g', onStderr: (line) => /Exception|Error|OutOfMemory/.test(line) && console.error(`[engine] ${line}`) });
    uri = engine.uri;
  }
  const dbName = `bench_analytics_${crypto.randomBytes(4).toString('hex')}`;
  console.log(`bench:analytics — ${engine ? 'embedded engine (memory backend, -Xmx1g)' : 'MONGODB_URI'}, database ${dbName}, ${ORDERS.toLocaleString('en')} orders over ${DAYS} days\n`);
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
    const seeded = await seed(now);
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

import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay, SURVEY_ELEMENT_KEYS, type CategoryCode, type ComplaintCategory, type OrderStatus } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Survey } from '../src/modules/surveys/model';
import { Complaint, NO_DUE } from '../src/modules/complaints/model';
import { DailyStat, OrderBoard } from '../src/modules/analytics/model';
import { rollupDailyStats } from '../src/modules/analytics/rollup';
import { surveyStatsFor } from '../src/modules/surveys/results';
import { complaintStatsFor } from '../src/modules/complaints/service';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { createEngineer, createOutlet, createStaff } from './factories';
import { staffToken } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

const H = 3600_000;
let t: TestServer;
let now: Date;
let today: string;

beforeAll(async () => {
  t = await startTestServer();
  now = t.clock.now();
  today = shanghaiDay(now);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

let seq = 0;
/** An order as the orders module stores it, with the fields the statistics read set explicitly. */
function orderDoc(o: {
  outletId: string;
  day: string;
  status: OrderStatus;
  engineerId?: string | null;
  category?: CategoryCode;
  closedDay?: string | null;
  sla?: Record<string, unknown>;
  times?: Record<string, Date>;
  parentOrderId?: Types.ObjectId | null;
  reworkOrderId?: Types.ObjectId | null;
  quoted?: boolean;
  offCatalogueCount?: number;
  updatedAt?: Date;
  _id?: Types.ObjectId;
}) {
  const createdAt = new Date(`${o.day}T09:00:00+08:00`);
  const outletId = new Types.ObjectId(o.outletId);
  return {
    _id: o._id ?? new Types.ObjectId(),
    orderNo: `QA${Date.now()}${String(seq++).padStart(5, '0')}`,
    customerId: new Types.ObjectId(),
    outletId,
    category: o.category ?? 'air_conditioner',
    serviceType: 'repair',
    parentOrderId: o.parentOrderId ?? null,
    reworkOrderId: o.reworkOrderId ?? null,
    fault: { description: '不制冷', photoIds: [] },
    contact: { name: '测试', phone: '13800000000', districtCode: '330106', detail: '测试地址' },
    slot: { outletId, day: o.day, window: '14-16', startAt: new Date(createdAt.getTime() + 5 * H), endAt: new Date(createdAt.getTime() + 7 * H) },
    status: o.status,
    engineerId: o.engineerId ? new Types.ObjectId(o.engineerId) : null,
    catalogVersion: 1,
    quotes: o.quoted ? [{ no: 1, items: [], totalFen: 0, status: 'confirmed', createdAt, decidedAt: createdAt, rejectReason: null }] : [],
    offCatalogueCount: o.offCatalogueCount ?? 0,
    timeline: [],
    timelineHead: `head-${seq}`,
    createdDay: o.day,
    closedDay: o.closedDay ?? null,
    sla: {
      respondDueAt: new Date(createdAt.getTime() + 24 * H),
      respondRiskAt: new Date(createdAt.getTime() + 19 * H),
      arriveDueAt: new Date(createdAt.getTime() + 7 * H),
      arriveRiskAt: new Date(createdAt.getTime() + 6 * H),
      resolveDueAt: null,
      resolveRiskAt: null,
      pausedMs: 0,
      pausedSince: null,
      atRisk: {},
      breaches: {},
      ...o.sla,
    },
    times: o.times ?? {},
    createdAt,
    updatedAt: o.updatedAt ?? new Date(Date.now() - 10 * 60_000),
  };
}

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
/** Times of an order that met every deadline on `day` (created 09:00, accepted 10:00, arrived 14:30, done 16:00). */
const onTime = (day: string) => ({ acceptedAt: at(day, 10), arrivedAt: at(day, 14), completedAt: at(day, 15), closedAt: at(day, 18) });

async function survey(outletId: string, engineerId: string | null, day: string, scores: Record<string, number>, low: boolean) {
  await Survey.create({
    orderId: new Types.ObjectId(),
    orderNo: `S${seq++}`,
    customerId: new Types.ObjectId(),
    outletId,
    engineerId,
    templateId: new Types.ObjectId(),
    scores,
    problemSolved: !low,
    low,
    submittedAt: at(day, 12),
    submittedDay: day,
  });
}

async function complaint(outletId: string, engineerId: string | null, day: string, category: ComplaintCategory = 'quality') {
  await Complaint.create({
    orderId: new Types.ObjectId(),
    orderNo: `C${seq++}`,
    customerId: new Types.ObjectId(),
    outletId,
    engineerId,
    category,
    text: '维修后第二天又坏了',
    status: 'submitted',
    deadlines: { ackDueAt: at(day, 23), resolveDueAt: at(addDays(day, 3), 12) },
    nextDueAt: NO_DUE,
    filedAt: at(day, 11),
  });
}

const allFives = Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, 5]));
const allTwos = Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, 2]));

/**
 * A small known world: outlet A with seven orders over three days (two engineers), outlet B with one. Every
 * figure the dashboard shows for it is worked out by hand in the test below.
 */
async function knownWorld() {
  const A = await createOutlet({ districtCodes: [] });
  const B = await createOutlet({ districtCodes: [] });
  const e1 = await createEngineer(A.id);
  const e2 = await createEngineer(A.id);
  const e3 = await createEngineer(B.id);
  const [d0, d1] = [addDays(today, -2), addDays(today, -1)];
  const o2 = new Types.ObjectId();
  const o5 = new Types.ObjectId();
  const ids: Record<string, Types.ObjectId> = {};
  const docs = [
    // o1: created d0, closed d1, every deadline met, quoted with an off-catalogue item.
    orderDoc({ outletId: A.id, day: d0, status: 'closed', closedDay: d1, engineerId: e1.engineerId, times: onTime(d0), sla: { resolveDueAt: at(d0, 20), resolveRiskAt: at(d0, 19) }, quoted: true, offCatalogueCount: 1 }),
    // o2: created d0, closed d1, respond breached, a second visit was requested (o5), quoted.
    orderDoc({ _id: o2, outletId: A.id, day: d0, status: 'closed', closedDay: d1, engineerId: e1.engineerId, category: 'washing_machine', times: onTime(d0), sla: { resolveDueAt: at(d0, 20), resolveRiskAt: at(d0, 19), breaches: { respond: at(d0, 20) } }, reworkOrderId: o5, quoted: true }),
    // o3: created d1, cancelled before anything was due.
    orderDoc({ outletId: A.id, day: d1, status: 'cancelled', times: { cancelledAt: at(d1, 10) } }),
    // o4: created d1, still pending, its respond deadline in the at-risk share.
    orderDoc({ outletId: A.id, day: d1, status: 'pending', sla: { respondDueAt: new Date(now.getTime() + H), respondRiskAt: new Date(now.getTime() - H), arriveDueAt: new Date(now.getTime() + 30 * H), arriveRiskAt: new Date(now.getTime() + 25 * H), atRisk: { respond: new Date(now.getTime() - H) } } }),
    // o5: created today, the second visit of o2, dispatched to e1, respond breached.
    orderDoc({ _id: o5, outletId: A.id, day: today, status: 'dispatched', engineerId: e1.engineerId, parentOrderId: o2, sla: { respondDueAt: new Date(now.getTime() - 2 * H), respondRiskAt: new Date(now.getTime() - 3 * H), arriveDueAt: new Date(now.getTime() + 30 * H), arriveRiskAt: new Date(now.getTime() + 25 * H), breaches: { respond: new Date(now.getTime() - H) } } }),
    // o6: created today, in service with e2, arrived late (no sweeper mark: the times say it), resolve running.
    orderDoc({ outletId: A.id, day: today, status: 'in_service', engineerId: e2.engineerId, category: 'refrigerator', times: { acceptedAt: new Date(now.getTime() - 5 * H), arrivedAt: new Date(now.getTime() - H) }, sla: { respondDueAt: now, respondRiskAt: now, arriveDueAt: new Date(now.getTime() - 2 * H), arriveRiskAt: new Date(now.getTime() - 3 * H), resolveDueAt: new Date(now.getTime() + 10 * H), resolveRiskAt: new Date(now.getTime() + 5 * H) } }),
    // o7: created today, pending, nothing due soon.
    orderDoc({ outletId: A.id, day: today, status: 'pending', sla: { respondDueAt: new Date(now.getTime() + 20 * H), respondRiskAt: new Date(now.getTime() + 15 * H), arriveDueAt: new Date(now.getTime() + 30 * H), arriveRiskAt: new Date(now.getTime() + 25 * H) } }),
    // b1: outlet B, created d1, closed today, on time.
    orderDoc({ outletId: B.id, day: d1, status: 'closed', closedDay: today, engineerId: e3.engineerId, times: onTime(d1), sla: { resolveDueAt: at(d1, 20), resolveRiskAt: at(d1, 19) } }),
  ];
  docs.forEach((d, i) => (ids[`o${i + 1}`] = d._id));
  await Order.insertMany(docs);
  await survey(A.id, e1.engineerId, d1, allFives, false);
  await survey(A.id, e1.engineerId, d1, allTwos, true);
  await survey(B.id, e3.engineerId, today, { ...allFives, overall: 4 }, false);
  await complaint(A.id, e1.engineerId, d1);
  const manager = await staffToken(t, (await createStaff('outlet_manager', A.id)).username);
  const managerB = await staffToken(t, (await createStaff('outlet_manager', B.id)).username);
  const admin = await staffToken(t, (await createStaff('platform_admin', null)).username);
  const engineer = await staffToken(t, e1.username);
  return { A, B, e1, e2, e3, d0, d1, ids, tokens: { manager, managerB, admin, engineer } };
}

type World = Awaited<ReturnType<typeof knownWorld>>;
let w: World;
const overview = (token: string, query = '') => t.request('GET', `/api/v1/analytics/overview${query}`, { token });

describe('GET /api/v1/analytics/overview', () => {
  beforeAll(async () => {
    w = await knownWorld();
    await rollupDailyStats(t.clock);
  });

  it('answers an outlet manager with every figure of their outlet, worked out by hand', async () => {
    const res = await overview(w.tokens.manager, `?from=${w.d0}&to=${today}`);
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.scope).toEqual({ outletId: w.A.id, name: w.A.name });
    expect(o.period).toEqual({ from: w.d0, to: today, days: 3 });
    expect(o.asOf).not.toBeNull();

    expect(o.daily).toEqual([
      { day: w.d0, created: 2, closed: 0 },
      { day: w.d1, created: 2, closed: 2 },
      { day: today, created: 3, closed: 0 },
    ]);
    expect(o.totals).toEqual({ created: 7, closed: 2, reworkOrders: 1 });
    expect(o.ordersByStatus).toMatchObject({ closed: 2, cancelled: 1, pending: 2, dispatched: 1, in_service: 1, accepted: 0, completed: 0 });

    // respond: o1, o6 met; o2, o5 missed. arrive: o1, o2 met; o6 late. resolve: o1, o2 met; o6 still running.
    expect(o.sla.respond).toEqual({ met: 2, missed: 2, rate: 0.5 });
    expect(o.sla.arrive).toEqual({ met: 2, missed: 1, rate: 0.6667 });
    expect(o.sla.resolve).toEqual({ met: 2, missed: 0, rate: 1 });
    // Orders with no missed deadline: o1, o4, o7 of six (the cancelled o3 missed nothing and does not count).
    expect(o.sla.overall).toEqual({ orders: 6, met: 3, rate: 0.5 });

    expect(o.surveys.count).toBe(2);
    expect(o.surveys.lowCount).toBe(1);
    expect(o.surveys.elements).toHaveLength(9);
    for (const e of o.surveys.elements) expect(e).toMatchObject({ average: 3.5, count: 2 });
    expect(o.complaints).toEqual({ count: 1, rate: 0.5, byCategory: { quality: 1 } });
    expect(o.rework).toEqual({ closed: 2, reworked: 1, rate: 0.5 });

    expect(o.categoryMix).toEqual([
      { category: 'air_conditioner', label: '空调', count: 5, share: 0.7143 },
      { category: 'refrigerator', label: expect.any(String), count: 1, share: 0.1429 },
      { category: 'washing_machine', label: expect.any(String), count: 1, share: 0.1429 },
    ]);

    expect(o.today).toEqual({
      day: today,
      orders: 3,
      waitingDispatch: 2, // o4, o7
      atRisk: 1, // o4
      breached: 2, // o5 (respond), o6 (arrived late)
      closed: 0,
      averageSatisfaction: 3.5,
      complaintRate: 0.5,
      reworkRate: 0.5,
    });
    // Nearest deadline first: o5's respond deadline has passed, o4's is an hour away.
    expect(o.atRisk.map((r: { orderId: string; clock: string; state: string }) => [r.orderId, r.clock, r.state])).toEqual([
      [String(w.ids.o5), 'respond', 'breached'],
      [String(w.ids.o4), 'respond', 'at_risk'],
    ]);

    expect(o.leaderboard.map((l: { engineerId: string; orders: number; closed: number }) => [l.engineerId, l.orders, l.closed]).sort()).toEqual(
      [
        [w.e1.engineerId, 3, 2],
        [w.e2.engineerId, 1, 0],
      ].sort(),
    );
    expect(o.leaderboard[0].score).toBeGreaterThanOrEqual(o.leaderboard[1].score);
    expect(o.leaderboard.map((l: { rank: number }) => l.rank)).toEqual([1, 2]);
  });

  it('agrees with the survey and complaint modules’ own statistics for the same outlet and period', async () => {
    const o = (await overview(w.tokens.manager, `?from=${w.d0}&to=${today}`)).body;
    const range = { outletId: new Types.ObjectId(w.A.id), from: new Date(`${w.d0}T00:00:00+08:00`), to: new Date(`${addDays(today, 1)}T00:00:00+08:00`) };
    const [surveys, complaints] = await Promise.all([surveyStatsFor(range), complaintStatsFor(range)]);
    expect(o.surveys.count).toBe(surveys.count);
    expect(o.surveys.lowCount).toBe(surveys.lowCount);
    expect(Object.fromEntries(o.surveys.elements.map((e: { key: string; average: number | null }) => [e.key, e.average]))).toEqual(surveys.averages);
    expect(o.today.averageSatisfaction).toBe(surveys.overallAverage);
    expect(o.complaints.count).toBe(complaints.count);
  });

  it('gives a platform admin the whole platform, or one outlet', async () => {
    const all = await overview(w.tokens.admin, `?from=${w.d0}&to=${today}`);
    expect(all.status).toBe(200);
    expect(all.body.scope).toEqual({ outletId: null, name: '全平台' });
    expect(all.body.totals).toEqual({ created: 8, closed: 3, reworkOrders: 1 });
    expect(all.body.daily.map((d: { created: number; closed: number }) => [d.created, d.closed])).toEqual([
      [2, 0],
      [3, 2],
      [3, 1],
    ]);
    expect(all.body.today).toMatchObject({ orders: 3, closed: 1, waitingDispatch: 2, breached: 2 });
    expect(all.body.surveys.count).toBe(3);
    expect(all.body.surveys.elements.find((e: { key: string }) => e.key === 'overall').average).toBe(3.67);
    expect(all.body.leaderboard.map((l: { engineerId: string }) => l.engineerId).sort()).toEqual([w.e1.engineerId, w.e2.engineerId, w.e3.engineerId].sort());

    const b = await overview(w.tokens.admin, `?from=${w.d0}&to=${today}&outletId=${w.B.id}`);
    expect(b.body.scope.outletId).toBe(w.B.id);
    expect(b.body.totals).toEqual({ created: 1, closed: 1, reworkOrders: 0 });
    expect(b.body.atRisk).toEqual([]);
  });

  it('keeps a manager inside their outlet: another outletId is 404, their own is accepted, engineers are refused', async () => {
    const other = await overview(w.tokens.managerB, `?outletId=${w.A.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.id).toBe('not_found');
    const own = await overview(w.tokens.managerB, `?outletId=${w.B.id}&from=${w.d0}&to=${today}`);
    expect(own.status).toBe(200);
    expect(own.body.scope.outletId).toBe(w.B.id);
    expect(own.body.totals.created).toBe(1);
    expect((await overview(w.tokens.engineer)).status).toBe(403);
    expect((await t.request('GET', '/api/v1/analytics/overview')).status).toBe(401);
  });

  it('defaults to the last 90 days and refuses malformed or overlong periods with 400', async () => {
    const res = await overview(w.tokens.manager);
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ from: addDays(today, -89), to: today, days: 90 });
    expect(res.body.daily).toHaveLength(90);
    for (const bad of ['?from=2026-02-30', `?from=${today}&to=${w.d0}`, `?from=${addDays(today, -400)}&to=${today}`, '?outletId=nope']) {
      const r = await overview(w.tokens.manager, bad);
      expect(r.status).toBe(400);
      expect(r.body.error.id).toBe('validation_failed');
    }
  });
});

/** The daily statistics minus the bookkeeping field that records when they were computed. */
async function snapshot() {
  const docs = await DailyStat.find({}, { computedAt: 0 }).sort({ _id: 1 }).lean();
  const board = await OrderBoard.find({}).sort({ _id: 1 }).lean();
  return JSON.stringify({ docs, board });
}

describe('the rollup job', () => {
  it('writes the same statistics when run again, and when two instances run it at once', async () => {
    const first = await snapshot();
    expect(JSON.parse(first).docs.length).toBeGreaterThan(0);
    await rollupDailyStats(t.clock, { overlapMs: 24 * H }); // re-reads everything of the last day
    expect(await snapshot()).toBe(first);

    // Two instances through the job runner: one holds the lease, the other skips.
    const job = backgroundJobs(t.deps).find((j) => j.name === 'analytics.rollup')!;
    const runs = await Promise.all([runJobOnce(job, t.clock, 'instance-a'), runJobOnce(job, t.clock, 'instance-b')]);
    expect(runs.filter((r) => r.ran)).toHaveLength(1);
    expect(await snapshot()).toBe(first);

    // Even without the lease, two overlapping runs cannot disagree.
    await Promise.all([rollupDailyStats(t.clock, { overlapMs: 24 * H }), rollupDailyStats(t.clock, { overlapMs: 24 * H })]);
    expect(await snapshot()).toBe(first);
  });

  it('recomputes only the (outlet, day) pairs touched since its last run', async () => {
    const outlet = await createOutlet({ districtCodes: [] });
    const day = addDays(today, -5);
    const order = orderDoc({ outletId: outlet.id, day, status: 'pending' });
    await Order.insertMany([order, orderDoc({ outletId: outlet.id, day: addDays(today, -6), status: 'pending' })]);
    const caughtUp = await rollupDailyStats(t.clock, { overlapMs: 0 });
    expect(caughtUp.pairs).toBe(2);
    expect((await DailyStat.findById(`${outlet.id}:${day}`).lean())!.byStatus).toEqual({ pending: 1 });
    const before = await DailyStat.findById(`${outlet.id}:${addDays(today, -6)}`).lean();

    // One order changes (Mongoose stamps updatedAt): only its own day is recomputed, the other stays as it was.
    await Order.updateOne({ _id: order._id }, { $set: { status: 'cancelled', 'times.cancelledAt': new Date() } });
    const next = await rollupDailyStats(t.clock, { overlapMs: 0 });
    expect(next).toMatchObject({ orders: 1, pairs: 1, days: 1 });
    expect((await DailyStat.findById(`${outlet.id}:${day}`).lean())!.byStatus).toEqual({ cancelled: 1 });
    expect(await DailyStat.findById(`${outlet.id}:${addDays(today, -6)}`).lean()).toEqual(before);
    expect((await DailyStat.findById(`all:${day}`).lean())!.byStatus.cancelled).toBeGreaterThanOrEqual(1);

    // Nothing changed since: nothing is recomputed.
    expect(await rollupDailyStats(t.clock, { overlapMs: 0 })).toMatchObject({ orders: 0, pairs: 0 });
  });

  it('takes an ended order off the live board', async () => {
    const outlet = await createOutlet({ districtCodes: [] });
    const order = orderDoc({ outletId: outlet.id, day: today, status: 'pending', updatedAt: new Date() });
    await Order.insertMany([order]);
    await rollupDailyStats(t.clock, { overlapMs: 0 });
    expect(await OrderBoard.countDocuments({ outletId: outlet.id, open: true })).toBe(1);
    await Order.updateOne({ _id: order._id }, { $set: { status: 'cancelled' } });
    await rollupDailyStats(t.clock, { overlapMs: 0 });
    expect(await OrderBoard.countDocuments({ outletId: outlet.id, open: true })).toBe(0);
  });
});

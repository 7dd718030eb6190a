import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, APPLIANCE_CATEGORIES, shanghaiDay } from '@fangxin/shared';
import { seedDemoData } from '../src/seed/seed';
import type { HistoryCounts } from '../src/seed/history';
import { DEMO_ENGINEERS, DEMO_OUTLETS, DEMO_PASSWORD, DEMO_SHARED_DISTRICT, DEMO_STAFF } from '../src/seed/data';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Order } from '../src/modules/orders/model';
import { Survey } from '../src/modules/surveys/model';
import { Complaint } from '../src/modules/complaints/model';
import { ReturnVisit } from '../src/modules/returnVisits/model';
import { Notification } from '../src/modules/notifications/model';
import { User } from '../src/modules/users/model';
import { verifyChain } from '../src/modules/orders/timeline';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let history: HistoryCounts;
beforeAll(async () => {
  t = await startTestServer();
  const seeded = await seedDemoData(t.clock, { storage: t.deps.storage });
  history = seeded.history!;
  console.log(`demo history: ${JSON.stringify(history)}`);
}, 600_000);
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const login = async (username: string) => (await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_PASSWORD } })).body.accessToken as string;

describe('demo data', () => {
  it('creates three outlets in different districts, twelve engineers and staff for every role', async () => {
    const outlets = await Outlet.find().lean();
    expect(outlets).toHaveLength(3);
    // Six districts of their own, and 临平区 shared by Binjiang and Gongshu (routing by quality score, issue 19).
    expect(new Set(outlets.flatMap((o) => o.districtCodes)).size).toBe(7);
    const sharing = outlets.filter((o) => o.districtCodes.includes(DEMO_SHARED_DISTRICT));
    expect(sharing.map((o) => [o.code, o.dispatchMode]).sort()).toEqual([['HZ-BJ', 'offer'], ['HZ-GS', 'auto']]);
    expect(await Engineer.countDocuments()).toBe(12);
    expect(await User.countDocuments({ role: 'outlet_manager' })).toBe(3);
    expect(await User.countDocuments({ role: 'platform_admin' })).toBe(1);
    expect(await User.countDocuments({ role: 'customer' })).toBeGreaterThanOrEqual(3);
    const skills = new Set((await Engineer.find().lean()).flatMap((e) => e.skills.map((s) => s.category)));
    expect([...skills].sort()).toEqual(APPLIANCE_CATEGORIES.map((c) => c.code).sort());
  });

  it('is idempotent: running it again changes no counts, history included', async () => {
    const before = {
      orders: await Order.countDocuments(),
      surveys: await Survey.countDocuments(),
      complaints: await Complaint.countDocuments(),
      returnVisits: await ReturnVisit.countDocuments(),
      notifications: await Notification.countDocuments(),
      customers: await User.countDocuments({ role: 'customer' }),
    };
    const again = await seedDemoData(t.clock, { storage: t.deps.storage });
    expect(again.history!.skipped).toBe(true);
    expect(await Outlet.countDocuments()).toBe(DEMO_OUTLETS.length);
    expect(await Engineer.countDocuments()).toBe(DEMO_ENGINEERS.length);
    expect(await User.countDocuments({ role: { $ne: 'customer' } })).toBe(DEMO_STAFF.length + DEMO_ENGINEERS.length);
    expect({
      orders: await Order.countDocuments(),
      surveys: await Survey.countDocuments(),
      complaints: await Complaint.countDocuments(),
      returnVisits: await ReturnVisit.countDocuments(),
      notifications: await Notification.countDocuments(),
      customers: await User.countDocuments({ role: 'customer' }),
    }).toEqual(before);
  });

  it.each(['admin', 'manager.xihu', 'eng.xihu.1'])('lets the demo login %s sign in', async (username) => {
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('scopes the demo manager to their outlet', async () => {
    const login = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: 'manager.xihu', password: DEMO_PASSWORD } });
    const list = await t.request('GET', '/api/v1/engineers', { token: login.body.accessToken });
    expect(list.body.total).toBe(4);
    expect(login.body.user.outletName).toBe('杭州西湖网点');
  });
});

describe('demo history (issue 18)', () => {
  it('spans about 90 days of closed work in every outlet, with a few cancellations and second visits', async () => {
    const today = shanghaiDay(t.clock.now());
    const days = await Order.distinct('createdDay');
    expect(days.sort()[0]! <= addDays(today, -85)).toBe(true);
    expect(days.length).toBeGreaterThanOrEqual(80);
    expect(history.orders).toBeGreaterThanOrEqual(250);
    expect(history.byStatus.closed).toBeGreaterThanOrEqual(200);
    expect(history.byStatus.cancelled).toBeGreaterThan(0);
    expect(history.reworks).toBeGreaterThan(0);
    for (const o of DEMO_OUTLETS) {
      const outlet = (await Outlet.findOne({ code: o.code }).lean())!;
      expect(await Order.countDocuments({ outletId: outlet._id, status: 'closed' })).toBeGreaterThan(50);
    }
    // Every event of every order is in the past, and every timeline's hash chain verifies.
    const now = t.clock.now().getTime();
    for (const o of await Order.find({}, { timeline: 1, orderNo: 1 }).lean()) {
      expect(verifyChain(String(o._id), o.timeline).valid, o.orderNo).toBe(true);
      expect(o.timeline.filter((e) => new Date(e.at).getTime() > now), o.orderNo).toEqual([]);
    }
  });

  it("has today's orders at every stage", async () => {
    for (const status of ['pending', 'dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts', 'completed', 'closed'] as const) {
      expect(history.today[status] ?? 0, status).toBeGreaterThan(0);
    }
  });

  it('has surveys with a realistic spread, low results with return visits, and complaints with compensation', async () => {
    const surveys = await Survey.find({}, { scores: 1, low: 1, returnVisitTaskId: 1 }).lean();
    expect(surveys.length).toBeGreaterThan(150);
    const high = surveys.filter((s) => (s.scores.overall ?? 0) >= 4).length;
    expect(high / surveys.length).toBeGreaterThan(0.8);
    const low = surveys.filter((s) => s.low);
    expect(low.length).toBeGreaterThan(5);
    expect(low.every((s) => s.returnVisitTaskId)).toBe(true);
    expect(await ReturnVisit.countDocuments({ status: 'done' })).toBeGreaterThan(0);
    expect(await ReturnVisit.countDocuments({ status: 'open' })).toBeGreaterThanOrEqual(0);
    expect(await Complaint.countDocuments()).toBeGreaterThan(3);
    expect(await Complaint.countDocuments({ 'resolution.compensationFen': { $gt: 0 } })).toBeGreaterThan(0);
  });

  it('fills the dashboard, the rankings and the survey results for the demo outlet', async () => {
    const manager = await login('manager.xihu');
    const overview = await t.request('GET', '/api/v1/analytics/overview', { token: manager });
    expect(overview.status).toBe(200);
    const o = overview.body;
    expect(o.scope.name).toBe('杭州西湖网点');
    expect(o.today.orders).toBeGreaterThan(0);
    expect(o.today.waitingDispatch).toBeGreaterThan(0);
    expect(o.totals.closed).toBeGreaterThan(50);
    expect(o.daily.filter((d: { created: number }) => d.created > 0).length).toBeGreaterThan(20);
    expect(o.sla.overall.rate).toBeGreaterThan(0.5);
    expect(o.sla.overall.rate).toBeLessThan(1);
    expect(o.surveys.count).toBeGreaterThan(30);
    expect(o.surveys.elements.every((e: { average: number | null }) => e.average !== null && e.average > 3.5)).toBe(true);
    expect(o.categoryMix.length).toBeGreaterThan(3);
    expect(o.leaderboard.length).toBeGreaterThan(0);
    const admin = await login('admin');
    const outlets = await t.request('GET', '/api/v1/quality/rankings?scope=outlets', { token: admin });
    expect(outlets.status).toBe(200);
    expect(outlets.body.items).toHaveLength(3);
    const engineers = await t.request('GET', '/api/v1/quality/rankings?scope=engineers', { token: admin });
    expect(engineers.body.items.length).toBeGreaterThanOrEqual(10);
    expect(new Set(engineers.body.items.map((i: { score: number }) => i.score)).size).toBeGreaterThan(3);
  });
});

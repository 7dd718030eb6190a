import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, monthOf, monthPeriod, previousMonth } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Rectification } from '../src/modules/governance/model';
import { markOverdueRectifications } from '../src/modules/governance/service';
import { rollupDailyStats } from '../src/modules/analytics/rollup';
import { createEngineer, createOutlet, createStaff } from './factories';
import { buildWorld, staffToken, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 19, part 3: the outlet governance loop over real HTTP — publish an ended month once (the bottom outlets get a
 * rectification task, the best engineers are named 服务标兵), the manager hands in the report, the platform admin
 * returns and accepts it, overdue tasks are marked once, warnings and fines, every step audited and told.
 */
const H = 3600_000;
let t: TestServer;
let w: OrderWorld;
let month: string;
let good: { id: string };
let poor: { id: string };
let poorManager: string;
let star: string;
let starUsername: string;

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
let seq = 0;

/** A closed order of `day` as the orders module stores it; late (an arrival breach) when `breached`. */
function closedOrder(outletId: string, engineerId: string | null, day: string, breached = false) {
  const createdAt = at(day, 9);
  const oid = new Types.ObjectId(outletId);
  return {
    orderNo: `GV${Date.now()}${String(seq++).padStart(5, '0')}`,
    customerId: new Types.ObjectId(),
    outletId: oid,
    category: 'air_conditioner',
    serviceType: 'repair',
    reworkOrderId: null,
    fault: { description: '不制冷', photoIds: [] },
    contact: { name: '测试', phone: '13800000000', districtCode: '330106', detail: '测试地址' },
    slot: { outletId: oid, day, window: '14-16', startAt: at(day, 14), endAt: at(day, 16) },
    status: 'closed',
    engineerId: engineerId ? new Types.ObjectId(engineerId) : null,
    catalogVersion: 1,
    quotes: [{ no: 1, items: [], totalFen: 0, status: 'confirmed', createdAt, decidedAt: createdAt, rejectReason: null }],
    timeline: [],
    timelineHead: `head-gv-${seq}`,
    createdDay: day,
    closedDay: day,
    sla: {
      respondDueAt: new Date(createdAt.getTime() + 24 * H),
      respondRiskAt: new Date(createdAt.getTime() + 19 * H),
      arriveDueAt: at(day, 16),
      arriveRiskAt: at(day, 15),
      resolveDueAt: at(day, 20),
      resolveRiskAt: at(day, 19),
      pausedMs: 0,
      pausedSince: null,
      atRisk: {},
      breaches: breached ? { arrive: at(day, 16) } : {},
    },
    times: { acceptedAt: at(day, 10), arrivedAt: at(day, breached ? 17 : 15), completedAt: at(day, 18), closedAt: at(day, 19) },
    createdAt,
    updatedAt: new Date(),
  };
}

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  month = previousMonth(monthOf(t.clock.now()));
  const { from } = monthPeriod(month);
  good = await createOutlet({ name: '优秀网点', districtCodes: [] });
  poor = await createOutlet({ name: '落后网点', districtCodes: [] });
  poorManager = await staffToken(t, (await createStaff('outlet_manager', poor.id)).username);
  const starEngineer = await createEngineer(w.outlet.id);
  star = starEngineer.engineerId;
  starUsername = starEngineer.username;
  const docs = [];
  for (let n = 0; n < 10; n++) {
    docs.push(closedOrder(w.outlet.id, star, addDays(from, n)));
    docs.push(closedOrder(good.id, null, addDays(from, n)));
    docs.push(closedOrder(poor.id, null, addDays(from, n), n < 8));
  }
  await Order.insertMany(docs);
  await rollupDailyStats(t.clock);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('publishing a month', () => {
  it('refuses a month that has not ended (400 naming the month) and anyone but a platform admin', async () => {
    const current = await t.request('POST', '/api/v1/governance/months', { token: w.tokens.admin, body: { month: monthOf(t.clock.now()) } });
    expect(current.status).toBe(400);
    expect(current.body.error.fields[0].path).toBe('month');
    expect(current.body.error.fields[0].message).toContain('还没有结束');
    const manager = await t.request('POST', '/api/v1/governance/months', { token: w.tokens.manager, body: { month } });
    expect(manager.status).toBe(403);
    const bad = await t.request('POST', '/api/v1/governance/months', { token: w.tokens.admin, body: { month: '2026-13' } });
    expect(bad.status).toBe(400);
  });

  it('freezes the ranking, names the lowest outlet (never the best) and the 服务标兵, opens its task; a second publication is 409', async () => {
    const res = await t.request('POST', '/api/v1/governance/months', { token: w.tokens.admin, body: { month } });
    expect(res.status).toBe(201);
    const outlets: Array<{ id: string; rank: number | null; bottom: boolean; closed: number }> = res.body.outlets;
    // Three outlets ranked on 10 closed orders each (the fourth has none): at most ⌊3/2⌋ = 1 is named, the lowest.
    expect(outlets.filter((o) => o.bottom).map((o) => o.id)).toEqual([poor.id]);
    expect(outlets.find((o) => o.rank === 1)!.bottom).toBe(false);
    expect(res.body.tasks).toBe(1);
    expect(res.body.engineers.filter((e: { exemplar: boolean }) => e.exemplar).map((e: { id: string }) => e.id)).toEqual([star]);

    const again = await t.request('POST', '/api/v1/governance/months', { token: w.tokens.admin, body: { month } });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('conflict');
    expect(await Rectification.countDocuments({ month })).toBe(1);

    const read = await t.request('GET', '/api/v1/governance/ranking', { token: w.tokens.manager });
    expect(read.status).toBe(200);
    expect(read.body.months).toEqual([month]);
    expect(read.body.nextMonth).toBeNull();
    expect(read.body.ranking.month).toBe(month);
    // A manager sees every outlet's place, but only their own engineers and the 服务标兵.
    expect(read.body.ranking.engineers.every((e: { outletId: string; exemplar: boolean }) => e.outletId === w.outlet.id || e.exemplar)).toBe(true);
  });

  it('publishes a month once when two admins publish it at the same moment', async () => {
    const earlier = previousMonth(previousMonth(month));
    const [a, b] = await Promise.all([
      t.request('POST', '/api/v1/governance/months', { token: w.tokens.admin, body: { month: earlier } }),
      t.request('POST', '/api/v1/governance/months', { token: w.tokens.admin, body: { month: earlier } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });
});

describe('a rectification task', () => {
  it('goes from the outlet manager’s report to a return, a second report and acceptance, audited and told', async () => {
    const list = await t.request('GET', '/api/v1/governance/rectifications', { token: poorManager });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const task = list.body.items[0];
    expect(task).toMatchObject({ outletId: poor.id, month, status: 'open', statusLabel: '待提交整改报告', actions: ['submit'], overdue: false });
    // Another outlet's manager sees neither the task nor it in the list.
    expect((await t.request('GET', `/api/v1/governance/rectifications/${task.id}`, { token: w.tokens.manager })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/governance/rectifications', { token: w.tokens.manager })).body.total).toBe(0);
    // The platform admin cannot accept what was not handed in.
    const early = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/accept`, { token: w.tokens.admin });
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('illegal_transition');

    const short = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/submit`, { token: poorManager, body: { causes: '太忙', measures: '增加人手，早会跟进未接单' } });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['causes']);
    const foreign = await upload(t, w.tokens.manager, { kind: 'rectification_photo' });
    expect(foreign.status).toBe(201);
    const report = { causes: '上月多名工程师休假，未接单的订单无人跟进', measures: '新招两名工程师；每天早会核对未接单订单' };
    const notMine = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/submit`, { token: poorManager, body: { ...report, photoIds: [foreign.body.id] } });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.fields[0].path).toBe('photoIds');

    const photo = await upload(t, poorManager, { kind: 'rectification_photo' });
    const submitted = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/submit`, { token: poorManager, body: { ...report, photoIds: [photo.body.id] } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', actions: [], report: { photoIds: [photo.body.id] } });

    const returned = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/return`, { token: w.tokens.admin, body: { reason: '措施没有写明完成时间' } });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '措施没有写明完成时间' });
    const inbox = await t.request('GET', '/api/v1/notifications', { token: poorManager });
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toEqual(expect.arrayContaining(['整改报告被退回', '网点整改通知']));

    const again = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/submit`, { token: poorManager, body: { ...report, measures: '新招两名工程师（12 月 15 日前到岗）；每天早会核对未接单订单' } });
    expect(again.status).toBe(200);
    expect(again.body.returnReason).toBeNull();
    const accepted = await t.request('POST', `/api/v1/governance/rectifications/${task.id}/accept`, { token: w.tokens.admin });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'submit', 'return', 'submit', 'accept']);

    const audit = await t.request('GET', '/api/v1/admin/audit?action=rectification.&pageSize=10', { token: w.tokens.admin });
    const sentences: string[] = audit.body.items.map((e: { summary: { zh: string } }) => e.summary.zh);
    expect(sentences).toHaveLength(4); // submit, return, submit, accept
    expect(sentences[0]).toContain('通过整改报告：网点 落后网点');
    expect(sentences.some((s) => s.includes('退回整改报告：网点 落后网点') && s.includes('原因：措施没有写明完成时间'))).toBe(true);
    const published = await t.request('GET', '/api/v1/admin/audit?action=governance.&pageSize=10', { token: w.tokens.admin });
    expect(published.body.items.some((e: { summary: { zh: string } }) => e.summary.zh.includes('发布月度排名') && e.summary.zh.includes('末位网点：落后网点'))).toBe(true);
  });

  it('is marked overdue exactly once by the job when its deadline passes while still owed', async () => {
    const now = t.clock.now();
    const task = await Rectification.create({
      month: '2025-06',
      outletId: poor.id,
      outletName: '落后网点',
      rank: 3,
      score: 50,
      status: 'open',
      dueAt: new Date(now.getTime() - H),
      history: [],
      createdAt: new Date(now.getTime() - 16 * 24 * H),
    });
    const [a, b] = await Promise.all([markOverdueRectifications(t.clock), markOverdueRectifications(t.clock)]);
    expect(a.marked + b.marked).toBe(1);
    expect((await markOverdueRectifications(t.clock)).marked).toBe(0);
    const read = await t.request('GET', `/api/v1/governance/rectifications/${task._id}`, { token: poorManager });
    expect(read.body.overdue).toBe(true);
    expect(read.body.history.filter((h: { action: string }) => h.action === 'overdue')).toHaveLength(1);
  });
});

describe('warnings and fines', () => {
  it('lets a manager warn their own engineers only, and the platform admin fine an outlet; both shown on the pages', async () => {
    const warning = await t.request('POST', '/api/v1/governance/sanctions', {
      token: w.tokens.manager,
      body: { subjectType: 'engineer', subjectId: star, kind: 'warning', reason: '上门未穿工装' },
    });
    expect(warning.status).toBe(201);
    expect(warning.body).toMatchObject({ kindLabel: '警告', amountFen: null, subjectId: star });
    const outlet = await t.request('POST', '/api/v1/governance/sanctions', { token: w.tokens.manager, body: { subjectType: 'outlet', subjectId: w.outlet.id, kind: 'warning', reason: '自己警告自己' } });
    expect(outlet.status).toBe(403);
    const foreign = await createEngineer(poor.id);
    const elsewhere = await t.request('POST', '/api/v1/governance/sanctions', { token: w.tokens.manager, body: { subjectType: 'engineer', subjectId: foreign.engineerId, kind: 'warning', reason: '不是本网点的人' } });
    expect(elsewhere.status).toBe(404);
    const noAmount = await t.request('POST', '/api/v1/governance/sanctions', { token: w.tokens.admin, body: { subjectType: 'outlet', subjectId: poor.id, kind: 'fine', reason: '多次超时' } });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.error.fields[0].path).toBe('amountFen');
    const wrongOrder = await t.request('POST', '/api/v1/governance/sanctions', {
      token: w.tokens.admin,
      body: { subjectType: 'outlet', subjectId: poor.id, kind: 'fine', amountFen: 50_000, reason: '多次超时', orderNo: 'FX20250101-00001' },
    });
    expect(wrongOrder.status).toBe(400);
    expect(wrongOrder.body.error.fields[0].path).toBe('orderNo');
    const fine = await t.request('POST', '/api/v1/governance/sanctions', { token: w.tokens.admin, body: { subjectType: 'outlet', subjectId: poor.id, kind: 'fine', amountFen: 50_000, reason: '整改前多次超时' } });
    expect(fine.status).toBe(201);

    const outletPage = await t.request('GET', `/api/v1/governance/outlets/${poor.id}`, { token: poorManager });
    expect(outletPage.status).toBe(200);
    expect(outletPage.body.tasks.length).toBeGreaterThanOrEqual(1);
    expect(outletPage.body.sanctions.map((s: { amountFen: number | null }) => s.amountFen)).toEqual([50_000]);
    expect((await t.request('GET', `/api/v1/governance/outlets/${poor.id}`, { token: w.tokens.manager })).status).toBe(404);

    const engineerPage = await t.request('GET', `/api/v1/governance/engineers/${star}`, { token: w.tokens.manager });
    expect(engineerPage.body.exemplars.map((e: { month: string; title: string }) => e.month)).toEqual([month]);
    expect(engineerPage.body.exemplars[0].title).toContain('服务标兵');
    expect(engineerPage.body.sanctions.map((s: { reason: string }) => s.reason)).toEqual(['上门未穿工装']);

    const audit = await t.request('GET', '/api/v1/admin/audit?action=sanction.&pageSize=10', { token: w.tokens.admin });
    const sentences = audit.body.items.map((e: { summary: { zh: string } }) => e.summary.zh);
    expect(sentences.some((s: string) => s.includes('记录罚款：网点 落后网点') && s.includes('¥500.00'))).toBe(true);
    expect(sentences.some((s: string) => s.includes('记录警告：工程师'))).toBe(true);
  });

  it('shows an engineer their own 服务标兵 titles (and told them)', async () => {
    const token = await staffToken(t, starUsername);
    const mine = await t.request('GET', '/api/v1/governance/me', { token });
    expect(mine.status).toBe(200);
    expect(mine.body.exemplars.map((e: { month: string }) => e.month)).toEqual([month]);
    const inbox = await t.request('GET', '/api/v1/notifications', { token });
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain('获评服务标兵');
    const other = await staffToken(t, w.engineers[0]!.username);
    expect((await t.request('GET', '/api/v1/governance/me', { token: other })).body.exemplars).toEqual([]);
  });
});

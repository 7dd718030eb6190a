import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Notification } from '../src/modules/notifications/model';
import { book, buildWorld, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer({ env: { OFFER_TIER_MINUTES: '5' } });
  w = await buildWorld(t, { capacity: 20 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('GET /api/v1/orders/:id/candidates', () => {
  it('ranks qualified engineers by quality score and explains why; excludes the rest with reasons', async () => {
    const order = await book(t, w);
    const res = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
    expect(res.status).toBe(200);
    const [first, second, ...rest] = res.body.items;
    expect(first).toMatchObject({ engineerId: w.engineers[0]!.engineerId, eligible: true, rank: 1, qualityScore: 90 });
    expect(second).toMatchObject({ engineerId: w.engineers[1]!.engineerId, eligible: true, rank: 2 });
    expect(first.reasons.join(' ')).toContain('质量分 90.0');
    const excluded = rest.find((c: { engineerId: string }) => c.engineerId === w.unqualified.engineerId);
    expect(excluded.eligible).toBe(false);
    expect(excluded.reasons.join(' ')).toContain('未通过空调技能考核');
    expect(excluded.reasons.join(' ')).toContain('缺少制冷与空调作业证');
  });

  it('counts only a passed skill assessment (score ≥ 60): a failed attempt does not qualify', async () => {
    const { Engineer } = await import('../src/modules/network/model');
    const engineer = w.engineers[1]!;
    const original = (await Engineer.findById(engineer.engineerId).lean())!.skills;
    await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { 'skills.0.score': 45 } });
    try {
      const order = await book(t, w);
      const res = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
      const failed = res.body.items.find((c: { engineerId: string }) => c.engineerId === engineer.engineerId);
      expect(failed.eligible).toBe(false);
      expect(failed.reasons.join(' ')).toContain('未通过空调技能考核');
    } finally {
      await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { skills: original } });
    }
  });

  it('excludes an engineer already busy in that slot', async () => {
    const first = await book(t, w);
    await t.request('POST', `/api/v1/orders/${first.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    const second = await book(t, w);
    const res = await t.request('GET', `/api/v1/orders/${second.id}/candidates`, { token: w.tokens.manager });
    const busy = res.body.items.find((c: { engineerId: string }) => c.engineerId === w.engineers[0]!.engineerId);
    expect(busy.eligible).toBe(false);
    expect(busy.reasons.join(' ')).toContain('该时段已有订单');
  });

  it('is 404 for a manager of another outlet', async () => {
    const order = await book(t, w);
    expect((await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.otherManager })).status).toBe(404);
  });
});

describe('POST /api/v1/orders/:id/dispatch', () => {
  it('lets exactly one of two managers dispatching at once win; the other gets 409 illegal_transition', async () => {
    const order = await book(t, w, {}, '09-11');
    const results = await Promise.all([
      t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } }),
      t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.admin, body: { engineerId: w.engineers[1]!.engineerId } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.id).toBe('illegal_transition');
    const stored = await Order.findById(order.id).lean();
    expect(stored?.timeline.filter((e) => e.type === 'dispatched')).toHaveLength(1);
  });

  it('refuses an unqualified engineer with 409 engineer_not_eligible and the reasons', async () => {
    const order = await book(t, w, {}, '11-13');
    const res = await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.unqualified.engineerId } });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('engineer_not_eligible');
    expect(res.body.error.message).toContain('技能考核');
    expect((await Order.findById(order.id).lean())?.status).toBe('pending');
  });

  it('notifies the engineer, who accepts; two concurrent accepts → one 200, one 409', async () => {
    const order = await book(t, w, {}, '11-13');
    await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[1]!.engineerId } });
    const engineerUser = (await Order.findById(order.id).lean())!.engineerUserId!;
    expect(await Notification.countDocuments({ userId: engineerUser, orderId: order.id, type: 'order_dispatched' })).toBe(1);
    const results = await Promise.all([1, 2].map(() => t.request('POST', `/api/v1/orders/${order.id}/accept`, { token: w.engineers[1]!.token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('lets the assigned engineer decline with a reason: back to pending, the manager is told', async () => {
    const order = await book(t, w, {}, '16-18');
    await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    const other = await t.request('POST', `/api/v1/orders/${order.id}/decline`, { token: w.engineers[1]!.token, body: { reason: '不是我的单' } });
    expect(other.status).toBe(404);
    const res = await t.request('POST', `/api/v1/orders/${order.id}/decline`, { token: w.engineers[0]!.token, body: { reason: '车辆故障无法按时到达' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('pending');
    expect(res.body.engineerId).toBeNull();
    expect(await Notification.countDocuments({ orderId: order.id, type: 'order_declined' })).toBeGreaterThanOrEqual(1);
  });
});

describe('offer mode', () => {
  it('releases the order to higher-scored engineers first; the first to claim wins, the other gets 409 already_taken', async () => {
    const order = await book(t, w, {}, '16-18');
    const offered = await t.request('POST', `/api/v1/orders/${order.id}/offer`, { token: w.tokens.manager });
    expect(offered.status).toBe(200);
    expect(offered.body.tiers).toHaveLength(2);
    const [top, next] = offered.body.tiers;
    expect(top.engineerId).toBe(w.engineers[0]!.engineerId);
    expect(new Date(next.releaseAt).getTime() - new Date(top.releaseAt).getTime()).toBe(5 * 60_000);

    const seen = async (i: number) => (await t.request('GET', '/api/v1/engineer/offers', { token: w.engineers[i]!.token })).body.items.map((o: { id: string }) => o.id);
    expect(await seen(0)).toContain(order.id);
    expect(await seen(1)).not.toContain(order.id);
    const early = await t.request('POST', `/api/v1/orders/${order.id}/claim`, { token: w.engineers[1]!.token });
    expect(early.status).toBe(404);

    t.clock.advance(5 * 60_000);
    expect(await seen(1)).toContain(order.id);
    const offerView = await t.request('GET', `/api/v1/orders/${order.id}`, { token: w.engineers[1]!.token });
    expect(offerView.body.contact.full).toBe(false);
    expect(offerView.body.customerId).toBeNull();

    const results = await Promise.all([0, 1].map((i) => t.request('POST', `/api/v1/orders/${order.id}/claim`, { token: w.engineers[i]!.token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.id).toBe('already_taken');
    const stored = await Order.findById(order.id).lean();
    expect(stored?.status).toBe('accepted');
    expect(stored?.offer).toBeNull();
  });
});

describe('POST /api/v1/orders/:id/reassign', () => {
  it('moves an accepted order to another engineer, who must accept; the first engineer loses access', async () => {
    // The day after: both engineers are free then, whatever the tests above assigned.
    const order = await book(t, w, { slot: { day: addDays(w.day, 1), window: '14-16' } });
    await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[1]!.engineerId } });
    await t.request('POST', `/api/v1/orders/${order.id}/accept`, { token: w.engineers[1]!.token });
    const res = await t.request('POST', `/api/v1/orders/${order.id}/reassign`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('dispatched');
    expect((await t.request('GET', `/api/v1/orders/${order.id}`, { token: w.engineers[1]!.token })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/orders/${order.id}`, { token: w.engineers[0]!.token })).status).toBe(200);
  });
});

describe('dispatch notifications', () => {
  it('asks the engineer to accept and tells the customer an engineer is assigned, each in their own words', async () => {
    const order = await book(t, w, { slot: { day: addDays(w.day, 2), window: '09-11' } });
    await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    const engineerUserId = (await Order.findById(order.id).lean())!.engineerUserId!;
    const toEngineer = await Notification.findOne({ orderId: order.id, userId: engineerUserId }).lean();
    const toCustomer = await Notification.find({ orderId: order.id, userId: w.customer.id }).lean();
    expect(toEngineer?.title).toBe('新派单');
    expect(toCustomer.map((n) => n.title)).toContain('已为您安排工程师');
    expect(toCustomer.map((n) => n.title)).not.toContain('新派单');
  });
});

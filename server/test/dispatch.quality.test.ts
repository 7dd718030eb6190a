import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order, Slot } from '../src/modules/orders/model';
import { Outlet } from '../src/modules/network/model';
import { OutletScore } from '../src/modules/quality/model';
import { Notification } from '../src/modules/notifications/model';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { tellDueTiers } from '../src/modules/orders/dispatch/offers';
import { escalateUndispatched } from '../src/modules/orders/dispatch/escalation';
import { createOutlet, createStaff } from './factories';
import { book, bookingBody, buildWorld, staffToken, uniqueSlot, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 19, dispatch decided by quality: the covering outlet by score and places left (atomic reservations), the
 * outlet's dispatch mode (manual, offers in tiers, automatic), each offer tier told once by a job, and the escalation
 * of an order nobody dispatched — all on the real database, with the manual clock.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { OFFER_TIER_MINUTES: '5' } });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const DISPATCH = { clock: () => t.clock, offerTierMinutes: 5 };
const deps = () => ({ clock: DISPATCH.clock(), offerTierMinutes: DISPATCH.offerTierMinutes });

async function setScore(outletId: string, score: number | null) {
  await OutletScore.replaceOne(
    { _id: new Types.ObjectId(outletId) },
    { _id: new Types.ObjectId(outletId), outletId: new Types.ObjectId(outletId), score, rank: null, bottomFive: false, orders: 10, closed: 10, terms: {}, explained: [], period: { from: '2026-01-01', to: '2026-03-31' }, computedAt: t.clock.now() },
    { upsert: true },
  );
}

/** A world whose district is also covered by a second outlet (with its own manager). */
async function twoOutlets(district: string, capacity = 20) {
  const w = await buildWorld(t, { district, capacity });
  const other = await createOutlet({ name: `对照网点${district}`, districtCodes: [district] });
  await Outlet.updateOne({ _id: other.id }, { $set: { slotCapacity: capacity } });
  const otherManager = await staffToken(t, (await createStaff('outlet_manager', other.id)).username);
  return { w, other, otherManager };
}

const bookAt = (w: OrderWorld, slot: { day: string; window: string }) =>
  t.request('POST', '/api/v1/orders', { token: w.customer.token, body: bookingBody(w, { slot }), headers: { 'idempotency-key': `k-${crypto.randomBytes(6).toString('hex')}` } });

const info = (orderId: string, token: string) => t.request('GET', `/api/v1/orders/${orderId}/dispatch-info`, { token });
const setMode = (outletId: string, token: string, mode: string) => t.request('PUT', `/api/v1/outlets/${outletId}/dispatch-mode`, { token, body: { mode } });

describe('routing a booking across outlets', () => {
  it('goes to the covering outlet with the higher quality score, records why, and shows it to staff', async () => {
    const { w, other, otherManager } = await twoOutlets('330212');
    await setScore(w.outlet.id, 72.5);
    await setScore(other.id, 88);
    const order = await book(t, w, { slot: uniqueSlot(w) });
    expect(order.outletId).toBe(other.id);
    // The better outlet's manager sees it with the reason; the other outlet's manager does not see it at all.
    const seen = await info(order.id, otherManager);
    expect(seen.status).toBe(200);
    expect(seen.body.routing).toMatchObject({ outletId: other.id, reason: 'best_score', score: 88, remaining: 20 });
    expect(seen.body.routing.alternatives.map((a: { outletId: string }) => a.outletId)).toEqual([other.id, w.outlet.id]);
    expect(seen.body.routing.alternatives[1]).toMatchObject({ score: 72.5, rank: 2 });
    expect(seen.body.mode).toBe('manual');
    expect((await info(order.id, w.tokens.manager)).status).toBe(404);
    expect((await info(order.id, w.customer.token)).status).toBe(403);
  });

  it('ranks an outlet without a score after a scored one, and takes the next outlet when the best is full', async () => {
    const { w, other } = await twoOutlets('330213');
    await setScore(w.outlet.id, 61);
    await OutletScore.deleteOne({ _id: new Types.ObjectId(other.id) });
    const slot = uniqueSlot(w);
    const first = await book(t, w, { slot });
    expect(first.outletId).toBe(w.outlet.id);
    expect((await info(first.id, w.tokens.admin)).body.routing.reason).toBe('best_score');

    // The scored outlet has no room left in the window: the unscored one takes it, the only one with room.
    await Slot.updateOne({ _id: `${w.outlet.id}:${slot.day}:${slot.window}` }, { $set: { capacity: 1 } });
    const second = await book(t, w, { slot });
    expect(second.outletId).toBe(other.id);
    const routing = (await info(second.id, w.tokens.admin)).body.routing;
    expect(routing).toMatchObject({ reason: 'only_capacity', score: null });
    expect(routing.alternatives.find((a: { outletId: string }) => a.outletId === w.outlet.id)).toMatchObject({ remaining: 0, rank: 2 });
  });

  it('never oversells under concurrent bookings: each outlet takes exactly its capacity, the rest are told the window is full', async () => {
    const { w, other } = await twoOutlets('330281', 1);
    await setScore(w.outlet.id, 70);
    await setScore(other.id, 90);
    const slot = uniqueSlot(w);
    const results = await Promise.all(Array.from({ length: 5 }, () => bookAt(w, slot)));
    const made = results.filter((r) => r.status === 201);
    expect(made).toHaveLength(2);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error.id).toBe('slot_full');
    }
    expect(new Set(made.map((r) => r.body.outletId))).toEqual(new Set([w.outlet.id, other.id]));
    const slots = await Slot.find({ day: slot.day, window: slot.window, outletId: { $in: [new Types.ObjectId(w.outlet.id), new Types.ObjectId(other.id)] } }).lean();
    expect(slots.map((s) => s.booked)).toEqual([1, 1]);
    const reasons = await Promise.all(made.map(async (r) => (await info(r.body.id, w.tokens.admin)).body.routing.reason));
    // The better outlet by score; the other only because the better one was (or had just become) full.
    expect(reasons.sort()).toEqual(expect.arrayContaining(['best_score']));
    expect(reasons.some((r) => r === 'fallback_full' || r === 'only_capacity')).toBe(true);
  });
});

describe('dispatch modes', () => {
  it('are set by the outlet’s manager or a platform admin, with clear refusals', async () => {
    const w = await buildWorld(t, { district: '330282' });
    const set = await setMode(w.outlet.id, w.tokens.manager, 'offer');
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ outletId: w.outlet.id, mode: 'offer' });
    expect((await t.request('GET', `/api/v1/outlets/${w.outlet.id}`, { token: w.tokens.manager })).body.dispatchMode).toBe('offer');
    expect((await setMode(w.outlet.id, w.tokens.admin, 'auto')).body.mode).toBe('auto');
    expect((await setMode(w.outlet.id, w.tokens.otherManager, 'manual')).status).toBe(404);
    expect((await setMode(w.outlet.id, w.engineers[0]!.token, 'manual')).status).toBe(403);
    const bad = await setMode(w.outlet.id, w.tokens.manager, 'fastest');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('mode');
    expect((await Outlet.findById(w.outlet.id).lean())?.dispatchMode).toBe('auto');
  });

  it('auto: a booking is assigned at once to the best eligible engineer, by the system, never two orders to one engineer in a window', async () => {
    const w = await buildWorld(t, { district: '330283', capacity: 10 });
    expect((await setMode(w.outlet.id, w.tokens.manager, 'auto')).status).toBe(200);
    const slot = uniqueSlot(w);
    const order = (await bookAt(w, slot)).body;
    expect(order.status).toBe('dispatched');
    expect(order.engineerId).toBe(w.engineers[0]!.engineerId);
    const timeline = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.tokens.manager })).body.events;
    const dispatched = timeline.find((e: { type: string }) => e.type === 'dispatched');
    expect(dispatched.actor.role).toBe('system');
    expect(dispatched.data).toMatchObject({ auto: true, engineerId: w.engineers[0]!.engineerId });
    expect(await Notification.countDocuments({ orderId: order.id, type: 'order_dispatched' })).toBe(1);

    // Three more at once in the same window: the second engineer gets one, the rest wait for a manager.
    const more = await Promise.all([0, 1, 2].map(() => bookAt(w, slot)));
    expect(more.map((r) => [r.status, r.body.error?.id])).toEqual([[201, undefined], [201, undefined], [201, undefined]]);
    const assigned = more.filter((r) => r.body.status === 'dispatched').map((r) => r.body.engineerId);
    expect(assigned).toEqual([w.engineers[1]!.engineerId]);
    const inWindow = await Order.find({ 'slot.day': slot.day, 'slot.window': slot.window, outletId: w.outlet.id, engineerId: { $ne: null } }).lean();
    expect(inWindow.map((o) => String(o.engineerId)).sort()).toEqual([w.engineers[0]!.engineerId, w.engineers[1]!.engineerId].sort());
  });
});

describe('offers in tiers', () => {
  it('tells the top tier at booking and each later tier once when its turn comes, however many instances run the job; the loser of a claim gets 409', async () => {
    const w = await buildWorld(t, { district: '330284' });
    await setMode(w.outlet.id, w.tokens.manager, 'offer');
    const order = (await bookAt(w, uniqueSlot(w))).body;
    expect(order.status).toBe('pending');
    const offered = (userToken: string) => t.request('GET', '/api/v1/engineer/offers', { token: userToken });
    const told = async (i: number) => Notification.countDocuments({ orderId: order.id, type: 'order_offered', userId: (await Order.findById(order.id).lean())!.offer!.tiers[i]!.userId });
    expect(await told(0)).toBe(1);
    expect(await told(1)).toBe(0);
    let tiers = (await info(order.id, w.tokens.manager)).body.offer.tiers;
    expect(tiers.map((x: { told: boolean }) => x.told)).toEqual([true, false]);

    // Not yet: nothing is told before the second tier's time.
    expect(await tellDueTiers(t.clock)).toEqual({ tiers: 0, engineers: 0 });
    t.clock.advance(5 * 60_000);
    const runs = await Promise.all([tellDueTiers(t.clock), tellDueTiers(t.clock), tellDueTiers(t.clock)]);
    expect(runs.reduce((n, r) => n + r.engineers, 0)).toBe(1);
    expect(await told(1)).toBe(1);
    const job = backgroundJobs(t.deps).find((j) => j.name === 'orders.offer_tiers')!;
    await runJobOnce(job, t.clock, 'instance-b');
    expect(await told(1)).toBe(1);
    tiers = (await info(order.id, w.tokens.manager)).body.offer.tiers;
    expect(tiers.map((x: { told: boolean }) => x.told)).toEqual([true, true]);
    expect((await offered(w.engineers[1]!.token)).body.items.map((o: { id: string }) => o.id)).toContain(order.id);

    // The first claim wins; the second engineer, whose first read already finds it taken, is told so (not 404).
    expect((await t.request('POST', `/api/v1/orders/${order.id}/claim`, { token: w.engineers[0]!.token })).status).toBe(200);
    const late = await t.request('POST', `/api/v1/orders/${order.id}/claim`, { token: w.engineers[1]!.token });
    expect(late.status).toBe(409);
    expect(late.body.error.id).toBe('already_taken');
    // Someone it was never offered to still gets 404.
    expect((await t.request('POST', `/api/v1/orders/${order.id}/claim`, { token: w.unqualified.token })).status).toBe(404);
  });
});

describe('escalation of an order nobody dispatched', () => {
  it('after the set minutes: escalated once on the timeline, offered in tiers, manager and platform told; concurrent runs write it once', async () => {
    const w = await buildWorld(t, { district: '330381' });
    expect((await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { dispatchEscalationMinutes: 30 } })).status).toBe(200);
    const order = await book(t, w, { slot: uniqueSlot(w) });
    expect((await info(order.id, w.tokens.manager)).body.escalationDueAt).toBe(new Date(t.clock.now().getTime() + 30 * 60_000).toISOString());

    t.clock.advance(29 * 60_000);
    await escalateUndispatched(deps());
    expect((await Order.findById(order.id).lean())?.escalation).toBeNull();

    t.clock.advance(2 * 60_000);
    const runs = await Promise.all([escalateUndispatched(deps()), escalateUndispatched(deps())]);
    expect(runs.reduce((n, r) => n + r.escalated, 0)).toBe(1);
    const job = backgroundJobs(t.deps).find((j) => j.name === 'orders.dispatch_escalation')!;
    await runJobOnce(job, t.clock, 'instance-b');

    // Signed in again: the clock moved past the access token's life.
    const manager = await staffToken(t, w.usernames.manager);
    const events = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: manager })).body.events;
    const escalated = events.filter((e: { type: string }) => e.type === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({ actor: { role: 'system' }, data: { afterMinutes: 30 } });
    expect(events.filter((e: { type: string }) => e.type === 'offered')).toHaveLength(1);
    const seen = (await info(order.id, manager)).body;
    expect(seen.escalation).toMatchObject({ afterMinutes: 30, outcome: 'offered' });
    expect(seen.escalationDueAt).toBeNull();
    const toldStaff = await Notification.find({ orderId: order.id, type: 'order_escalated' }).lean();
    const { User } = await import('../src/modules/users/model');
    const roles = new Set((await User.find({ _id: { $in: toldStaff.map((n) => n.userId) } }).lean()).map((u) => u.role));
    expect(roles).toEqual(new Set(['outlet_manager', 'platform_admin']));
    expect(toldStaff.find((n) => n.body.includes('已超过 30 分钟未派单'))).toBeTruthy();
    await t.request('PATCH', '/api/v1/admin/settings', { token: await staffToken(t, w.usernames.admin), body: { dispatchEscalationMinutes: 120 } });
  });

  it('in an automatic outlet the escalation assigns the best eligible engineer; a decline starts the clock again', async () => {
    const w = await buildWorld(t, { district: '330382' });
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    await setMode(w.outlet.id, w.tokens.manager, 'auto');
    t.clock.advance(121 * 60_000);
    await escalateUndispatched(deps());
    let stored = (await Order.findById(order.id).lean())!;
    expect(stored.status).toBe('dispatched');
    expect(String(stored.engineerId)).toBe(w.engineers[0]!.engineerId);
    expect(stored.escalation?.outcome).toBe('auto_dispatched');

    // The engineer declines: back in the queue, a new wait, escalated again once it is over.
    const engineer = await staffToken(t, w.engineers[0]!.username);
    expect((await t.request('POST', `/api/v1/orders/${order.id}/decline`, { token: engineer, body: { reason: '车辆故障无法上门' } })).status).toBe(200);
    stored = (await Order.findById(order.id).lean())!;
    expect(stored.escalation).toBeNull();
    expect(stored.pendingSince?.getTime()).toBe(t.clock.now().getTime());
    t.clock.advance(121 * 60_000);
    await escalateUndispatched(deps());
    const events = (await Order.findById(order.id).lean())!.timeline.filter((e) => e.type === 'escalated');
    expect(events).toHaveLength(2);
  });
});

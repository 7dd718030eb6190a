import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentConsent } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Notification } from '../src/modules/notifications/model';
import { AuditEntry } from '../src/modules/audit/model';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { book, buildWorld, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
const sweep = (owner = 'a') => runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'orders.sla_sweep')!, t.clock, owner);
const deadline = async (id: string, clock: string, token = w.customer.token) =>
  (await t.request('GET', `/api/v1/orders/${id}`, { token })).body.deadlines.find((d: { clock: string }) => d.clock === clock);

/** Tokens expire as the clock moves: every test (and every jump) signs everyone in again, as people would. */
async function freshTokens() {
  t.clock.advance(61_000); // a new one-time code may be sent once a minute
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone: w.customer.phone } });
  w.customer.token = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone: w.customer.phone, code: sent.body.devCode, consent: currentConsent() } })).body.accessToken;
  w.tokens.admin = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: w.usernames.admin, password: 'Correct-Horse-9' } })).body.accessToken;
  for (const e of w.engineers) e.token = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: e.username, password: 'Correct-Horse-9' } })).body.accessToken;
}
beforeEach(freshTokens);

describe('S1 respond within 24 h', () => {
  it('lists the deadline as pending, flags it at risk at 80%, records one breach after 24 h (also with two sweepers)', async () => {
    const bookedAt = t.clock.now();
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    const respond = await deadline(order.id, 'respond');
    expect(respond).toMatchObject({ state: 'pending', label: '24 小时内接单响应' });
    expect(new Date(respond.dueAt).getTime() - bookedAt.getTime()).toBe(24 * 3600_000);

    t.clock.advance(19.3 * 3600_000);
    await sweep();
    await freshTokens();
    expect((await deadline(order.id, 'respond')).state).toBe('at_risk');
    expect(await Notification.countDocuments({ orderId: order.id, type: 'sla_at_risk' })).toBeGreaterThanOrEqual(1);

    t.clock.advance(5 * 3600_000);
    const [a, b] = await Promise.all([sweep('a'), sweep('b')]);
    expect([a.ran, b.ran].filter(Boolean).length).toBeGreaterThanOrEqual(1);
    await sweep('c');
    const stored = (await Order.findById(order.id).lean())!;
    expect(stored.sla.breaches.respond).toBeTruthy();
    // Depending on the time of day the arrival clock may have run out as well: count the respond clock's breach.
    expect(stored.timeline.filter((e) => e.type === 'sla_breached' && e.data.clock === 'respond')).toHaveLength(1);
    expect(await Notification.countDocuments({ orderId: order.id, type: 'sla_breached', body: /24 小时内接单响应/ })).toBe(1);
    await freshTokens();
    expect((await deadline(order.id, 'respond')).state).toBe('breached');
  });

  it('marks the deadline met when an engineer accepts in time, and never breaches it afterwards', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    await act(order.id, 'dispatch', w.tokens.admin, { engineerId: w.engineers[0]!.engineerId });
    await act(order.id, 'accept', w.engineers[0]!.token);
    t.clock.advance(30 * 3600_000);
    await sweep();
    await freshTokens();
    expect((await deadline(order.id, 'respond')).state).toBe('met');
    expect((await Order.findById(order.id).lean())!.sla.breaches.respond).toBeUndefined();
  });
});

describe('completion clock and waiting for parts', () => {
  it('pauses while awaiting parts (the customer sees why) and moves the deadline by the pause', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    const E = w.engineers[1]!;
    await act(order.id, 'dispatch', w.tokens.admin, { engineerId: E.engineerId });
    await act(order.id, 'accept', E.token);
    await act(order.id, 'depart', E.token);
    const code = await act(order.id, 'service-code', w.customer.token);
    await act(order.id, 'check-in', E.token, { serviceCode: code.body.serviceCode });
    const q = await act(order.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E.token);
    const before = new Date((await deadline(order.id, 'resolve')).dueAt).getTime();

    const pausedAt = t.clock.now().getTime();
    const waiting = await act(order.id, 'wait-for-parts', E.token, { reason: '压缩机需从厂家调货', expectedDate: '2099-01-01' });
    expect(waiting.body.status).toBe('awaiting_parts');
    expect(waiting.body.partsWait.reason).toBe('压缩机需从厂家调货');
    expect(waiting.body.deadlines.find((d: { clock: string }) => d.clock === 'resolve').state).toBe('paused');

    t.clock.advance(100 * 3600_000);
    await sweep();
    expect((await Order.findById(order.id).lean())!.sla.breaches.resolve).toBeUndefined();
    await freshTokens();
    const resumedAt = t.clock.now().getTime();
    const resumed = await act(order.id, 'resume', E.token);
    const after = new Date(resumed.body.deadlines.find((d: { clock: string }) => d.clock === 'resolve').dueAt).getTime();
    expect(after - before).toBe(resumedAt - pausedAt);
    expect(resumedAt - pausedAt).toBeGreaterThan(100 * 3600_000);
  });
});

describe('S8 free second visit', () => {
  async function closedOrder() {
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    const E = w.engineers[0]!;
    await act(order.id, 'dispatch', w.tokens.admin, { engineerId: E.engineerId });
    await act(order.id, 'accept', E.token);
    await act(order.id, 'depart', E.token);
    const code = await act(order.id, 'service-code', w.customer.token);
    await act(order.id, 'check-in', E.token, { serviceCode: code.body.serviceCode });
    const q = await act(order.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.labour, quantity: 1 }, { code: TEST_ITEMS.part, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E.token);
    const photo = (await upload(t, E.token, { kind: 'report_photo', orderId: order.id })).body.id;
    const oldPart = (await upload(t, E.token, { kind: 'old_part_photo', orderId: order.id })).body.id;
    const signature = (await upload(t, E.token, { kind: 'signature', orderId: order.id })).body.id;
    await act(order.id, 'report', E.token, { diagnosis: '电容坏', actions: '更换', partsUsed: [{ code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'SN-1', oldPartPhotoId: oldPart }], photoIds: [photo], signatureId: signature });
    await act(order.id, 'payment', E.token, { method: 'cash', amountFen: 0, receiptNo: 'CASH-0' });
    await act(order.id, 'complete', E.token);
    expect((await act(order.id, 'accept-work', w.customer.token)).body.status).toBe('closed');
    return order;
  }

  it('creates a linked order at the same outlet, dispatched to the same engineer, with covered items priced 0', async () => {
    const parent = await closedOrder();
    const res = await act(parent.id, 'rework', w.customer.token, { description: '又不制冷了', engineer: 'same', slot: uniqueSlot(w, t.clock) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ parentOrderId: parent.id, outletId: w.outlet.id, status: 'dispatched', engineerId: w.engineers[0]!.engineerId });
    expect((await Order.findById(parent.id).lean())!.reworkOrderId?.toString()).toBe(res.body.id);

    const E = w.engineers[0]!;
    await act(res.body.id, 'accept', E.token);
    await act(res.body.id, 'depart', E.token);
    const code = await act(res.body.id, 'service-code', w.customer.token);
    await act(res.body.id, 'check-in', E.token, { serviceCode: code.body.serviceCode });
    const quote = await act(res.body.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.labour, quantity: 1 }, { code: TEST_ITEMS.part, quantity: 1 }, { code: TEST_ITEMS.fee, quantity: 1 }] });
    expect(quote.body.quotes.at(-1).items.map((i: { chargedUnitFen: number; coveredBy: string | null }) => [i.chargedUnitFen, i.coveredBy])).toEqual([
      [0, 'rework'],
      [0, 'rework'],
      [0, 'rework'],
    ]);
    // Anything charged on a second visit is a separate line outside the price list, named, with a reason.
    const extra = await act(res.body.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.labour, quantity: 1 }, { offCatalogue: true, kind: 'part', name: '客户要求加装的防尘罩', unit: '个', unitPriceFen: 3000, quantity: 1, reason: '客户另行要求，非原故障' }] });
    expect(extra.body.quotes.at(-1).items.map((i: { chargedUnitFen: number; coveredBy: string | null }) => [i.chargedUnitFen, i.coveredBy])).toEqual([
      [0, 'rework'],
      [3000, null],
    ]);
    expect(extra.body.quotes.at(-1).totalFen).toBe(3000);
  });

  it('refuses a second request for the same order (409 rework_exists), and excludes the engineer on request for a different one', async () => {
    const parent = await closedOrder();
    const first = await act(parent.id, 'rework', w.customer.token, { description: '室内机漏水', engineer: 'different', slot: uniqueSlot(w, t.clock) });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('pending');
    const again = await act(parent.id, 'rework', w.customer.token, { description: '室内机还是漏水', engineer: 'different', slot: uniqueSlot(w, t.clock) });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('rework_exists');
    const candidates = await t.request('GET', `/api/v1/orders/${first.body.id}/candidates`, { token: w.tokens.admin });
    const original = candidates.body.items.find((c: { engineerId: string }) => c.engineerId === w.engineers[0]!.engineerId);
    expect(original.eligible).toBe(false);
    expect(original.reasons).toContain('客户要求更换工程师（二次上门）');
  });

  it('refuses outside the warranty of the original items (409 outside_warranty) and before completion', async () => {
    const parent = await closedOrder();
    t.clock.advance(181 * 86400_000);
    await freshTokens();
    const late = await act(parent.id, 'rework', w.customer.token, { description: '又坏了不制冷', engineer: 'same', slot: uniqueSlot(w, t.clock) });
    expect(late.status).toBe(409);
    expect(late.body.error.id).toBe('outside_warranty');
    expect(late.body.error.message).toContain('180 天');
    const open = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    expect((await act(open.id, 'rework', w.customer.token, { description: '还没修好呢', engineer: 'same', slot: uniqueSlot(w, t.clock) })).status).toBe(409);
  });
});

describe('audit of staff writes', () => {
  it('records every successful staff write with actor, route, record and request id — and no body', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    await freshTokens();
    const res = await act(order.id, 'cancel', w.tokens.admin, { reason: '客户来电取消，电话 13812345678' });
    expect(res.status).toBe(200);
    const entry = await AuditEntry.findOne({ action: 'api.post /api/v1/orders/:id/cancel', target: JSON.stringify({ id: order.id }) }).lean();
    expect(entry).toMatchObject({ actorRole: 'platform_admin', requestId: res.headers.get('x-request-id') });
    expect(JSON.stringify(entry)).not.toContain('13812345678');
    const failed = await act(order.id, 'cancel', w.tokens.admin, { reason: '再取消' });
    expect(failed.status).toBe(409);
    expect(await AuditEntry.countDocuments({ action: 'api.post /api/v1/orders/:id/cancel', target: JSON.stringify({ id: order.id }) })).toBe(1);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, currentConsent, shanghaiDay } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { book, buildWorld, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 20.3: an appliance over its life (orders, parts with serials, warranties per repaired item), the free second
 * visit offered at booking, a declined offer recorded on the new order (repeatOf) and counted as a repeated repair of
 * the same fault (重复维修率), and who may see which appliance.
 */

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
const get = (path: string, token: string) => t.request('GET', `/api/v1${path}`, { token });

/** Tokens expire as the clock moves: every test (and every jump) signs everyone in again, as people would. */
async function freshTokens() {
  t.clock.advance(61_000);
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone: w.customer.phone } });
  w.customer.token = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone: w.customer.phone, code: sent.body.devCode, consent: currentConsent() } })).body.accessToken;
  w.tokens.admin = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: w.usernames.admin, password: 'Correct-Horse-9' } })).body.accessToken;
  w.tokens.manager = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: w.usernames.manager, password: 'Correct-Horse-9' } })).body.accessToken;
  for (const e of w.engineers) e.token = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: e.username, password: 'Correct-Horse-9' } })).body.accessToken;
}
beforeEach(freshTokens);

/** A fresh appliance of the world's customer, so each test reads its own life. */
async function newAppliance(): Promise<string> {
  const res = await t.request('POST', '/api/v1/me/appliances', { token: w.customer.token, body: { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: addDays(shanghaiDay(t.clock.now()), -400), serialNo: 'GREE-0001' } });
  expect(res.status).toBe(201);
  return res.body.id;
}

type Item = { code: string; quantity: number };

/** Books for the appliance and walks the order to closed: quote `items`, report the part with `serial`, cash, complete, accept. */
async function closedRepair(applianceId: string, items: Item[], serial: string | null, extra: Record<string, unknown> = {}) {
  const order = await book(t, w, { applianceId, slot: uniqueSlot(w, t.clock), ...extra });
  return finish(order, items, serial);
}

async function finish(order: { id: string; status: string }, items: Item[], serial: string | null) {
  const E = w.engineers[0]!;
  // A second visit asked for with the same engineer is dispatched to him at once.
  if (order.status === 'pending') expect((await act(order.id, 'dispatch', w.tokens.admin, { engineerId: E.engineerId })).status).toBe(200);
  await act(order.id, 'accept', E.token);
  await act(order.id, 'depart', E.token);
  const code = await act(order.id, 'service-code', w.customer.token);
  expect((await act(order.id, 'check-in', E.token, { serviceCode: code.body.serviceCode })).status).toBe(200);
  const q = await act(order.id, 'quotes', E.token, { items });
  expect(q.status).toBe(200);
  const confirmed = await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
  expect(confirmed.status).toBe(200);
  await act(order.id, 'start', E.token);
  const photo = (await upload(t, E.token, { kind: 'report_photo', orderId: order.id })).body.id;
  const signature = (await upload(t, E.token, { kind: 'signature', orderId: order.id })).body.id;
  const partsUsed = [];
  if (serial) partsUsed.push({ code: TEST_ITEMS.part, quantity: 1, newSerialNo: serial, oldPartPhotoId: (await upload(t, E.token, { kind: 'old_part_photo', orderId: order.id })).body.id });
  expect((await act(order.id, 'report', E.token, { diagnosis: '启动电容鼓包', actions: '更换启动电容', partsUsed, photoIds: [photo], signatureId: signature })).status).toBe(200);
  const total = confirmed.body.quotes.at(-1).totalFen;
  expect((await act(order.id, 'payment', E.token, { method: 'cash', amountFen: total })).status).toBe(200);
  expect((await act(order.id, 'complete', E.token)).status).toBe(200);
  const closed = await act(order.id, 'accept-work', w.customer.token);
  expect(closed.body.status).toBe('closed');
  return closed.body as { id: string; orderNo: string; times: Record<string, string> };
}

const REPAIR: Item[] = [
  { code: TEST_ITEMS.labour, quantity: 1 }, // 90 days
  { code: TEST_ITEMS.part, quantity: 1 }, // 180 days
];

describe('the free second visit offered at booking', () => {
  it('offers the original order; booking it links the second visit to it, and it counts as a repeated repair', async () => {
    const applianceId = await newAppliance();
    const fresh = await get(`/me/appliances/${applianceId}/second-visit-offer`, w.customer.token);
    expect(fresh.status).toBe(200);
    expect(fresh.body.offer).toBeNull();

    const original = await closedRepair(applianceId, REPAIR, 'SN-APL-0002');
    const offer = (await get(`/me/appliances/${applianceId}/second-visit-offer`, w.customer.token)).body.offer;
    expect(offer).toMatchObject({ orderId: original.id, orderNo: original.orderNo, warrantyDays: 180 });
    expect(offer.text).toContain(original.orderNo);
    expect(offer.text).toContain('免费二次上门');

    const second = await act(offer.orderId, 'rework', w.customer.token, { description: '又不制冷了', engineer: 'same', slot: uniqueSlot(w, t.clock) });
    expect(second.status).toBe(201);
    expect(second.body.parentOrderId).toBe(original.id);

    const life = (await get(`/me/appliances/${applianceId}/life`, w.customer.token)).body;
    expect(life.orders.map((o: { id: string }) => o.id)).toEqual([second.body.id, original.id]);
    expect(life.orders[0]).toMatchObject({ secondVisitOf: { orderId: original.id, orderNo: original.orderNo }, repeated: true });
    expect(life.orders[1]).toMatchObject({ secondVisitOrderId: second.body.id, repeated: false });
    expect(life).toMatchObject({ secondVisits: 1, repeatedRepairs: 1 });
    // One second visit per order: nothing more is offered while the second visit is open.
    expect(life.secondVisitOffer).toBeNull();

    // Once the second visit itself is done, its own work has a warranty and can be followed up in turn.
    await finish(second.body, [{ code: TEST_ITEMS.labour, quantity: 1 }], null);
    const after = (await get(`/me/appliances/${applianceId}/second-visit-offer`, w.customer.token)).body.offer;
    expect(after?.orderId).toBe(second.body.id);
  });

  it('a declined offer books a normal order carrying repeatOf; the same fault counts as a repeated repair, another fault does not', async () => {
    const before = (await get('/analytics/repeat-repairs', w.tokens.admin)).body;
    const applianceId = await newAppliance();
    const original = await closedRepair(applianceId, REPAIR, 'SN-APL-0003');

    const declined = await book(t, w, { applianceId, slot: uniqueSlot(w, t.clock), secondVisitDeclined: original.id });
    expect(declined.repeatOf).toEqual({ orderId: original.id, orderNo: original.orderNo, declined: true });
    expect(declined.parentOrderId).toBeNull();
    const stored = (await Order.findById(declined.id).lean())!;
    expect(stored.repeatOf).toMatchObject({ orderNo: original.orderNo, codes: [TEST_ITEMS.labour, TEST_ITEMS.part].sort(), declined: true });
    await finish(declined, [{ code: TEST_ITEMS.part, quantity: 1 }], 'SN-APL-0004');

    // Enforced on the server: a booking that never saw the offer still records it.
    const unasked = await book(t, w, { applianceId, slot: uniqueSlot(w, t.clock) });
    expect(unasked.repeatOf).toMatchObject({ declined: false });
    // A cleaning is no repair: it carries nothing.
    const cleaning = await book(t, w, { applianceId, serviceType: 'cleaning', faultDescription: '空调清洗', slot: uniqueSlot(w, t.clock) });
    expect(cleaning.repeatOf).toBeNull();
    expect((await act(cleaning.id, 'cancel', w.customer.token, { reason: '不需要了' })).status).toBe(200);
    // Now the latest finished repair (the declined one, same fault) is the one offered.
    expect(unasked.repeatOf.orderId).toBe(declined.id);
    await finish(unasked, [{ code: TEST_ITEMS.labour, quantity: 1 }], null); // another fault: labour only, no part

    const life = (await get(`/me/appliances/${applianceId}/life`, w.customer.token)).body;
    const byId = new Map(life.orders.map((o: { id: string }) => [o.id, o]));
    expect(byId.get(declined.id)).toMatchObject({ repeated: true, repeatOf: { orderId: original.id, declined: true } });
    expect(byId.get(unasked.id)).toMatchObject({ repeated: false, repeatOf: { orderId: declined.id, declined: false } });
    expect(life.repeatedRepairs).toBe(1);
    expect(life.parts.map((p: { newSerialNo: string }) => p.newSerialNo)).toEqual(['SN-APL-0004', 'SN-APL-0003']);

    const figure = (await get('/analytics/repeat-repairs', w.tokens.admin)).body;
    expect(figure.closed - before.closed).toBe(3);
    expect(figure.repeated - before.repeated).toBe(1);
    expect(figure.repeatBookings - before.repeatBookings).toBe(1);
    expect(figure.rateText).toMatch(/^\d+\.\d%$/);
    expect(figure.definition).toContain('重复维修');
    const outlet = await get(`/analytics/repeat-repairs?outletId=${w.outlet.id}`, w.tokens.manager);
    expect(outlet.status).toBe(200);
    expect(outlet.body.scope.outletId).toBe(w.outlet.id);
    expect(outlet.body.repeated).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad input by name and changes nothing', async () => {
    const count = await Order.countDocuments();
    const key = { 'idempotency-key': `key-bad-${Date.now()}` };
    const noAppliance = await t.request('POST', '/api/v1/orders', {
      token: w.customer.token,
      headers: key,
      body: { category: 'air_conditioner', serviceType: 'repair', addressId: w.customer.addressId, faultDescription: '空调不制冷', slot: uniqueSlot(w, t.clock), secondVisitDeclined: w.customer.addressId },
    });
    expect(noAppliance.status).toBe(400);
    expect(JSON.stringify(noAppliance.body.error.fields)).toContain('secondVisitDeclined');
    const malformed = await t.request('POST', '/api/v1/orders', {
      token: w.customer.token,
      headers: { 'idempotency-key': `key-bad2-${Date.now()}` },
      body: { category: 'air_conditioner', serviceType: 'repair', addressId: w.customer.addressId, applianceId: w.customer.applianceId, faultDescription: '空调不制冷', slot: uniqueSlot(w, t.clock), secondVisitDeclined: 'nope' },
    });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body.error.fields)).toContain('secondVisitDeclined');
    expect(await Order.countDocuments()).toBe(count);
    const badPeriod = await get('/analytics/repeat-repairs?from=2026-05-01&to=2026-04-01', w.tokens.admin);
    expect(badPeriod.status).toBe(400);
  });
});

describe('who sees an appliance’s life', () => {
  it('the customer their own (another customer’s is 404); staff through an order of their outlet (another outlet’s is 404)', async () => {
    const applianceId = await newAppliance();
    const order = await closedRepair(applianceId, REPAIR, 'SN-APL-0005');

    const stranger = await get(`/me/appliances/${applianceId}/life`, w.stranger.token);
    expect(stranger.status).toBe(404);
    expect((await get(`/me/appliances/${applianceId}/second-visit-offer`, w.stranger.token)).status).toBe(404);
    expect((await get(`/me/appliances/${applianceId}/life`, w.tokens.manager)).status).toBe(403);

    const manager = await get(`/orders/${order.id}/appliance-life`, w.tokens.manager);
    expect(manager.status).toBe(200);
    expect(manager.body.appliance.id).toBe(applianceId);
    expect(manager.body.parts[0].newSerialNo).toBe('SN-APL-0005');
    expect((await get(`/orders/${order.id}/appliance-life`, w.tokens.admin)).status).toBe(200);
    expect((await get(`/orders/${order.id}/appliance-life`, w.tokens.otherManager)).status).toBe(404);
    expect((await get(`/orders/${order.id}/appliance-life`, w.customer.token)).status).toBe(403);
    expect((await get(`/analytics/repeat-repairs?outletId=${w.outlet.id}`, w.tokens.otherManager)).status).toBe(404);

    // An order without a registered appliance has no life to show.
    const bare = await book(t, w, { applianceId: undefined, slot: uniqueSlot(w, t.clock) });
    expect((await get(`/orders/${bare.id}/appliance-life`, w.tokens.manager)).status).toBe(404);
  });
});

// Last: it moves the clock half a year on.
describe('an appliance over its life', () => {
  it('lists its orders, the part with its serial and each item’s warranty end, and drops warranties as the clock passes them', async () => {
    const applianceId = await newAppliance();
    const order = await closedRepair(applianceId, REPAIR, 'SN-APL-0001');
    const closedAt = new Date(order.times.closedAt!);
    const labourEnd = shanghaiDay(new Date(closedAt.getTime() + 90 * 86400_000));
    const partEnd = shanghaiDay(new Date(closedAt.getTime() + 180 * 86400_000));

    const life = await get(`/me/appliances/${applianceId}/life`, w.customer.token);
    expect(life.status).toBe(200);
    expect(life.body.appliance).toMatchObject({ id: applianceId, categoryName: '空调', brand: '格力', serialNo: 'GREE-0001' });
    expect(life.body.orders).toHaveLength(1);
    expect(life.body.orders[0]).toMatchObject({ id: order.id, orderNo: order.orderNo, serviceName: '维修', status: 'closed', amountFen: 14500, doneDay: shanghaiDay(closedAt), warrantyUntil: partEnd, warrantyRunning: true, repeated: false, secondVisitOf: null });
    expect(life.body.orders[0].engineerName).toBeTruthy();
    expect(life.body.parts).toEqual([
      { orderId: order.id, orderNo: order.orderNo, name: '空调启动电容', code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'SN-APL-0001', replacedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), warrantyUntil: partEnd, warrantyRunning: true },
    ]);
    // The e-receipt states the same warranty ends as the appliance's history.
    const receipt = await get(`/orders/${order.id}/receipt`, w.customer.token);
    expect(receipt.body.items.map((i: { name: string; warrantyUntil: string | null }) => [i.name, i.warrantyUntil])).toEqual([
      ['空调检测维修工时', labourEnd],
      ['空调启动电容', partEnd],
    ]);
    expect(life.body.warranties.map((x: { name: string; until: string }) => [x.name, x.until])).toEqual([
      ['空调检测维修工时', labourEnd],
      ['空调启动电容', partEnd],
    ]);
    expect(life.body.secondVisitOffer).toMatchObject({ orderId: order.id, orderNo: order.orderNo, untilDay: partEnd, warrantyDays: 180 });

    // The day after the labour's warranty ends: only the part is still covered, and the offer still stands (180 days).
    t.clock.set(new Date(Date.parse(`${addDays(labourEnd, 1)}T10:00:00+08:00`)));
    await freshTokens();
    const later = await get(`/me/appliances/${applianceId}/life`, w.customer.token);
    expect(later.body.warranties.map((x: { name: string }) => x.name)).toEqual(['空调启动电容']);
    expect(later.body.secondVisitOffer?.orderId).toBe(order.id);

    // Still covered on the part's last day, all day (Asia/Shanghai); over the next day.
    t.clock.set(new Date(Date.parse(`${partEnd}T23:30:00+08:00`)));
    await freshTokens();
    expect((await get(`/me/appliances/${applianceId}/second-visit-offer`, w.customer.token)).body.offer?.orderId).toBe(order.id);
    t.clock.set(new Date(Date.parse(`${addDays(partEnd, 1)}T00:30:00+08:00`)));
    await freshTokens();
    const over = await get(`/me/appliances/${applianceId}/life`, w.customer.token);
    expect(over.body.warranties).toEqual([]);
    expect(over.body.parts[0]).toMatchObject({ newSerialNo: 'SN-APL-0001', warrantyRunning: false });
    expect(over.body.orders[0].warrantyRunning).toBe(false);
    expect(over.body.secondVisitOffer).toBeNull();
    expect((await get(`/me/appliances/${applianceId}/second-visit-offer`, w.customer.token)).body.offer).toBeNull();
    // The rework action follows the same rule: refused now.
    const late = await act(order.id, 'rework', w.customer.token, { description: '又不制冷了', engineer: 'same', slot: uniqueSlot(w, t.clock) });
    expect(late.status).toBe(409);
    expect(late.body.error.id).toBe('outside_warranty');
  });
});

import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES, addDays, DAY_WINDOW_CODES as SLOT_WINDOW_CODES, type SlotWindowCode } from '@fangxin/shared';
import { EngineerWindow, Order, Slot } from '../src/modules/orders/model';
import { Outlet } from '../src/modules/network/model';
import { arrivedOrder, book, bookingBody, buildWorld, TEST_ITEMS, upload, type OrderWorld } from './orderKit';
import { createEngineer } from './factories';
import { WorkCard } from '../src/modules/cards/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Regression tests for the guarantees issue 16 found broken (each failed on the code before the fix): slots and
 * engineers' windows under concurrent reschedules and dispatches, the bill against re-quotes, evidence for every
 * part, uploads by purpose, bounded date ranges, calendar-valid dates, unknown keys and control characters.
 */
let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 2 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const E = () => w.engineers[0]!.token;
const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });

/**
 * Windows no other test of this file uses, inside the 14-day booking horizon: whole days from the first bookable day
 * on, single windows from the last day backwards.
 */
let dayCursor = 0;
let slotCursor = 0;
const freshDays = (n: number) => {
  const first = addDays(w.day, dayCursor);
  dayCursor += n;
  return Array.from({ length: n }, (_, i) => addDays(first, i));
};
const freshSlot = () => {
  const n = slotCursor++;
  const day = addDays(w.day, 13 - Math.floor(n / SLOT_WINDOW_CODES.length));
  if (day < addDays(w.day, dayCursor)) throw new Error('guarantees.test: out of fresh windows');
  return { day, window: SLOT_WINDOW_CODES[n % SLOT_WINDOW_CODES.length]! };
};

/** Every slot of the outlet counts exactly its non-cancelled orders, and none is over capacity. */
async function expectSlotsConsistent() {
  const slots = await Slot.find({ outletId: new Types.ObjectId(w.outlet.id) }).lean();
  const orders = await Order.find({ outletId: new Types.ObjectId(w.outlet.id), status: { $ne: 'cancelled' } }, { slot: 1 }).lean();
  const holding = new Map<string, number>();
  for (const o of orders) holding.set(`${o.slot.day} ${o.slot.window}`, (holding.get(`${o.slot.day} ${o.slot.window}`) ?? 0) + 1);
  for (const s of slots) {
    expect({ slot: `${s.day} ${s.window}`, booked: s.booked }).toEqual({ slot: `${s.day} ${s.window}`, booked: holding.get(`${s.day} ${s.window}`) ?? 0 });
    expect(s.booked).toBeLessThanOrEqual(s.capacity);
  }
}

/** No engineer has two active orders in one window, and every active assignment holds its reservation. */
async function expectEngineersConsistent() {
  const active = await Order.find({ outletId: new Types.ObjectId(w.outlet.id), status: { $in: ACTIVE_STATUSES }, engineerId: { $ne: null } }, { engineerId: 1, slot: 1 }).lean();
  const perWindow = new Map<string, number>();
  for (const o of active) {
    const key = `${String(o.engineerId)}:${o.slot.day}:${o.slot.window}`;
    perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
    const held = await EngineerWindow.findById(key).lean();
    expect(held && String(held.orderId)).toBe(String(o._id));
  }
  expect(Math.max(0, ...perWindow.values())).toBeLessThanOrEqual(1);
}

async function inService(slot: { day: string; window: SlotWindowCode }, items: unknown[]) {
  const order = await arrivedOrder(t, w, { slot });
  const quote = await act(order.id, 'quotes', E(), { items });
  expect(quote.status).toBe(200);
  expect((await act(order.id, `quotes/${quote.body.quotes.at(-1).no}/confirm`, w.customer.token)).status).toBe(200);
  expect((await act(order.id, 'start', E())).status).toBe(200);
  return { id: order.id as string, totalFen: quote.body.quotes.at(-1).totalFen as number };
}

const files = async (orderId: string) => ({
  photo: (await upload(t, E(), { kind: 'report_photo', orderId })).body.id as string,
  oldPart: (await upload(t, E(), { kind: 'old_part_photo', orderId })).body.id as string,
  signature: (await upload(t, E(), { kind: 'signature', orderId })).body.id as string,
});

describe('1. slots under concurrent reschedules', () => {
  it('eight reschedules of one order at once leave every slot counting exactly its orders; the original window is not oversold', async () => {
    const [d0, d1, d2] = freshDays(3);
    const original = { day: d0!, window: '09-11' as const };
    const order = await book(t, w, { slot: original });
    await book(t, w, { slot: original }); // the window is now full (capacity 2)
    const targets = [...SLOT_WINDOW_CODES.slice(1).map((window) => ({ day: d0!, window })), ...SLOT_WINDOW_CODES.map((window) => ({ day: d1!, window })), { day: d2!, window: '09-11' as const }];
    expect(targets).toHaveLength(8);
    const answers = await Promise.all(targets.map((slot) => t.request('POST', `/api/v1/orders/${order.id}/reschedule`, { token: w.customer.token, body: { slot } })));
    for (const a of answers) expect([200, 409]).toContain(a.status);
    await expectSlotsConsistent();
    // The original window still holds the other booking: one more fits, the next is refused.
    const more = await t.request('POST', '/api/v1/orders', { token: w.customer.token, body: bookingBody(w, { slot: original }), headers: { 'idempotency-key': `resched-more-${order.id}` } });
    expect(more.status).toBe(201);
    const over = await t.request('POST', '/api/v1/orders', { token: w.customer.token, body: bookingBody(w, { slot: original }), headers: { 'idempotency-key': `resched-over-${order.id}` } });
    expect(over.status).toBe(409);
    expect(over.body.error.id).toBe('slot_full');
    await expectSlotsConsistent();
  });

  it('a reschedule racing a cancellation leaves no reservation behind', async () => {
    const [d0] = freshDays(1);
    for (let round = 0; round < 3; round++) {
      const order = await book(t, w, { slot: { day: d0!, window: SLOT_WINDOW_CODES[round]! } });
      await Promise.all([
        t.request('POST', `/api/v1/orders/${order.id}/reschedule`, { token: w.customer.token, body: { slot: { day: d0!, window: '16-18' } } }),
        t.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: w.customer.token, body: { reason: '临时有事' } }),
      ]);
      await expectSlotsConsistent();
    }
  });

  it('refuses a lower capacity than the bookings a window holds, naming the window', async () => {
    const slot = freshSlot();
    await book(t, w, { slot });
    await book(t, w, { slot });
    const lower = await t.request('PUT', `/api/v1/outlets/${w.outlet.id}/slots/${slot.day}`, { token: w.tokens.manager, body: { windows: { [slot.window]: 1 } } });
    expect(lower.status).toBe(400);
    expect(lower.body.error.fields[0].path).toBe(`windows.${slot.window}`);
    await expectSlotsConsistent();
  });
});

describe('2. one engineer, one order per window', () => {
  it('five orders of one window dispatched at once to one engineer: exactly one is his (three rounds)', async () => {
    await Outlet.updateOne({ _id: w.outlet.id }, { $set: { slotCapacity: 5 } });
    try {
      for (let round = 0; round < 3; round++) {
        const slot = freshSlot();
        const orders = await Promise.all(Array.from({ length: 5 }, () => book(t, w, { slot })));
        const answers = await Promise.all(orders.map((o) => act(o.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })));
        expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
        for (const a of answers.filter((x) => x.status !== 200)) expect(a.body.error.id).toBe('engineer_not_eligible');
        await expectEngineersConsistent();
      }
    } finally {
      await Outlet.updateOne({ _id: w.outlet.id }, { $set: { slotCapacity: 2 } });
    }
  });

  it('reassign, claim and reschedule cannot give an engineer a second order in a window either', async () => {
    const ab = freshSlot();
    const a = await book(t, w, { slot: ab });
    const b = await book(t, w, { slot: ab });
    expect((await act(a.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(200);
    expect((await act(b.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[1]!.engineerId })).status).toBe(200);
    // Reassigning b to the engineer who already has a in that window is refused.
    const reassign = await act(b.id, 'reassign', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId });
    expect(reassign.status).toBe(409);

    // Two offered orders of one window claimed at once by one engineer (the top-ranked, who sees offers first): one is his.
    const cd = freshSlot();
    const c = await book(t, w, { slot: cd });
    const d = await book(t, w, { slot: cd });
    expect((await act(c.id, 'offer', w.tokens.manager)).status).toBe(200);
    expect((await act(d.id, 'offer', w.tokens.manager)).status).toBe(200);
    const claims = await Promise.all([c, d].map((o) => act(o.id, 'claim', E())));
    expect(claims.filter((x) => x.status === 200)).toHaveLength(1);

    // A customer moving an assigned order into a window where its engineer is busy is refused, in the customer's words.
    const e = await book(t, w, { slot: freshSlot() });
    expect((await act(e.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(200);
    // cd is full (capacity 2): make room so that only the engineer's own window can refuse the move.
    await t.request('PUT', `/api/v1/outlets/${w.outlet.id}/slots/${cd.day}`, { token: w.tokens.manager, body: { windows: { [cd.window]: 3 } } });
    const moved = await t.request('POST', `/api/v1/orders/${e.id}/reschedule`, { token: w.customer.token, body: { slot: cd } });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toContain('工程师');
    await expectEngineersConsistent();
    await expectSlotsConsistent();
  });

  it('frees the window when the engineer declines, is reassigned away, or the order is cancelled', async () => {
    const slot = freshSlot();
    const a = await book(t, w, { slot });
    expect((await act(a.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(200);
    expect((await act(a.id, 'decline', E(), { reason: '车坏了' })).status).toBe(200);
    expect((await act(a.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(200);
    // Two identical reassignments at once (found by the model-based test): one moves the order, the other finds it done.
    const twice = await Promise.all([0, 1].map(() => act(a.id, 'reassign', w.tokens.manager, { engineerId: w.engineers[1]!.engineerId })));
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(twice.map((r) => r.body.error?.id ?? 'ok').sort()).toEqual(expect.arrayContaining(['ok']));
    expect((await Order.findById(a.id).lean())!.timeline.filter((e) => e.type === 'reassigned')).toHaveLength(1);
    const b = await book(t, w, { slot });
    expect((await act(b.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(200);
    expect((await act(b.id, 'cancel', w.tokens.manager, { reason: '客户电话取消' })).status).toBe(200);
    expect(await EngineerWindow.countDocuments({ _id: `${w.engineers[0]!.engineerId}:${slot.day}:${slot.window}` })).toBe(0);
    await expectEngineersConsistent();
  });

  it('takes over a reservation whose order no longer holds it once it is old (a writer that died between its two writes)', async () => {
    const extra = await createEngineer(w.outlet.id, { skills: ['air_conditioner'], certificates: ['refrigeration', 'high_altitude'] });
    await WorkCard.create({ serial: `TC-G-${extra.engineerId.slice(-6)}`, engineerId: extra.engineerId, status: 'active', issuedAt: new Date() });
    const slot = freshSlot();
    const ghost = new Types.ObjectId();
    const key = `${extra.engineerId}:${slot.day}:${slot.window}`;
    await EngineerWindow.create({ _id: key, engineerId: extra.engineerId, orderId: ghost, token: 'ghost', day: slot.day, window: slot.window, createdAt: new Date() });
    const a = await book(t, w, { slot });
    // Young: it may be a dispatch in flight, so it is respected.
    expect((await act(a.id, 'dispatch', w.tokens.manager, { engineerId: extra.engineerId })).status).toBe(409);
    await EngineerWindow.updateOne({ _id: key }, { $set: { createdAt: new Date(Date.now() - 60_000) } });
    expect((await act(a.id, 'dispatch', w.tokens.manager, { engineerId: extra.engineerId })).status).toBe(200);
    expect(String((await EngineerWindow.findById(key).lean())!.orderId)).toBe(a.id);
  });
});

describe('the timeline is never chained to a torn read', () => {
  it('refuses to write on a version whose head is not its last event (what a read during another write can show)', async () => {
    const order = await book(t, w, { slot: freshSlot() });
    // The head of a change being applied, without its event yet: exactly what a torn read returns.
    await Order.updateOne({ _id: order.id }, { $set: { timelineHead: 'f'.repeat(64) } });
    const res = await act(order.id, 'cancel', w.customer.token, { reason: '临时有事' });
    expect(res.status).toBe(409);
    const stored = (await Order.findById(order.id).lean())!;
    expect(stored.status).toBe('pending');
    expect(stored.timeline).toHaveLength(1);
  });
});

describe('3. the bill is the confirmed quote', () => {
  it('refuses a new quote after payment; completion keeps payment = confirmed quote = receipt', async () => {
    const order = await inService(freshSlot(), [{ code: TEST_ITEMS.fee, quantity: 1 }]);
    const f = await files(order.id);
    expect((await act(order.id, 'report', E(), { diagnosis: '外机支架松动', actions: '高空加固', photoIds: [f.photo], signatureId: f.signature })).status).toBe(200);
    expect((await act(order.id, 'payment', E(), { method: 'cash', amountFen: order.totalFen, receiptNo: 'RC-0001' })).status).toBe(200);
    // The engineer's app no longer offers a new quote, and the server refuses one.
    expect((await t.request('GET', `/api/v1/orders/${order.id}`, { token: E() })).body.actions).not.toContain('quote');
    const requote = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.part, quantity: 1 }, { code: TEST_ITEMS.fee, quantity: 2 }] });
    expect(requote.status).toBe(409);
    const done = await act(order.id, 'complete', E());
    expect(done.status).toBe(200);
    const receipt = await t.request('GET', `/api/v1/orders/${order.id}/receipt`, { token: w.customer.token });
    expect(receipt.body.totalFen).toBe(order.totalFen);
    expect(receipt.body.payment.amountFen).toBe(order.totalFen);
  });

  it('a new quote during service withdraws the report written against the old one', async () => {
    const order = await inService(freshSlot(), [{ code: TEST_ITEMS.fee, quantity: 1 }]);
    const f = await files(order.id);
    expect((await act(order.id, 'report', E(), { diagnosis: '外机支架松动', actions: '高空加固', photoIds: [f.photo], signatureId: f.signature })).status).toBe(200);
    const requote = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 2 }] });
    expect(requote.status).toBe(200);
    expect(requote.body.report).toBeNull();
    expect((await act(order.id, `quotes/${requote.body.quotes.at(-1).no}/confirm`, w.customer.token)).status).toBe(200);
    expect((await act(order.id, 'start', E())).status).toBe(200);
    expect((await act(order.id, 'payment', E(), { method: 'cash', amountFen: requote.body.quotes.at(-1).totalFen, receiptNo: 'RC-0002' })).status).toBe(200);
    const done = await act(order.id, 'complete', E());
    expect(done.status).toBe(409);
    expect(done.body.error.id).toBe('report_required');
  });
});

describe('4–5. evidence for every replaced part, uploads by purpose', () => {
  const offPart = { offCatalogue: true, kind: 'part', name: '进口压缩机继电器', unit: '个', unitPriceFen: 12000, quantity: 1, reason: '价目表无此型号配件' };

  it('an off-catalogue part needs its serial and old-part photo: an empty parts list is refused, the line is accepted', async () => {
    const order = await inService(freshSlot(), [{ code: TEST_ITEMS.labour, quantity: 1 }, offPart]);
    const f = await files(order.id);
    const base = { diagnosis: '继电器烧毁', actions: '更换继电器', photoIds: [f.photo], signatureId: f.signature };
    const none = await act(order.id, 'report', E(), { ...base, partsUsed: [] });
    expect(none.status).toBe(409);
    expect(none.body.error.id).toBe('parts_mismatch');
    const ok = await act(order.id, 'report', E(), { ...base, partsUsed: [{ line: 2, quantity: 1, newSerialNo: 'RLY-001', oldPartPhotoId: f.oldPart }] });
    expect(ok.status).toBe(200);
    expect(ok.body.report.partsUsed[0]).toMatchObject({ line: 2, newSerialNo: 'RLY-001' });
  });

  it('refuses the signature, a report photo or a fault photo as the old-part photo, naming the field', async () => {
    const order = await inService(freshSlot(), [{ code: TEST_ITEMS.part, quantity: 1 }]);
    const f = await files(order.id);
    for (const wrong of [f.signature, f.photo]) {
      const res = await act(order.id, 'report', E(), { diagnosis: '电容失效', actions: '更换电容', photoIds: [f.photo], signatureId: f.signature, partsUsed: [{ code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'CAP-9', oldPartPhotoId: wrong }] });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((x: { path: string }) => x.path)).toEqual(['partsUsed.0.oldPartPhotoId']);
    }
    const swapped = await act(order.id, 'report', E(), { diagnosis: '电容失效', actions: '更换电容', photoIds: [f.oldPart], signatureId: f.photo, partsUsed: [{ code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'CAP-9', oldPartPhotoId: f.oldPart }] });
    expect(swapped.status).toBe(400);
    expect(swapped.body.error.fields.map((x: { path: string }) => x.path)).toEqual(['photoIds', 'signatureId']);
  });
});

describe('6–8. bounded, valid and clean input', () => {
  it('refuses an unbounded slot calendar instead of allocating it', async () => {
    const huge = await t.request('GET', `/api/v1/outlets/${w.outlet.id}/slots?from=0001-01-01&to=9999-12-31`, { token: w.tokens.manager });
    expect(huge.status).toBe(400);
    const century = await t.request('GET', `/api/v1/outlets/${w.outlet.id}/slots?from=2026-01-01&to=2125-12-31`, { token: w.tokens.manager });
    expect(century.status).toBe(400);
    const month = await t.request('GET', `/api/v1/outlets/${w.outlet.id}/slots?from=2026-01-01&to=2026-01-31`, { token: w.tokens.manager });
    expect(month.status).toBe(400);
    expect(month.body.error.fields[0].path).toBe('query.to');
    const horizon = await t.request('GET', `/api/v1/outlets/${w.outlet.id}/slots?from=${w.day}&to=${addDays(w.day, 14)}`, { token: w.tokens.manager });
    expect(horizon.status).toBe(200);
    expect(horizon.body.days).toHaveLength(15);
    const availability = await t.request('GET', `/api/v1/slots/availability?districtCode=330106&category=air_conditioner&from=2026-01-01&to=2099-12-31`);
    expect(availability.status).toBe(400);
  });

  it('refuses calendar-invalid dates on every list with 400 naming the field', async () => {
    for (const [path, token] of [
      ['/api/v1/admin/audit?to=2026-13-45', w.tokens.admin],
      ['/api/v1/complaints?from=2026-13-45', w.tokens.manager],
      ['/api/v1/orders?from=2026-13-45', w.tokens.manager],
      ['/api/v1/orders?from=2025-02-29', w.tokens.manager],
      ['/api/v1/surveys?to=2026-02-30', w.tokens.manager],
    ] as const) {
      const res = await t.request('GET', path, { token });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.fields[0].path).toMatch(/^query\.(from|to)$/);
    }
    const year = await t.request('GET', '/api/v1/orders?from=2024-01-01&to=2026-01-01', { token: w.tokens.manager });
    expect(year.status).toBe(400);
  });

  it('refuses a price sent on a price-list line, by name, and changes nothing', async () => {
    const order = await arrivedOrder(t, w, { slot: freshSlot() });
    const res = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.part, quantity: 1, unitPriceFen: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'items.0.unitPriceFen', message: '不支持的字段' }]);
    expect((await Order.findById(order.id).lean())!.quotes).toHaveLength(0);
  });

  it('refuses control characters in text, naming the field', async () => {
    const before = await Order.countDocuments();
    for (const [i, bad] of ['空调\u0000不制冷', '空调\u001b[31m不制冷', '空调\u202e不制冷'].entries()) {
      const res = await t.request('POST', '/api/v1/orders', { token: w.customer.token, body: bookingBody(w, { faultDescription: bad, slot: freshSlot() }), headers: { 'idempotency-key': `control-char-${i}-0001` } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('faultDescription');
    }
    const multiLine = await t.request('POST', '/api/v1/orders', { token: w.customer.token, body: bookingBody(w, { faultDescription: '空调不制冷\n外机不转\t有异响', slot: freshSlot() }), headers: { 'idempotency-key': 'control-char-multiline-ok' } });
    expect(multiLine.status).toBe(201);
    expect(await Order.countDocuments()).toBe(before + 1);
  });
});

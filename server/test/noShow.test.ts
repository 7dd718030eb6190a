import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentConsent, noShowBookingNotice, wastedTripFee } from '@fangxin/shared';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { clockOutcome } from '../src/modules/analytics/stats';
import { Notification } from '../src/modules/notifications/model';
import { EngineerWindow, Order, Slot } from '../src/modules/orders/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { arrivedOrder, book, TEST_ITEMS, buildWorld, uniqueSlot, upload, type OrderWorld } from './orderKit';

/**
 * Issue 20.1: the customer-not-home protocol on the manual clock, and rescheduling by agreement after departure.
 */
let t: TestServer;
let w: OrderWorld;
let feeFen = 0;

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  // The catalogue publishes a wasted-trip fee for air conditioners.
  const item = await t.request('POST', '/api/v1/admin/catalog/items', {
    token: w.tokens.admin,
    body: { code: 'T-AC-NS', category: 'air_conditioner', serviceTypes: [], kind: 'fee', name: '空跑费（客户不在家）', unit: '次', priceFen: 3000, warrantyDays: 0, coveredByApplianceWarranty: false, active: true },
  });
  expect([200, 201]).toContain(item.status);
  const current = await t.request('GET', '/api/v1/catalog/versions/current');
  expect((await t.request('POST', '/api/v1/admin/catalog/publish', { token: w.tokens.admin, body: { expectedVersion: current.body.version } })).status).toBeLessThan(300);
  const published = await t.request('GET', '/api/v1/catalog/versions/current');
  feeFen = wastedTripFee(published.body.items, 'air_conditioner')!.priceFen;
});
afterAll(async () => {
  await t?.close();
  await dropTestDatabase();
});

async function freshTokens() {
  t.clock.advance(61_000);
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone: w.customer.phone } });
  w.customer.token = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone: w.customer.phone, code: sent.body.devCode, consent: currentConsent() } })).body.accessToken;
  w.tokens.manager = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: w.usernames.manager, password: 'Correct-Horse-9' } })).body.accessToken;
  for (const e of w.engineers) e.token = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: e.username, password: 'Correct-Horse-9' } })).body.accessToken;
}
beforeEach(freshTokens);

const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body !== undefined ? { body } : {}) });
const waits = (owner = 'a') => runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'orders.no_show_waits')!, t.clock, owner);
const slaSweep = () => runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'orders.sla_sweep')!, t.clock, 'a');
const LOCATION = { latitude: 30.2741, longitude: 120.1551, accuracy: 15 };

/** An order on the way to the customer, the first engineer assigned; optionally booked having seen the fee. */
async function onTheWay(overrides: Record<string, unknown> = {}) {
  const order = await book(t, w, { slot: uniqueSlot(w, t.clock), ...overrides });
  const engineer = w.engineers[0]!;
  expect((await act(order.id, 'dispatch', w.tokens.manager, { engineerId: engineer.engineerId })).status).toBe(200);
  expect((await act(order.id, 'accept', engineer.token)).status).toBe(200);
  expect((await act(order.id, 'depart', engineer.token)).status).toBe(200);
  return { id: order.id as string, engineer };
}

async function doorPhoto(orderId: string, token: string): Promise<string> {
  const res = await upload(t, token, { kind: 'report_photo', orderId });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('nobody home', () => {
  it('the engineer reports it with location and photo; the customer is told and can answer, and the visit goes on', async () => {
    const { id, engineer } = await onTheWay();
    const photoId = await doorPhoto(id, engineer.token);
    const reported = await act(id, 'nobody-home', engineer.token, { photoId, location: LOCATION });
    expect(reported.status).toBe(200);
    expect(reported.body.noShow).toMatchObject({ state: 'waiting', waitMinutes: 20, photoId, location: LOCATION });
    expect(await Notification.countDocuments({ orderId: id, userId: w.customer.id, type: 'order_nobody_home' })).toBe(1);
    // A second report while waiting is refused; the customer sees the answer button.
    expect((await act(id, 'nobody-home', engineer.token, { photoId, location: LOCATION })).status).toBe(409);
    const seen = await t.request('GET', `/api/v1/orders/${id}`, { token: w.customer.token });
    expect(seen.body.actions).toContain('answer_door');
    expect(seen.body.noShow.notice).toMatch(/^工程师已到达您家门口，但无人应答。他会等到 \d\d:\d\d；/);

    const answered = await act(id, 'answer-door', w.customer.token);
    expect(answered.status).toBe(200);
    expect(answered.body.noShow.state).toBe('answered');
    // The wait is over for good: no timer, no no-show; the engineer checks in with the customer's code as usual.
    t.clock.advance(30 * 60_000);
    await freshTokens();
    await waits();
    expect((await act(id, 'no-show', engineer.token)).status).toBe(409);
    const code = await act(id, 'service-code', w.customer.token);
    expect((await act(id, 'check-in', engineer.token, { serviceCode: code.body.qrText })).status).toBe(200);
  });

  it('refuses a photo that is not this order’s, a bad location, and another engineer — changing nothing', async () => {
    const { id, engineer } = await onTheWay();
    const other = await onTheWay();
    const foreign = await doorPhoto(other.id, other.engineer.token);
    const wrong = await act(id, 'nobody-home', engineer.token, { photoId: foreign, location: LOCATION });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('photoId');
    const photoId = await doorPhoto(id, engineer.token);
    const far = await act(id, 'nobody-home', engineer.token, { photoId, location: { latitude: 123, longitude: 0 } });
    expect(far.status).toBe(400);
    expect((await act(id, 'nobody-home', w.engineers[1]!.token, { photoId, location: LOCATION })).status).toBe(404);
    expect((await Order.findById(id).lean())!.noShow ?? null).toBeNull();
  });
});

describe('the wait runs out', () => {
  it('is marked once by the job (also with two instances), then the engineer ends the visit as a no-show that does not count against him', async () => {
    const { id, engineer } = await onTheWay();
    const photoId = await doorPhoto(id, engineer.token);
    expect((await act(id, 'nobody-home', engineer.token, { photoId, location: LOCATION })).status).toBe(200);
    // Too early: the wait still runs.
    const early = await act(id, 'no-show', engineer.token);
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.error.message).toMatch(/^请等待到 \d\d:\d\d，客户仍未应答再记为上门未遇$/);

    t.clock.advance(21 * 60_000);
    await Promise.all([waits('a'), waits('b')]);
    await waits('c');
    const marked = (await Order.findById(id).lean())!;
    expect(marked.timeline.filter((e) => e.type === 'no_show_wait_over')).toHaveLength(1);
    expect(marked.noShow!.state).toBe('wait_over');
    expect(await Notification.countDocuments({ orderId: id, type: 'order_no_show_wait_over' })).toBe(1);

    await freshTokens();
    const ended = await act(id, 'no-show', engineer.token);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'accepted', noShow: { state: 'no_show', feeFen: 0 } });
    // Booked without the fee on screen: none is due, and the customer is told so in plain words.
    const mine = await t.request('GET', `/api/v1/orders/${id}`, { token: w.customer.token });
    expect(mine.body.noShow.notice).toBe('工程师按约上门，但家中无人应答，本次记为上门未遇，不收取空跑费。请重新选择上门时间。');
    expect(mine.body.actions).toContain('rebook_after_no_show');
    expect(mine.body.actions).not.toContain('reschedule');
    expect(mine.body.deadlines.find((d: { clock: string }) => d.clock === 'arrive').state).toBe('void');
    expect((await t.request('GET', `/api/v1/orders/${id}`, { token: engineer.token })).body.actions).not.toContain('depart');
    // Long past the window: the sweeper records no arrival breach, and the quality statistics do not count the clock.
    t.clock.advance(2 * 86_400_000);
    await slaSweep();
    const after = (await Order.findById(id).lean())!;
    expect(after.sla.breaches.arrive ?? null).toBeNull();
    expect(clockOutcome(after, 'arrive')).toBeNull();
    await freshTokens();
    expect((await act(id, 'no-show', engineer.token)).status).toBe(409);
  });

  it('a breach marked while the engineer waited (reported late) is void once the visit ends as a no-show', async () => {
    const { id, engineer } = await onTheWay();
    const order = (await Order.findById(id).lean())!;
    t.clock.set(new Date(order.sla.arriveDueAt.getTime() + 60_000));
    await freshTokens();
    const photoId = await doorPhoto(id, engineer.token);
    expect((await act(id, 'nobody-home', engineer.token, { photoId, location: LOCATION })).status).toBe(200);
    await slaSweep();
    expect(clockOutcome((await Order.findById(id).lean())!, 'arrive')).toBe('missed');
    t.clock.advance(21 * 60_000);
    await waits();
    await freshTokens();
    expect((await act(id, 'no-show', engineer.token)).status).toBe(200);
    expect(clockOutcome((await Order.findById(id).lean())!, 'arrive')).toBeNull();
  });

  it('charges the wasted-trip fee only when the catalogue publishes one and the booking screen showed it', async () => {
    expect(noShowBookingNotice(feeFen, 20)).toContain(`将收取空跑费 ¥${(feeFen / 100).toFixed(2)}`);
    for (const [shown, due] of [[feeFen, feeFen], [0, 0], [feeFen + 100, 0]] as const) {
      const { id, engineer } = await onTheWay({ noShowFeeShownFen: shown });
      const photoId = await doorPhoto(id, engineer.token);
      expect((await act(id, 'nobody-home', engineer.token, { photoId, location: LOCATION })).status).toBe(200);
      t.clock.advance(21 * 60_000);
      await waits();
      await freshTokens();
      const ended = await act(id, 'no-show', engineer.token);
      expect(ended.body.noShow.feeFen).toBe(due);
      if (due > 0) expect(ended.body.noShow.notice).toContain(`按预约时告知的标准收取空跑费 ¥${(due / 100).toFixed(2)}`);
    }
  });

  it('the wasted-trip fee is never put on a quote, alone or beside other items: only a no-show charges it', async () => {
    const order = await arrivedOrder(t, w, { slot: uniqueSlot(w, t.clock) });
    const E = w.engineers[0]!.token;
    for (const items of [[{ code: 'T-AC-NS', quantity: 1 }], [{ code: TEST_ITEMS.labour, quantity: 1 }, { code: 'T-AC-NS', quantity: 1 }]]) {
      const refused = await act(order.id, 'quotes', E, { items });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ id: 'surcharge_not_allowed', fields: [{ path: `items.${items.length - 1}.code`, message: '空跑费（客户不在家）只在上门未遇（家中无人）时按预约时告知的金额收取，不能列入报价' }] });
    }
    expect((await Order.findById(order.id).lean())!.quotes).toHaveLength(0);
    expect((await act(order.id, 'quotes', E, { items: [{ code: TEST_ITEMS.labour, quantity: 1 }] })).status).toBe(200);
  });

  it('the customer rebooks the same order: capacity and the engineer’s window move with it', async () => {
    const { id, engineer } = await onTheWay();
    const photoId = await doorPhoto(id, engineer.token);
    await act(id, 'nobody-home', engineer.token, { photoId, location: LOCATION });
    t.clock.advance(21 * 60_000);
    await waits();
    await freshTokens();
    expect((await act(id, 'no-show', engineer.token)).status).toBe(200);
    const before = (await Order.findById(id).lean())!;
    const oldSlotId = `${before.slot.outletId}:${before.slot.day}:${before.slot.window}`;
    const oldBooked = (await Slot.findById(oldSlotId).lean())!.booked;
    const next = uniqueSlot(w, t.clock);
    const rebooked = await act(id, 'no-show/rebook', w.customer.token, { slot: next });
    expect(rebooked.status).toBe(200);
    expect(rebooked.body).toMatchObject({ status: 'accepted', slot: { day: next.day, window: next.window }, noShow: { state: 'rebooked' } });
    expect((await Slot.findById(oldSlotId).lean())!.booked).toBe(oldBooked - 1);
    expect(await EngineerWindow.countDocuments({ orderId: id })).toBe(1);
    expect((await EngineerWindow.findOne({ orderId: id }).lean())!._id).toBe(`${engineer.engineerId}:${next.day}:${next.window}`);
    expect(rebooked.body.deadlines.find((d: { clock: string }) => d.clock === 'arrive').state).toBe('pending');
    // Rebooked once: no second rebooking that way; the engineer sets off again on the new day.
    expect((await act(id, 'no-show/rebook', w.customer.token, { slot: uniqueSlot(w, t.clock) })).status).toBe(409);
    expect((await t.request('GET', `/api/v1/orders/${id}`, { token: engineer.token })).body.actions).toContain('depart');
  });
});

describe('rescheduling after departure, by agreement', () => {
  it('the engineer proposes, the customer declines (nothing moves) or accepts (the order moves with its reservations)', async () => {
    const { id, engineer } = await onTheWay();
    const before = (await Order.findById(id).lean())!;
    const first = uniqueSlot(w, t.clock);
    const proposed = await act(id, 'reschedule-proposals', engineer.token, { slot: first });
    expect(proposed.status).toBe(200);
    expect(proposed.body.rescheduleProposal).toMatchObject({ by: 'engineer', day: first.day, window: first.window });
    expect(await Notification.countDocuments({ orderId: id, userId: w.customer.id, type: 'order_reschedule_proposed' })).toBe(1);
    // The proposer cannot accept his own proposal.
    expect((await act(id, 'reschedule-proposals/accept', engineer.token)).status).toBe(409);
    const declined = await act(id, 'reschedule-proposals/decline', w.customer.token, { reason: '那天不在家' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'on_the_way', slot: { day: before.slot.day, window: before.slot.window }, rescheduleProposal: null });

    const second = uniqueSlot(w, t.clock);
    expect((await act(id, 'reschedule-proposals', w.customer.token, { slot: second })).status).toBe(200);
    const oldSlotId = `${before.slot.outletId}:${before.slot.day}:${before.slot.window}`;
    const newSlotId = `${before.slot.outletId}:${second.day}:${second.window}`;
    const [oldBooked, newBooked] = [(await Slot.findById(oldSlotId).lean())!.booked, (await Slot.findById(newSlotId).lean())?.booked ?? 0];
    const accepted = await act(id, 'reschedule-proposals/accept', engineer.token);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', slot: { day: second.day, window: second.window }, rescheduleProposal: null });
    expect((await Slot.findById(oldSlotId).lean())!.booked).toBe(oldBooked - 1);
    expect((await Slot.findById(newSlotId).lean())!.booked).toBe(newBooked + 1);
    expect((await EngineerWindow.findOne({ orderId: id }).lean())!._id).toBe(`${engineer.engineerId}:${second.day}:${second.window}`);
    const events = (await Order.findById(id).lean())!.timeline.map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['reschedule_proposed', 'reschedule_declined', 'reschedule_agreed']));
    // Not on the way any more: no proposal without a departure.
    expect((await act(id, 'reschedule-proposals', w.customer.token, { slot: uniqueSlot(w, t.clock) })).status).toBe(409);
  });

  it('accepting a window where the engineer is busy is refused in plain words and changes nothing', async () => {
    const { id, engineer } = await onTheWay();
    const busy = await onTheWay();
    const taken = (await Order.findById(busy.id).lean())!.slot;
    expect(busy.engineer.engineerId).toBe(engineer.engineerId);
    expect((await act(id, 'reschedule-proposals', w.customer.token, { slot: { day: taken.day, window: taken.window } })).status).toBe(200);
    const refused = await act(id, 'reschedule-proposals/accept', engineer.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('工程师在该时段已有安排，请选择其他时段');
    expect((await Order.findById(id).lean())!.status).toBe('on_the_way');
  });
});

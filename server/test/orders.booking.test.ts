import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentConsent } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Slot } from '../src/modules/orders/model';
import { book, bookingBody, buildWorld, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 3 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const slotDoc = (window: string) => Slot.findById(`${w.outlet.id}:${w.day}:${window}`).lean();
const post = (body: unknown, key: string, token = w.customer.token) =>
  t.request('POST', '/api/v1/orders', { token, body, headers: { 'idempotency-key': key } });

describe('POST /api/v1/orders', () => {
  it('books: 201, pending, a human-readable number, the slot reserved, the creation on the timeline', async () => {
    const res = await post(bookingBody(w, {}, '09-11'), 'booking-basic-0001');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', statusLabel: '待派单', category: 'air_conditioner', outletId: w.outlet.id });
    expect(res.body.orderNo).toMatch(/^FX\d{8}\d{5}$/);
    expect(res.body.appliance).toMatchObject({ brand: '格力', inWarranty: true });
    expect(res.body.contact).toMatchObject({ phone: w.customer.phone, full: true });
    expect(res.body.actions).toEqual(['cancel', 'reschedule']);
    expect((await slotDoc('09-11'))?.booked).toBe(1);
    const stored = await Order.findById(res.body.id).lean();
    expect(stored?.timeline).toHaveLength(1);
    expect(stored?.timeline[0]?.type).toBe('created');
  });

  it('is idempotent: the same key returns the same order with 200 and reserves nothing more', async () => {
    const body = bookingBody(w, {}, '11-13');
    const first = await post(body, 'booking-idem-0001');
    const again = await post(body, 'booking-idem-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await Order.countDocuments({ idempotencyKey: `${w.customer.id}:booking-idem-0001` })).toBe(1);
    expect((await slotDoc('11-13'))?.booked).toBe(1);
  });

  it('makes exactly one order from ten concurrent retries with one key', async () => {
    const body = bookingBody(w, { faultDescription: '并发重试测试' }, '16-18');
    const results = await Promise.all(Array.from({ length: 10 }, () => post(body, 'booking-race-0001')));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(await Order.countDocuments({ idempotencyKey: `${w.customer.id}:booking-race-0001` })).toBe(1);
    expect((await slotDoc('16-18'))?.booked).toBe(1);
  });

  it('refuses the same key with a different body: 409 idempotency_conflict', async () => {
    await post(bookingBody(w, {}, '09-11'), 'booking-conflict-01');
    const res = await post(bookingBody(w, { faultDescription: '完全不同的描述' }, '09-11'), 'booking-conflict-01');
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('idempotency_conflict');
  });

  it('never oversells: 50 parallel bookings for a slot of capacity 3 → exactly 3 succeed, 47 get 409 slot_full', async () => {
    const { Outlet } = await import('../src/modules/network/model');
    const own = await buildWorld(t, { district: '330108', capacity: 3 });
    expect(await Outlet.countDocuments({ districtCodes: '330108' })).toBe(1);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(bookingBody(own, { faultDescription: `并发预约 ${i}` }, '14-16'), `oversell-${String(i).padStart(4, '0')}`, own.customer.token)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.id === 'slot_full')).toBe(true);
    expect((await Slot.findById(`${own.outlet.id}:${own.day}:14-16`).lean())?.booked).toBe(3);
    expect(await Order.countDocuments({ customerId: own.customer.id })).toBe(3);
  });

  it('rejects a missing Idempotency-Key and bad input with 400 naming the fields, creating nothing', async () => {
    const before = await Order.countDocuments();
    const noKey = await t.request('POST', '/api/v1/orders', { token: w.customer.token, body: bookingBody(w) });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.fields[0].path).toBe('headers.idempotency-key');
    const bad = await post({ ...bookingBody(w), category: 'spaceship', slot: { day: 'tomorrow', window: '07-09' }, faultDescription: '' }, 'booking-bad-00001');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['category', 'faultDescription', 'slot.day', 'slot.window']);
    expect(await Order.countDocuments()).toBe(before);
  });

  it('refuses another customer’s address with 404 and a past window with 409 slot_unavailable', async () => {
    const foreign = await post(bookingBody(w), 'booking-foreign-01', w.stranger.token);
    expect(foreign.status).toBe(404);
    const past = await post(bookingBody(w, { slot: { day: '2020-01-01', window: '09-11' } }), 'booking-past-00001');
    expect(past.status).toBe(409);
    expect(past.body.error.id).toBe('slot_unavailable');
  });

  it('answers 422 outside_coverage when no outlet covers the district', async () => {
    const address = await t.request('POST', '/api/v1/me/addresses', {
      token: w.customer.token,
      body: { contactName: '张女士', phone: w.customer.phone, districtCode: '650102', detail: '天山区某街道 1 号' },
    });
    const res = await post(bookingBody(w, { addressId: address.body.id }), 'booking-uncovered-1');
    expect(res.status).toBe(422);
    expect(res.body.error.id).toBe('outside_coverage');
  });

  it('only customers book: a manager gets 403', async () => {
    const res = await post(bookingBody(w), 'booking-manager-01', w.tokens.manager);
    expect(res.status).toBe(403);
  });
});

describe('GET /api/v1/slots/availability', () => {
  it('shows remaining capacity per window, going down as bookings are made', async () => {
    const own = await buildWorld(t, { district: '330109', capacity: 2 });
    const query = `/api/v1/slots/availability?districtCode=330109&category=air_conditioner&from=${own.day}&to=${own.day}`;
    const before = await t.request('GET', query);
    expect(before.status).toBe(200);
    const remaining = (r: typeof before) => r.body.days[0].windows.find((x: { window: string }) => x.window === '14-16').remaining;
    expect(remaining(before)).toBe(2);
    await book(t, own);
    expect(remaining(await t.request('GET', query))).toBe(1);
    const uncovered = await t.request('GET', `/api/v1/slots/availability?districtCode=650102&category=air_conditioner&from=${own.day}&to=${own.day}`);
    expect(uncovered.body).toEqual({ covered: false, days: [] });
  });
});

describe('cancel and reschedule', () => {
  it('lets the customer cancel before the cutoff and releases the slot', async () => {
    const order = await book(t, w, {}, '16-18');
    const booked = (await slotDoc('16-18'))!.booked;
    const res = await t.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: w.customer.token, body: { reason: '临时有事' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect((await slotDoc('16-18'))!.booked).toBe(booked - 1);
  });

  it('refuses the customer within 2 h of the slot (409 too_late_to_change) but lets the outlet cancel', async () => {
    const order = await book(t, w, {}, '09-11');
    const clock = t.clock.now();
    t.clock.set(new Date(new Date(order.slot.startAt).getTime() - 90 * 60_000));
    try {
      // A day later the morning's tokens have expired: sign in again, as people would.
      const customer = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone: w.customer.phone } });
      const customerToken = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone: w.customer.phone, code: customer.body.devCode, consent: currentConsent() } })).body.accessToken;
      const late = await t.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: customerToken, body: { reason: '临时有事' } });
      expect(late.status).toBe(409);
      expect(late.body.error.id).toBe('too_late_to_change');
      expect((await Order.findById(order.id).lean())?.status).toBe('pending');
      const admin = (await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: w.tokens.adminRefresh } })).body.accessToken;
      const byOutlet = await t.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: admin, body: { reason: '客户电话要求取消' } });
      expect(byOutlet.status).toBe(200);
    } finally {
      t.clock.set(clock);
    }
  });

  it('moves the reservation atomically when rescheduling', async () => {
    const order = await book(t, w, {}, '11-13');
    const from = (await slotDoc('11-13'))!.booked;
    const to = (await slotDoc('14-16'))?.booked ?? 0;
    const res = await t.request('POST', `/api/v1/orders/${order.id}/reschedule`, { token: w.customer.token, body: { slot: { day: w.day, window: '14-16' } } });
    expect(res.status).toBe(200);
    expect(res.body.slot.window).toBe('14-16');
    expect((await slotDoc('11-13'))!.booked).toBe(from - 1);
    expect((await slotDoc('14-16'))!.booked).toBe(to + 1);
  });

  it('does not let a stranger cancel someone else’s order (404) and changes nothing', async () => {
    const order = await book(t, w, {}, '14-16');
    const res = await t.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: w.stranger.token, body: { reason: '恶意取消' } });
    expect(res.status).toBe(404);
    expect((await Order.findById(order.id).lean())?.status).toBe('pending');
  });
});

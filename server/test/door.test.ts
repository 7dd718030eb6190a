import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SERVICE_CODE_MAX_ATTEMPTS, slotBounds } from '@fangxin/shared';
import { Order, type OrderRecord } from '../src/modules/orders/model';
import { verifyChain } from '../src/modules/orders/timeline';
import { book, buildWorld, customerToken, staffToken, uniqueSlot, type OrderWorld } from './orderKit';
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
const engineer = () => w.engineers[0]!;

/** Booked, dispatched to the first engineer, accepted and on the way, in a window of its own. */
async function onTheWay(slot = uniqueSlot(w)) {
  const order = await book(t, w, { slot });
  expect((await act(order.id, 'dispatch', w.tokens.manager, { engineerId: engineer().engineerId })).status).toBe(200);
  expect((await act(order.id, 'accept', engineer().token)).status).toBe(200);
  expect((await act(order.id, 'depart', engineer().token)).status).toBe(200);
  return order as { id: string; orderNo: string };
}

const issue = async (orderId: string, token = w.customer.token) => {
  const res = await act(orderId, 'service-code', token);
  expect(res.status).toBe(200);
  return res.body as { serviceCode: string; qrText: string; expiresAt: string };
};

describe('S4 the six-digit service code', () => {
  it('is six digits with its QR text, and checks in once whether typed with spaces, full-width digits or scanned', async () => {
    const order = await onTheWay();
    const code = await issue(order.id);
    expect(code.serviceCode).toMatch(/^\d{6}$/);
    expect(code.qrText).toBe(`FXSC:${order.orderNo}:${code.serviceCode}`);
    expect(Date.parse(code.expiresAt) - t.clock.now().getTime()).toBe(10 * 60_000);
    // Only a salted hash is stored.
    const stored = (await Order.findById(order.id).lean<OrderRecord>())!.serviceCode!;
    expect(JSON.stringify(stored)).not.toContain(code.serviceCode);
    expect(stored.salt).toMatch(/^[0-9a-f]{32}$/);

    const fullWidth = code.serviceCode.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const typed = ` ${fullWidth.slice(0, 3)} ${fullWidth.slice(3)} `;
    const res = await act(order.id, 'check-in', engineer().token, { serviceCode: typed });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('arrived');
    const again = await act(order.id, 'check-in', engineer().token, { serviceCode: code.serviceCode });
    expect(again.status).toBe(409);
  });

  it('answers a badly formed code with 400 naming the field and the format, without counting it', async () => {
    const order = await onTheWay();
    await issue(order.id);
    for (const bad of ['', '12345', '1234567', 'abcdef', 'Xk3l0O9pQr7sT2uV', '12345６7']) {
      const res = await act(order.id, 'check-in', engineer().token, { serviceCode: bad });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.fields[0]).toMatchObject({ path: 'serviceCode', message: '格式不对（请输入 6 位数字）' });
    }
    expect((await Order.findById(order.id).lean<OrderRecord>())!.serviceCode!.attempts).toBe(0);
  });

  it('says how many tries are left, records each wrong try on the timeline, and kills the code after five', async () => {
    const order = await onTheWay();
    const code = await issue(order.id);
    const wrong = String((Number(code.serviceCode) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 1; i < SERVICE_CODE_MAX_ATTEMPTS; i++) {
      const res = await act(order.id, 'check-in', engineer().token, { serviceCode: wrong });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ id: 'service_code_invalid', message: `服务码不正确（还可尝试 ${SERVICE_CODE_MAX_ATTEMPTS - i} 次）` });
    }
    const last = await act(order.id, 'check-in', engineer().token, { serviceCode: wrong });
    expect(last.status).toBe(429);
    expect(last.body.error).toMatchObject({ id: 'code_attempts_exceeded', message: '尝试次数过多，此服务码已失效，请让客户重新出示' });
    // The right code is dead too now.
    const right = await act(order.id, 'check-in', engineer().token, { serviceCode: code.serviceCode });
    expect(right.status).toBe(429);

    const stored = (await Order.findById(order.id).lean<OrderRecord>())!;
    expect(stored.status).toBe('on_the_way');
    expect(stored.timeline.filter((e) => e.type === 'service_code_rejected').map((e) => e.data.left)).toEqual([4, 3, 2, 1, 0]);
    expect(verifyChain(order.id, stored.timeline).valid).toBe(true);

    // A new code starts afresh.
    const fresh = await issue(order.id);
    expect((await act(order.id, 'check-in', engineer().token, { serviceCode: fresh.serviceCode })).status).toBe(200);
  });

  it('counts concurrent wrong tries each (compare-and-set), never more than the limit', async () => {
    const order = await onTheWay();
    const code = await issue(order.id);
    const wrong = String((Number(code.serviceCode) + 7) % 1_000_000).padStart(6, '0');
    const results = await Promise.all(Array.from({ length: 8 }, () => act(order.id, 'check-in', engineer().token, { serviceCode: wrong })));
    expect(results.every((r) => r.status === 409 || r.status === 429)).toBe(true);
    const stored = (await Order.findById(order.id).lean<OrderRecord>())!;
    expect(stored.serviceCode!.attempts).toBe(SERVICE_CODE_MAX_ATTEMPTS);
    expect((await act(order.id, 'check-in', engineer().token, { serviceCode: code.serviceCode })).status).toBe(429);
  });

  it('names the problem: expired, used, not yet shown, another order’s', async () => {
    const a = await onTheWay();
    const b = await onTheWay();
    const none = await act(a.id, 'check-in', engineer().token, { serviceCode: '123456' });
    expect(none.body.error).toMatchObject({ id: 'service_code_invalid', message: '客户还没有出示服务码，请让客户在订单页点“出示服务码”' });

    const codeB = await issue(b.id);
    const other = await act(a.id, 'check-in', engineer().token, { serviceCode: codeB.qrText });
    expect(other.body.error.message).toBe('这是另一张订单的服务码，请让本单客户出示');

    const codeA = await issue(a.id);
    t.clock.advance(10 * 60_000 + 1000);
    const expired = await act(a.id, 'check-in', engineer().token, { serviceCode: codeA.serviceCode });
    expect(expired.body.error).toMatchObject({ id: 'service_code_invalid', message: '服务码已过期，请让客户重新出示' });
  });
});

describe('contacts (S10 for phone numbers)', () => {
  const contacts = (id: string, token: string) => t.request('GET', `/api/v1/orders/${id}/contacts`, { token });

  it('gives the customer the engineer’s and outlet’s phones, and the engineer the customer’s phone and address, only while active', async () => {
    const order = await onTheWay();
    const forCustomer = await contacts(order.id, w.customer.token);
    expect(forCustomer.status).toBe(200);
    expect(forCustomer.body).toMatchObject({ hotline: DEFAULT_SETTINGS.hotline, customer: null, notice: null });
    expect(forCustomer.body.engineer.phone).toMatch(/^1\d{10}$/);
    expect(forCustomer.body.outlet.phone).toBeTruthy();

    const forEngineer = await contacts(order.id, engineer().token);
    expect(forEngineer.body).toMatchObject({ engineer: null, outlet: null, customer: { phone: w.customer.phone } });
    expect(forEngineer.body.customer.address).toContain('文三路 398 号 2 幢 1201 室');

    // Not the order's engineer, another customer: 404.
    expect((await contacts(order.id, w.engineers[1]!.token)).status).toBe(404);
    expect((await contacts(order.id, w.stranger.token)).status).toBe(404);
    expect((await contacts(order.id, w.tokens.manager)).status).toBe(403);

    // Reassigned: the first engineer loses the order.
    expect((await act(order.id, 'reassign', w.tokens.manager, { engineerId: w.engineers[1]!.engineerId })).status).toBe(200);
    expect((await contacts(order.id, engineer().token)).status).toBe(404);
  });

  it('shows no phone numbers once the order is no longer active, only the hotline', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const pending = await contacts(order.id, w.customer.token);
    expect(pending.body).toMatchObject({ engineer: null, outlet: null, customer: null, hotline: DEFAULT_SETTINGS.hotline });
    expect(pending.body.notice).toContain('平台客服');
    expect((await act(order.id, 'cancel', w.customer.token, { reason: '临时有事' })).status).toBe(200);
    expect((await contacts(order.id, w.customer.token)).body).toMatchObject({ engineer: null, outlet: null, customer: null });
  });

  it('uses the hotline a platform admin sets, in contacts and in card verdicts', async () => {
    const set = await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { hotline: '400-100-2000' } });
    expect(set.status).toBe(200);
    expect(set.body.hotline).toBe('400-100-2000');
    const bad = await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { hotline: 'call us' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('hotline');
    const verdict = await t.request('POST', '/api/v1/cards/verify', { body: { token: 'garbage' } });
    expect(verdict.body).toMatchObject({ verdict: 'tampered', hotline: '400-100-2000' });
    expect(verdict.body.detail).toContain('放心服务客服（电话 400-100-2000）');
    const page = await fetch(`${t.url}/v/garbage`);
    expect(await page.text()).toContain('tel:4001002000');
    await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { hotline: DEFAULT_SETTINGS.hotline } });
  });
});

/** After the clock moves a day, everyone signs in again (access tokens are checked against the clock). */
async function signInAgain() {
  w.customer.token = (await customerToken(t, w.customer.phone)).token;
  w.tokens.manager = await staffToken(t, w.usernames.manager);
  w.engineers[0]!.token = await staffToken(t, engineer().username);
}

async function cardCheck(orderId: string) {
  const qr = (await t.request('GET', '/api/v1/me/card', { token: engineer().token })).body.qr.token as string;
  const card = await t.request('POST', '/api/v1/cards/verify', { token: w.customer.token, body: { token: qr } });
  expect(card.status).toBe(200);
  return card.body.orders.find((o: { orderId: string }) => o.orderId === orderId);
}

// Last in the file: these move the clock to the booked day.
describe('S2 one early-arrival rule for the check-in and the card check', () => {
  it('a check-in at 05:07 for 09:00-11:00 and a card check at the same moment both say 提前 3 小时 53 分钟到达', async () => {
    const slot = uniqueSlot(w);
    const order = await onTheWay({ day: slot.day, window: '09-11' });
    // 05:07 Beijing time on the booked day: 3 h 53 min before the window.
    t.clock.set(new Date(slotBounds(slot.day, '09-11').startAt.getTime() - (3 * 60 + 53) * 60_000));
    await signInAgain();
    const code = await issue(order.id);

    const match = await cardCheck(order.id);
    // His visit (the booked day), so the identity matches; the arrival is early, in the same words as the check-in below.
    expect(match).toMatchObject({ assignedToThisOrder: true, inTimeWindow: true, match: true, arrival: { timing: 'early', label: '提前 3 小时 53 分钟到达' } });
    expect(match.arrival.advice).toContain('您可以请工程师按预约时间再来');

    const arrived = await act(order.id, 'check-in', engineer().token, { serviceCode: code.serviceCode });
    expect(arrived.status).toBe(200);
    const stored = (await Order.findById(order.id).lean<OrderRecord>())!;
    const checkedIn = stored.timeline.find((e) => e.type === 'checked_in')!;
    expect(checkedIn.data).toMatchObject({ arrival: 'early', label: match.arrival.label, late: false, earlyMinutes: 233 });
    const cardEvent = stored.timeline.find((e) => e.type === 'card_verified')!;
    expect(cardEvent.data).toMatchObject({ arrival: 'early', arrivalLabel: match.arrival.label });
    // The arrival deadline says the same: early, not met.
    expect(arrived.body.deadlines.find((d: { clock: string }) => d.clock === 'arrive')).toMatchObject({ state: 'early' });
  });

  it('thirty minutes before the window is on time for both', async () => {
    const slot = uniqueSlot(w, t.clock);
    const order = await onTheWay({ day: slot.day, window: '14-16' });
    t.clock.set(new Date(slotBounds(slot.day, '14-16').startAt.getTime() - 30 * 60_000));
    await signInAgain();
    const code = await issue(order.id);
    expect(await cardCheck(order.id)).toMatchObject({ inTimeWindow: true, arrival: { timing: 'on_time', label: '按时到达' } });
    const arrived = await act(order.id, 'check-in', engineer().token, { serviceCode: code.serviceCode });
    expect(arrived.body.deadlines.find((d: { clock: string }) => d.clock === 'arrive')).toMatchObject({ state: 'met' });
  });
});

import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { User } from '../src/modules/users/model';
import { Payment, Refund } from '../src/modules/payments/model';
import { gatewayProvider, standInGateway } from '../src/modules/payments/provider';
import { sweepPayments } from '../src/modules/payments/service';
import { createWechatPayGateway, type WechatPayGateway } from '../src/modules/payments/wechatPay';
import { generateStandInKeys, startWechatPayStandIn, type WechatPayStandIn } from '../src/standins/wechatPay';
import { AuditEntry } from '../src/modules/audit/model';
import { ManualClock } from '../src/lib/clock';
import { arrivedOrder, buildWorld, TEST_ITEMS, uniqueSlot, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 20.4, online payment with refunds, against the WeChat Pay stand-in over real HTTP: the real client signs
 * every request and verifies every answer; the stand-in verifies the signatures and sends signed, encrypted
 * notifications to the server, as WeChat Pay does.
 */
let t: TestServer;
let w: OrderWorld;
let standIn: WechatPayStandIn;
let gateway: WechatPayGateway;

beforeAll(async () => {
  const keys = generateStandInKeys();
  standIn = await startWechatPayStandIn({ keys });
  gateway = standInGateway(keys, standIn.url, 'http://127.0.0.1:1');
  t = await startTestServer({ deps: { wechatPay: gatewayProvider(gateway) } });
  // The notify URL is the server's, known once it listens.
  gateway.settings.notifyBase = t.url;
  w = await buildWorld(t, { capacity: 80 });
  await User.updateOne({ _id: w.customer.id }, { $set: { wechatOpenId: `o-test-${crypto.randomBytes(6).toString('hex')}` } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await standIn?.close();
  await dropTestDatabase();
});

const E = () => w.engineers[0]!.token;
const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
/** The payments job as it runs `minutes` from now: a manual clock of its own, so the server's sessions stay valid. */
const payDeps = (minutes = 0) => ({ clock: new ManualClock(new Date(t.clock.now().getTime() + minutes * 60_000)), wechatPay: gatewayProvider(gateway) });

/** An order in service on a confirmed quote the appliance's warranty does not cover (the height-work fee ×3, ¥150). */
async function inService(): Promise<{ id: string; totalFen: number }> {
  const order = await arrivedOrder(t, w, { slot: uniqueSlot(w) });
  const quoted = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 3 }] });
  expect(quoted.status).toBe(200);
  const quote = quoted.body.quotes.at(-1);
  expect((await act(order.id, `quotes/${quote.no}/confirm`, w.customer.token)).status).toBe(200);
  expect((await act(order.id, 'start', E())).status).toBe(200);
  return { id: order.id, totalFen: quote.totalFen };
}

const prepay = (id: string, body: Record<string, unknown>) => act(id, 'payments', w.customer.token, body);
const payments = (id: string, token = w.customer.token) => t.request('GET', `/api/v1/orders/${id}/payments`, { token });
const timelineTypes = async (id: string) => ((await Order.findById(id).lean())!.timeline as Array<{ type: string }>).map((e) => e.type);
/** Waits (by polling the database, not a timer) until the condition holds. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, tries = 100): Promise<T> {
  let v = await read();
  for (let i = 0; i < tries && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}

describe('prepay', () => {
  it('JSAPI: answers the signed requestPayment parameters; asking again for the same amount answers the same payment', async () => {
    const o = await inService();
    const before = await payments(o.id);
    expect(before.status).toBe(200);
    expect(before.body.due).toEqual([expect.objectContaining({ purpose: 'service', amountFen: o.totalFen, text: `服务费 ¥${(o.totalFen / 100).toFixed(2)}` })]);
    expect(before.body.online).toEqual({ enabled: true, standIn: true, reason: null });

    const res = await prepay(o.id, { channel: 'jsapi' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { payment, jsapi } = res.body;
    expect(payment).toMatchObject({ state: 'open', amountFen: o.totalFen, purpose: 'service', channel: 'jsapi', paidFen: null });
    expect(jsapi).toMatchObject({ appId: standIn.keys.appid, signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) });
    // The merchant's signature over appId, timeStamp, nonceStr and package, as WeChat checks it in requestPayment.
    const message = `${jsapi.appId}\n${jsapi.timeStamp}\n${jsapi.nonceStr}\n${jsapi.package}\n`;
    expect(crypto.verify('RSA-SHA256', Buffer.from(message), standIn.keys.merchantPublicKey, Buffer.from(jsapi.paySign, 'base64'))).toBe(true);
    const tx = standIn.transactions.get(payment.outTradeNo)!;
    expect(tx).toMatchObject({ trade_type: 'JSAPI', trade_state: 'NOTPAY', amount: { total: o.totalFen }, notify_url: `${t.url}/api/v1/payments/wechat/notify` });

    const again = await prepay(o.id, { channel: 'jsapi' });
    expect(again.body.payment.outTradeNo).toBe(payment.outTradeNo);
    expect(await Payment.countDocuments({ orderId: o.id })).toBe(1);
    expect((await timelineTypes(o.id)).filter((x) => x === 'payment_requested')).toHaveLength(1);
  });

  it('requests racing for the same order open one payment and all answer it', async () => {
    const o = await inService();
    const answers = await Promise.all(Array.from({ length: 5 }, () => prepay(o.id, { channel: 'h5' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.payment.outTradeNo)).size).toBe(1);
    expect(answers.every((a) => typeof a.body.h5Url === 'string')).toBe(true);
    expect(await Payment.countDocuments({ orderId: o.id })).toBe(1);
    expect([...standIn.transactions.values()].filter((x) => x.out_trade_no === answers[0]!.body.payment.outTradeNo)).toHaveLength(1);
  });

  it('H5: the cashier link returns to our page; 确认支付 at the cashier marks the order paid by the notification', async () => {
    const o = await inService();
    const res = await prepay(o.id, { channel: 'h5', returnPath: `/h5/#/pages/order/index?id=${o.id}` });
    expect(res.status).toBe(200);
    expect(res.body.jsapi).toBeNull();
    const h5Url = new URL(res.body.h5Url);
    expect(h5Url.searchParams.get('redirect_url')).toBe(`${t.config.PUBLIC_BASE_URL}/h5/#/pages/order/index?id=${o.id}`);
    const page = await fetch(h5Url);
    const html = await page.text();
    expect(html).toContain(`¥${(o.totalFen / 100).toFixed(2)}`);
    expect(html).toContain('确认支付');
    const form = new URLSearchParams({ prepay_id: h5Url.searchParams.get('prepay_id')!, redirect_url: h5Url.searchParams.get('redirect_url')! });
    const paid = await fetch(`${standIn.url}/standin/cashier/pay`, { method: 'POST', body: form, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(h5Url.searchParams.get('redirect_url'));
    const order = (await Order.findById(o.id).lean())!;
    expect(order.payment).toMatchObject({ method: 'wechat', amountFen: o.totalFen, receiptNo: standIn.transactions.get(res.body.payment.outTradeNo)!.transaction_id });
    const view = await payments(o.id);
    expect(view.body).toMatchObject({ due: [], paidFen: o.totalFen, payments: [{ state: 'paid', stateLabel: '已支付', paidFen: o.totalFen }] });
  });

  it('refuses JSAPI without a WeChat sign-in, nothing due, a stranger’s order, and bad input naming the field (never a 500)', async () => {
    const o = await inService();
    const bare = await User.findById(w.stranger.id).lean();
    expect(bare?.wechatOpenId ?? null).toBeNull();
    expect((await act(o.id, 'payments', w.stranger.token, { channel: 'h5' })).status).toBe(404);
    const bad = await prepay(o.id, { channel: 'alipay' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('channel');
    const evil = await prepay(o.id, { channel: 'h5', returnPath: 'https://evil.example/steal' });
    expect(evil.status).toBe(400);
    expect(evil.body.error.fields.map((f: { path: string }) => f.path)).toContain('returnPath');
    const arrived = await arrivedOrder(t, w, { slot: uniqueSlot(w) });
    const nothing = await prepay(arrived.id, { channel: 'h5' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.id).toBe('illegal_transition');
    expect(await Payment.countDocuments({ orderId: { $in: [o.id, arrived.id] } })).toBe(0);
  });
});

describe('notifications', () => {
  it('one payment counts once: duplicates, also several at once, answer 204 and change nothing', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'jsapi' });
    const tx = await standIn.pay(body.payment.outTradeNo, { notify: false });
    const note = standIn.buildNotification('TRANSACTION.SUCCESS', { ...tx, amount: { total: tx.amount.total, payer_total: tx.amount.total, currency: 'CNY' } }, 'transaction');
    const url = `${t.url}/api/v1/payments/wechat/notify`;
    const statuses = await Promise.all(Array.from({ length: 6 }, () => standIn.deliver(url, note)));
    expect(statuses.every((s) => s === 204)).toBe(true);
    expect(await standIn.deliver(url, note)).toBe(204);
    const order = (await Order.findById(o.id).lean())!;
    expect(order.payment).toMatchObject({ method: 'wechat', amountFen: o.totalFen, receiptNo: tx.transaction_id });
    expect((await timelineTypes(o.id)).filter((x) => x === 'payment_received')).toHaveLength(1);
    expect(await AuditEntry.countDocuments({ action: 'payment.received', target: `order:${order.orderNo}` })).toBe(1);
    // An order paid online is not recorded again by the engineer.
    const again = await act(o.id, 'payment', E(), { method: 'cash', amountFen: o.totalFen });
    expect(again.status).toBe(409);
  });

  it('refuses a forged signature, a replayed old timestamp, an unknown serial and an undecryptable resource; nothing changes', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'h5' });
    const tx = await standIn.pay(body.payment.outTradeNo, { notify: false });
    const url = `${t.url}/api/v1/payments/wechat/notify`;
    const good = standIn.buildNotification('TRANSACTION.SUCCESS', tx, 'transaction');

    const tampered = { headers: good.headers, body: good.body.replace('"summary":"支付成功"', '"summary":"支付成功 "') };
    const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forgedSig = { headers: { ...good.headers, 'Wechatpay-Signature': crypto.sign('RSA-SHA256', Buffer.from(`${good.headers['Wechatpay-Timestamp']}\n${good.headers['Wechatpay-Nonce']}\n${good.body}\n`), stranger).toString('base64') }, body: good.body };
    const old = standIn.buildNotification('TRANSACTION.SUCCESS', tx, 'transaction', { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const unknownSerial = { headers: { ...good.headers, 'Wechatpay-Serial': 'PUB_KEY_ID_SOMEONE_ELSE' }, body: good.body };
    const unsigned = { headers: { 'content-type': 'application/json' }, body: good.body };
    for (const note of [tampered, forgedSig, old, unknownSerial, unsigned]) {
      const res = await fetch(url, { method: 'POST', headers: note.headers, body: note.body });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { id: string } }).error.id).toBe('signature_invalid');
    }
    // Signed by the platform, but encrypted with another APIv3 key: refused (400), nothing read.
    const otherKey = await startWechatPayStandIn({ keys: { ...standIn.keys, apiV3Key: crypto.randomBytes(16).toString('hex') } });
    const undecryptable = otherKey.buildNotification('TRANSACTION.SUCCESS', tx, 'transaction');
    await otherKey.close();
    const res = await t.request('POST', '/api/v1/payments/wechat/notify', { raw: undecryptable.body, headers: undecryptable.headers });
    expect(res.status).toBe(400);
    // Signed and encrypted right, but for another merchant or app: refused (400), nothing changes.
    for (const other of [{ mchid: '1900009999' }, { appid: 'wx-someone-else' }]) {
      const foreign = standIn.buildNotification('TRANSACTION.SUCCESS', { ...tx, ...other }, 'transaction');
      expect((await t.request('POST', '/api/v1/payments/wechat/notify', { raw: foreign.body, headers: foreign.headers })).status).toBe(400);
    }
    // Garbage is 4xx, never a 500.
    const junk = await t.request('POST', '/api/v1/payments/wechat/notify', { raw: '{"id":1}', headers: good.headers });
    expect(junk.status).toBe(400);

    expect((await Order.findById(o.id).lean())!.payment).toBeNull();
    expect((await Payment.findById(body.payment.id).lean())!.state).toBe('open');
    expect(await AuditEntry.countDocuments({ action: 'payment.notify_refused' })).toBeGreaterThanOrEqual(5);
    // A refund notification is held to the same checks.
    const refundNote = standIn.buildNotification('REFUND.SUCCESS', { mchid: standIn.keys.mchid, out_refund_no: 'rf-forged', refund_status: 'SUCCESS' }, 'refund');
    const forgedRefund = await fetch(`${t.url}/api/v1/payments/wechat/refund-notify`, { method: 'POST', headers: { ...refundNote.headers, 'Wechatpay-Signature': forgedSig.headers['Wechatpay-Signature'] }, body: refundNote.body });
    expect(forgedRefund.status).toBe(401);
    // The genuine one still counts.
    expect(await standIn.deliver(url, good)).toBe(204);
    expect((await Order.findById(o.id).lean())!.payment).toMatchObject({ method: 'wechat', receiptNo: tx.transaction_id });
  });

  it('a wrong amount is a mismatch: the order is not paid and the money goes back in full', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'jsapi' });
    await standIn.pay(body.payment.outTradeNo, { paidTotal: o.totalFen + 100 });
    const payment = (await Payment.findById(body.payment.id).lean())!;
    expect(payment).toMatchObject({ state: 'mismatch', paidFen: o.totalFen + 100 });
    expect((await Order.findById(o.id).lean())!.payment).toBeNull();
    const refunds = await until(() => Refund.find({ paymentId: payment._id }).lean(), (r) => r[0]?.state === 'success');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ reason: 'overpayment', amountFen: o.totalFen + 100, state: 'success' });
    expect(standIn.refunds.get(refunds[0]!.outRefundNo!)).toMatchObject({ status: 'SUCCESS', amount: { refund: o.totalFen + 100 } });
    // The refund's event follows its state by a moment (the notification's handler writes both).
    const types = await until(() => timelineTypes(o.id), (x) => x.includes('refund_succeeded'));
    expect(types).toEqual(expect.arrayContaining(['payment_mismatch', 'refund_requested', 'refund_succeeded']));
    expect(types).not.toContain('payment_received');
    // Still due: the customer may pay the right amount.
    expect((await payments(o.id)).body.due).toEqual([expect.objectContaining({ amountFen: o.totalFen })]);
  });
});

describe('what is due', () => {
  it('a changed amount closes the open payment first (a new quote confirmed during the work)', async () => {
    const o = await inService();
    const first = await prepay(o.id, { channel: 'jsapi' });
    expect(first.body.payment.amountFen).toBe(15_000);
    const requoted = await act(o.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 2 }] });
    expect(requoted.status).toBe(200);
    const quote = requoted.body.quotes.at(-1);
    expect((await act(o.id, `quotes/${quote.no}/confirm`, w.customer.token)).status).toBe(200);
    expect((await act(o.id, 'start', E())).status).toBe(200);
    const second = await prepay(o.id, { channel: 'jsapi' });
    expect(second.status).toBe(200);
    expect(second.body.payment).toMatchObject({ amountFen: 10_000, state: 'open' });
    expect((await Payment.findById(first.body.payment.id).lean())!.state).toBe('closed');
    expect(standIn.transactions.get(first.body.payment.outTradeNo)!.trade_state).toBe('CLOSED');
    // Paying the old amount is now impossible at WeChat Pay; the new one settles the order.
    await standIn.pay(second.body.payment.outTradeNo);
    expect((await Order.findById(o.id).lean())!.payment).toMatchObject({ amountFen: 10_000, quoteNo: quote.no });
  });

  it('the wasted-trip fee after a no-show is paid online on its own (the order’s service fee stays due later)', async () => {
    const order = await arrivedOrder(t, w, { slot: uniqueSlot(w) });
    // A visit ended as a no-show whose fee the booking screen showed (the protocol itself is tested in noShow.test.ts).
    await Order.updateOne({ _id: order.id }, { $set: { noShow: { state: 'no_show' }, noShowTerms: { feeFen: 3000, shownAtBooking: true } } });
    const due = await payments(order.id);
    expect(due.body.due).toEqual([expect.objectContaining({ purpose: 'no_show_fee', purposeLabel: '空跑费', amountFen: 3000, text: '空跑费 ¥30.00' })]);
    const res = await prepay(order.id, { channel: 'h5', purpose: 'no_show_fee' });
    expect(res.status).toBe(200);
    await standIn.pay(res.body.payment.outTradeNo);
    const stored = (await Order.findById(order.id).lean())!;
    expect(stored.feePayment).toMatchObject({ method: 'wechat', amountFen: 3000 });
    expect(stored.payment).toBeNull();
    expect((await payments(order.id)).body.due).toEqual([]);
    expect((await prepay(order.id, { channel: 'h5', purpose: 'no_show_fee' })).body.error.id).toBe('conflict');
  });

  it('money arriving for an order already paid in cash is a mismatch, refunded in full', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'jsapi' });
    expect((await act(o.id, 'payment', E(), { method: 'cash', amountFen: o.totalFen })).status).toBe(200);
    await standIn.pay(body.payment.outTradeNo);
    expect((await Payment.findById(body.payment.id).lean())!.state).toBe('mismatch');
    expect((await Order.findById(o.id).lean())!.payment).toMatchObject({ method: 'cash' });
    const refund = await until(() => Refund.findOne({ paymentId: body.payment.id }).lean(), (r) => r?.state === 'success');
    expect(refund).toMatchObject({ reason: 'overpayment', amountFen: o.totalFen });
  });

  it('the client believes no answer the platform key did not sign', async () => {
    const impostor = createWechatPayGateway({ ...gateway.settings, platformPublicKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    await gateway.h5Prepay({ outTradeNo: 'fxverify000001', description: '验签测试', totalFen: 100, clientIp: '127.0.0.1', expiresAt: new Date(Date.now() + 60_000) });
    expect(await gateway.query('fxverify000001')).toMatchObject({ trade_state: 'NOTPAY' });
    // Signed by the stand-in's platform key, which the impostor client does not hold as WeChat Pay's: refused.
    await expect(impostor.query('fxverify000001')).rejects.toMatchObject({ id: 'upstream_unavailable' });
    const unsigned = createWechatPayGateway({ ...gateway.settings, merchantSerial: 'ABCDEF0123456789' });
    await expect(unsigned.query('fxnotthere0001')).rejects.toMatchObject({ id: 'upstream_unavailable', message: expect.stringContaining('SIGN_ERROR') });
    expect(await gateway.query('fxnotthere0001')).toBeNull();
  });
});

describe('the sweeper (manual clock)', () => {
  it('a lost notification: the query marks the order paid once the payment is a few minutes old', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'jsapi' });
    await standIn.pay(body.payment.outTradeNo, { notify: false });
    await sweepPayments(payDeps());
    expect((await Order.findById(o.id).lean())!.payment).toBeNull();
    await sweepPayments(payDeps(4));
    expect((await Order.findById(o.id).lean())!.payment).toMatchObject({ method: 'wechat', amountFen: o.totalFen });
    expect((await Payment.findById(body.payment.id).lean())!.state).toBe('paid');
    expect((await timelineTypes(o.id)).filter((x) => x === 'payment_received')).toHaveLength(1);
  });

  it('an unpaid payment past its expiry is closed at WeChat Pay and here; the customer can start again', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'h5' });
    await sweepPayments(payDeps(31));
    expect((await Payment.findById(body.payment.id).lean())!.state).toBe('closed');
    expect(standIn.transactions.get(body.payment.outTradeNo)!.trade_state).toBe('CLOSED');
    expect(await timelineTypes(o.id)).toContain('payment_closed');
    const fresh = await prepay(o.id, { channel: 'h5' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.payment.outTradeNo).not.toBe(body.payment.outTradeNo);
  });

  it('sync after paying asks WeChat Pay at once', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'jsapi' });
    await standIn.pay(body.payment.outTradeNo, { notify: false });
    const res = await act(o.id, 'payments/sync', w.customer.token);
    expect(res.status).toBe(200);
    expect(res.body.payments[0]).toMatchObject({ state: 'paid', paidFen: o.totalFen });
  });
});

describe('refunds', () => {
  async function paidOrder() {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'jsapi' });
    await standIn.pay(body.payment.outTradeNo);
    expect((await Order.findById(o.id).lean())!.payment).not.toBeNull();
    return { ...o, paymentId: body.payment.id as string, outTradeNo: body.payment.outTradeNo as string };
  }

  it('concurrent refund requests never add up to more than was paid', async () => {
    const o = await paidOrder();
    const each = 4000; // ¥150 paid: three of ¥40 fit, the rest do not
    const answers = await Promise.all(Array.from({ length: 6 }, () => act(o.id, 'refunds', w.tokens.manager, { reason: 'overpayment', amountFen: each })));
    const ok = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(ok).toHaveLength(Math.floor(o.totalFen / each));
    expect(refused.every((a) => a.body.error.id === 'refund_exceeds_paid')).toBe(true);
    const p = (await Payment.findById(o.paymentId).lean())!;
    expect(p.refundedFen).toBe(ok.length * each);
    expect(p.refundableFen).toBe(o.totalFen - ok.length * each);
    const atWechat = [...standIn.refunds.values()].filter((r) => r.out_trade_no === o.outTradeNo).reduce((s, r) => s + r.amount.refund, 0);
    expect(atWechat).toBeLessThanOrEqual(o.totalFen);
    const settled = await until(() => Refund.find({ paymentId: p._id }).lean(), (rs) => rs.length === ok.length && rs.every((r) => r.state === 'success'));
    expect(settled.map((r) => r.state)).toEqual(ok.map(() => 'success'));
    // Staff only, their own outlet; bad input names the field.
    expect((await act(o.id, 'refunds', w.tokens.otherManager, { reason: 'overpayment', amountFen: 1 })).status).toBe(404);
    expect((await act(o.id, 'refunds', w.customer.token, { reason: 'overpayment', amountFen: 1 })).status).toBe(403);
    const bad = await act(o.id, 'refunds', w.tokens.manager, { reason: 'overpayment', amountFen: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('amountFen');
  });

  it('compensation approved above the cap is refunded against the online payment; what exceeds it is owed in cash', async () => {
    const o = await paidOrder();
    const cap = DEFAULT_SETTINGS.complaintCompensationCapFen;
    const compensation = Math.max(cap + 100, o.totalFen + 500);
    const filed = await t.request('POST', `/api/v1/orders/${o.id}/complaints`, { token: w.customer.token, body: { category: 'damage', text: '师傅搬动空调时把我家的木地板砸坏了一大块。' } });
    expect(filed.status).toBe(201);
    const c = (step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/complaints/${filed.body.id}/${step}`, { token, ...(body ? { body } : {}) });
    expect((await c('acknowledge', w.tokens.manager)).status).toBe(200);
    expect((await c('investigate', w.tokens.manager)).status).toBe(200);
    expect((await c('resolve', w.tokens.manager, { resolution: '经核实属实，赔偿地板维修费用', compensationFen: compensation })).status).toBe(200);
    // Waiting for approval: nothing is refunded yet.
    expect(await Refund.countDocuments({ orderId: o.id })).toBe(0);
    expect((await c('approve', w.tokens.admin)).status).toBe(200);
    // Sent to WeChat Pay at once by the approval (the job retries what it does not take).
    const made = await Refund.find({ orderId: o.id }).sort({ amountFen: -1 }).lean();
    expect(made.map((r) => [r.paymentId ? 'wechat' : r.state, r.amountFen])).toEqual(
      [
        ['wechat', o.totalFen],
        ['owed_cash', compensation - o.totalFen],
      ].sort((a, b) => (b[1] as number) - (a[1] as number)),
    );
    expect(made.find((r) => r.paymentId)!.state).not.toBe('queued');
    expect(standIn.refunds.get(made.find((r) => r.paymentId)!.outRefundNo!)).toMatchObject({ amount: { refund: o.totalFen } });
    const done = await until(() => Refund.findOne({ orderId: o.id, paymentId: { $ne: null } }).lean(), (r) => r?.state === 'success');
    expect(done).toMatchObject({ reason: 'complaint_compensation', amountFen: o.totalFen, state: 'success' });
    const view = await payments(o.id);
    expect(view.body).toMatchObject({ refundedFen: o.totalFen, owedCashFen: compensation - o.totalFen });
    expect(view.body.refunds.map((r: { text: string }) => r.text)).toEqual(
      expect.arrayContaining([`投诉赔偿 ¥${(o.totalFen / 100).toFixed(2)}，已退回您的微信。`, `投诉赔偿 ¥${((compensation - o.totalFen) / 100).toFixed(2)}，由网点以现金或转账方式付给您。`]),
    );
    expect(await until(() => timelineTypes(o.id), (x) => x.includes('refund_succeeded'))).toEqual(expect.arrayContaining(['complaint_resolved', 'refund_requested', 'refund_succeeded', 'compensation_owed']));
    // Running the job again changes nothing.
    await sweepPayments(payDeps());
    expect(await Refund.countDocuments({ orderId: o.id })).toBe(2);
  });
});

describe('cash and reconciliation', () => {
  it('cash is still recorded by the engineer; an open online payment is then closed by the job', async () => {
    const o = await inService();
    const { body } = await prepay(o.id, { channel: 'h5' });
    const cash = await act(o.id, 'payment', E(), { method: 'cash', amountFen: o.totalFen });
    expect(cash.status).toBe(200);
    expect(cash.body.payment).toMatchObject({ method: 'cash', amountFen: o.totalFen });
    await sweepPayments(payDeps(4));
    expect((await Payment.findById(body.payment.id).lean())!.state).toBe('closed');
    // Nothing is left to pay online.
    expect((await prepay(o.id, { channel: 'h5' })).body.error.id).toBe('conflict');
  });

  it('the day’s payments, refunds and mismatches: platform admin all, a manager only his outlet', async () => {
    const day = (await Payment.findOne({}).sort({ createdAt: -1 }).lean())!.day;
    const admin = await t.request('GET', `/api/v1/payments/reconciliation?day=${day}`, { token: w.tokens.admin });
    expect(admin.status).toBe(200);
    expect(admin.body.totals.paidCount).toBeGreaterThan(0);
    expect(admin.body.checkedRemote).toBeGreaterThan(0);
    expect(admin.body.issues.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['amount_mismatch', 'owed_cash']));
    expect(admin.body.issues.every((i: { text: string }) => /[\u4e00-\u9fa5]/.test(i.text))).toBe(true);
    const mine = await t.request('GET', `/api/v1/payments/reconciliation?day=${day}`, { token: w.tokens.manager });
    expect(mine.body.payments.length).toBe(admin.body.payments.filter((r: { outletId: string }) => r.outletId === w.outlet.id).length);
    const other = await t.request('GET', `/api/v1/payments/reconciliation?day=${day}`, { token: w.tokens.otherManager });
    expect(other.body.payments).toEqual([]);
    // Money WeChat Pay holds that the order does not show (here: the order's mark lost) is listed.
    const paid = (await Payment.findOne({ state: 'paid', purpose: 'service' }).sort({ createdAt: -1 }).lean())!;
    await Order.updateOne({ _id: paid.orderId }, { $set: { payment: null } });
    const again = await t.request('GET', `/api/v1/payments/reconciliation?day=${paid.day}`, { token: w.tokens.admin });
    expect(again.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'paid_not_marked', paymentId: String(paid._id), label: '已付款但订单未记为已付' })]));
    const bad = await t.request('GET', '/api/v1/payments/reconciliation?day=2026-02-30', { token: w.tokens.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('query.day');
  });
});

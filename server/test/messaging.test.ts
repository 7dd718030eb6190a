import { Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMS_MESSAGES, smsText } from '@fangxin/shared';
import { createLogger } from '../src/logger';
import { createDeps } from '../src/deps';
import { createHttpSms } from '../src/modules/auth/sms';
import { createLogChannel } from '../src/modules/notifications/channels';
import { MessageDelivery, SubscribeConsent } from '../src/modules/notifications/messagingModel';
import { notify } from '../src/modules/notifications/service';
import { createSmsChannel } from '../src/modules/notifications/smsChannel';
import { createWechatSubscribeChannel, createWechatSubscribeClient } from '../src/modules/notifications/wechatSubscribe';
import { User } from '../src/modules/users/model';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { attemptOnce, recipientOf } from '../src/modules/notifications/delivery';
import { DELIVERY_INTERRUPTED_AFTER_MS } from '@fangxin/shared';
import { dropTestDatabase, startTestServer, testConfig, type TestServer } from './harness';
import { arrivedOrder, book, buildWorld, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { startStandIn, type StandIn } from './standins';

/**
 * Messages that reach people (issue 19.1), against local stand-ins that answer like the real services:
 * - WeChat (api.weixin.qq.com): access tokens, and subscribeMessage.send that delivers only while WeChat holds a
 *   one-time subscription of that user for that template (granted when the user taps 允许; one per message), else
 *   43101; 47003 for the openid `o_bad_data`.
 * - the SMS gateway: 200 `{ code: 'OK' }`, or 200 `{ code: 'isv.BUSINESS_LIMIT_CONTROL' }` for the phone marked limited.
 */
const TEMPLATES = { order_on_the_way: 'tmpl-way', order_quoted: 'tmpl-quote', order_completed: 'tmpl-done', quote_confirmed: 'tmpl-qc', order_dispatched: 'tmpl-dispatch' };

let wechat: StandIn;
let sms: StandIn;
let t: TestServer;
let w: OrderWorld;
/** WeChat's side of the one-time subscriptions, `openid|template` → messages left. */
const wechatSubscriptions = new Map<string, number>();
let limitedPhone = '';

const sends = () => wechat.requests.filter((r) => r.url.pathname === '/cgi-bin/message/subscribe/send').map((r) => JSON.parse(r.body) as { touser: string; template_id: string });
const texts = () => sms.requests.map((r) => JSON.parse(r.body) as { phone: string; template: string; params: Record<string, string> });

beforeAll(async () => {
  wechat = await startStandIn(({ url, body }) => {
    if (url.pathname === '/cgi-bin/token') return { json: { access_token: 'tok', expires_in: 7200 } };
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      const { touser, template_id } = JSON.parse(body) as { touser: string; template_id: string };
      if (touser === 'o_bad_data') return { json: { errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' } };
      const key = `${touser}|${template_id}`;
      const left = wechatSubscriptions.get(key) ?? 0;
      if (left <= 0) return { json: { errcode: 43101, errmsg: 'user refuse to accept the msg' } };
      wechatSubscriptions.set(key, left - 1);
      return { json: { errcode: 0, errmsg: 'ok' } };
    }
    return { status: 404 };
  });
  sms = await startStandIn(({ body }) => {
    const { phone } = JSON.parse(body) as { phone: string };
    return { json: phone === limitedPhone ? { code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发号码天级流控' } : { code: 'OK', requestId: 'r-1' } };
  });
  const env = { WECHAT_APPID: 'wx-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: wechat.url, WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES) };
  const logger = createLogger('silent');
  // The real clients against the stand-ins; sign-in codes stay on the console sender so the test world can sign in.
  const wechatChannel = createWechatSubscribeChannel({ client: createWechatSubscribeClient({ baseUrl: wechat.url, appId: 'wx-app', secret: 'wx-secret' }), templates: TEMPLATES, logger });
  const smsChannel = createSmsChannel({ sender: createHttpSms({ url: sms.url }), logger });
  t = await startTestServer({ env, deps: { channels: [createLogChannel(logger), wechatChannel, smsChannel] } });
  w = await buildWorld(t);
}, 120_000);

beforeEach(() => {
  wechat.requests.length = 0;
  sms.requests.length = 0;
  wechatSubscriptions.clear();
  limitedPhone = '';
});

afterAll(async () => {
  await t?.close();
  await wechat?.close();
  await sms?.close();
  await dropTestDatabase();
});

let openIds = 0;
/** Gives the account a WeChat openid (the customer signed in with WeChat too), returning it. */
async function withOpenId(userId: string): Promise<string> {
  const openId = `o_user_${++openIds}_${Date.now()}`;
  await User.updateOne({ _id: userId }, { $set: { wechatOpenId: openId } });
  return openId;
}

/** The user taps 允许 for these templates: WeChat records it, and the mini-program reports it to the server. */
async function accept(token: string, openId: string, templateIds: string[]) {
  for (const id of templateIds) wechatSubscriptions.set(`${openId}|${id}`, (wechatSubscriptions.get(`${openId}|${id}`) ?? 0) + 1);
  const res = await t.request('POST', '/api/v1/me/subscribe-consents', { token, body: { results: templateIds.map((templateId) => ({ templateId, result: 'accept' })) } });
  expect(res.status).toBe(200);
  return res.body as { consents: Array<{ templateId: string; remaining: number }> };
}

const records = (filter: Record<string, unknown>) => MessageDelivery.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
const orderRef = () => new Types.ObjectId().toHexString();

describe('subscribe templates and consent', () => {
  it('publishes the template ids per message type and per consent moment', async () => {
    const res = await t.request('GET', '/api/v1/messaging/subscribe-templates');
    expect(res.status).toBe(200);
    expect(res.body.templates).toEqual(expect.arrayContaining([{ event: 'order_quoted', templateId: 'tmpl-quote' }]));
    expect(res.body.moments).toEqual({ booked: ['tmpl-way', 'tmpl-quote', 'tmpl-done'], quote_waiting: ['tmpl-quote', 'tmpl-done'], engineer_departed: ['tmpl-qc', 'tmpl-dispatch'], maintenance: [] });
  });

  it('counts one message per accept, none per reject, and refuses a template this service does not use, naming it', async () => {
    const { token } = w.stranger;
    const first = await t.request('POST', '/api/v1/me/subscribe-consents', {
      token,
      body: { results: [{ templateId: 'tmpl-way', result: 'accept' }, { templateId: 'tmpl-done', result: 'reject' }] },
    });
    expect(first.status).toBe(200);
    await t.request('POST', '/api/v1/me/subscribe-consents', { token, body: { results: [{ templateId: 'tmpl-way', result: 'accept' }] } });
    const again = await t.request('POST', '/api/v1/me/subscribe-consents', { token, body: { results: [{ templateId: 'tmpl-way', result: 'filter' }] } });
    expect(again.body.consents).toEqual([{ templateId: 'tmpl-done', remaining: 0 }, { templateId: 'tmpl-way', remaining: 2 }]);

    const before = await SubscribeConsent.countDocuments();
    const bad = await t.request('POST', '/api/v1/me/subscribe-consents', { token, body: { results: [{ templateId: 'tmpl-way', result: 'accept' }, { templateId: 'tmpl-other', result: 'accept' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'results.1.templateId', message: expect.any(String) }]);
    expect(await SubscribeConsent.countDocuments()).toBe(before);
    expect((await SubscribeConsent.findOne({ userId: w.stranger.id, templateId: 'tmpl-way' }).lean())!.remaining).toBe(2);

    const wrongAnswer = await t.request('POST', '/api/v1/me/subscribe-consents', { token, body: { results: [{ templateId: 'tmpl-way', result: 'yes' }] } });
    expect(wrongAnswer.status).toBe(400);
    expect(wrongAnswer.body.error.fields[0].path).toBe('results.0.result');
  });

  it('only signed-in customers and engineers report consent', async () => {
    expect((await t.request('POST', '/api/v1/me/subscribe-consents', { body: { results: [{ templateId: 'tmpl-way', result: 'accept' }] } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/me/subscribe-consents', { token: w.tokens.manager, body: { results: [{ templateId: 'tmpl-way', result: 'accept' }] } })).status).toBe(403);
  });
});

describe('WeChat subscribe messages spend consent', () => {
  it('spends one consent per message: the first is sent, the second finds none and WeChat is not called', async () => {
    const { id, token } = await freshCustomer();
    const openId = await withOpenId(id);
    await accept(token, openId, ['tmpl-way']);
    const orderId = orderRef();
    await notify(t.clock, [id], { type: 'order_on_the_way', title: '工程师已出发', body: '请保持电话畅通', orderId });
    await notify(t.clock, [id], { type: 'order_on_the_way', title: '工程师已出发', body: '请保持电话畅通', orderId });

    expect(sends()).toHaveLength(1);
    expect(sends()[0]).toMatchObject({ touser: openId, template_id: 'tmpl-way' });
    const rows = await records({ userId: new Types.ObjectId(id), channel: 'wechat_subscribe' });
    expect(rows.map((r) => [r.outcome, r.providerCode])).toEqual([['sent', null], ['no_consent', null]]);
    expect(rows[0]).toMatchObject({ event: 'order_on_the_way', templateId: 'tmpl-way', title: '工程师已出发' });
    expect(String(rows[0]!.orderId)).toBe(orderId);
    expect((await SubscribeConsent.findOne({ userId: id, templateId: 'tmpl-way' }).lean())!.remaining).toBe(0);
  });

  it('with no consent at all records no_consent and never calls WeChat', async () => {
    const { id } = await freshCustomer();
    await withOpenId(id);
    await notify(t.clock, [id], { type: 'order_quoted', title: '请确认报价', body: '确认后工程师才会开工', orderId: orderRef() });
    expect(sends()).toHaveLength(0);
    expect((await records({ userId: new Types.ObjectId(id), channel: 'wechat_subscribe' })).map((r) => r.outcome)).toEqual(['no_consent']);
  });

  it('concurrent messages never spend more consents than were given', async () => {
    const { id, token } = await freshCustomer();
    const openId = await withOpenId(id);
    await accept(token, openId, ['tmpl-done']);
    await accept(token, openId, ['tmpl-done']);
    await Promise.all(Array.from({ length: 5 }, () => notify(t.clock, [id], { type: 'order_completed', title: '服务已完工', body: '请确认', orderId: orderRef() })));
    expect(sends()).toHaveLength(2);
    const outcomes = (await records({ userId: new Types.ObjectId(id), channel: 'wechat_subscribe' })).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['no_consent', 'no_consent', 'no_consent', 'sent', 'sent']);
  });

  it('records WeChat’s refusal with its code, gives the unused consent back, and never fails the caller', async () => {
    const { id, token } = await freshCustomer();
    await User.updateOne({ _id: id }, { $set: { wechatOpenId: 'o_bad_data' } });
    await accept(token, 'o_bad_data', ['tmpl-quote']);
    await expect(notify(t.clock, [id], { type: 'order_quoted', title: '请确认报价', body: 'b', orderId: orderRef() })).resolves.toBeUndefined();
    expect(sends()).toHaveLength(1);
    const [row] = await records({ userId: new Types.ObjectId(id), channel: 'wechat_subscribe' });
    expect(row).toMatchObject({ outcome: 'provider_error', providerCode: '47003' });
    expect((await SubscribeConsent.findOne({ userId: id, templateId: 'tmpl-quote' }).lean())!.remaining).toBe(1);
    await User.updateOne({ _id: id }, { $unset: { wechatOpenId: 1 } });
  });

  it('when WeChat says 43101 although a consent was counted, records no_consent with the code and resets the count', async () => {
    const { id, token } = await freshCustomer();
    const openId = await withOpenId(id);
    // Reported to the server, but WeChat never registered it.
    await t.request('POST', '/api/v1/me/subscribe-consents', { token, body: { results: [{ templateId: 'tmpl-way', result: 'accept' }] } });
    await notify(t.clock, [id], { type: 'order_on_the_way', title: '工程师已出发', body: 'b', orderId: orderRef() });
    expect(sends().map((s) => s.touser)).toEqual([openId]);
    const [row] = await records({ userId: new Types.ObjectId(id), channel: 'wechat_subscribe' });
    expect(row).toMatchObject({ outcome: 'no_consent', providerCode: '43101' });
    expect((await SubscribeConsent.findOne({ userId: id, templateId: 'tmpl-way' }).lean())!.remaining).toBe(0);
  });

  it('never sends one message twice on a channel, whoever delivers it again', async () => {
    const { id, token } = await freshCustomer();
    const openId = await withOpenId(id);
    await accept(token, openId, ['tmpl-way']);
    await accept(token, openId, ['tmpl-way']);
    const logger = createLogger('silent');
    const channel = createWechatSubscribeChannel({ client: createWechatSubscribeClient({ baseUrl: wechat.url, appId: 'wx-app', secret: 'wx-secret' }), templates: TEMPLATES, logger });
    const message = { userId: id, type: 'order_on_the_way', title: '工程师已出发', body: 'b', orderId: orderRef(), notificationId: new Types.ObjectId().toHexString() };
    await Promise.all([channel.deliver(message), channel.deliver(message), channel.deliver(message)]);
    expect(sends()).toHaveLength(1);
    expect(await MessageDelivery.countDocuments({ key: message.notificationId })).toBe(1);
    expect((await SubscribeConsent.findOne({ userId: id, templateId: 'tmpl-way' }).lean())!.remaining).toBe(1);
  });

  it('an engineer’s consent, asked when departing, covers their next message', async () => {
    const engineer = await User.findOne({ engineerId: w.engineers[1]!.engineerId }).lean();
    const openId = await withOpenId(String(engineer!._id));
    await accept(w.engineers[1]!.token, openId, ['tmpl-qc']);
    await notify(t.clock, [String(engineer!._id)], { type: 'quote_confirmed', title: '客户已确认报价', body: 'b', orderId: orderRef() });
    expect(sends()).toEqual([expect.objectContaining({ touser: openId, template_id: 'tmpl-qc' })]);
  });
});

describe('channel choice', () => {
  it('shows the inbox always on and each channel’s availability; a customer turns WeChat and SMS off and on', async () => {
    const c = await freshCustomer();
    const initial = await t.request('GET', '/api/v1/me/message-channels', { token: c.token });
    expect(initial.body).toEqual({ inApp: { on: true }, wechatSubscribe: { on: true, available: false }, sms: { on: true, available: true } });
    const off = await t.request('PUT', '/api/v1/me/message-channels', { token: c.token, body: { sms: false } });
    expect(off.body.sms).toEqual({ on: false, available: true });
    expect(off.body.wechatSubscribe.on).toBe(true);
    const both = await t.request('PUT', '/api/v1/me/message-channels', { token: c.token, body: { wechatSubscribe: false } });
    expect(both.body).toMatchObject({ wechatSubscribe: { on: false }, sms: { on: false } });
    expect((await t.request('PUT', '/api/v1/me/message-channels', { token: c.token, body: {} })).status).toBe(400);
    const unknown = await t.request('PUT', '/api/v1/me/message-channels', { token: c.token, body: { inApp: false } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('inApp');
    expect((await t.request('GET', '/api/v1/me/message-channels', { token: w.tokens.manager })).status).toBe(403);
  });

  it('a channel turned off is recorded channel_off: no consent spent, no provider called', async () => {
    const c = await freshCustomer();
    const openId = await withOpenId(c.id);
    await accept(c.token, openId, ['tmpl-way']);
    await t.request('PUT', '/api/v1/me/message-channels', { token: c.token, body: { wechatSubscribe: false, sms: false } });
    await notify(t.clock, [c.id], { type: 'order_on_the_way', title: '工程师已出发', body: 'b', orderId: orderRef() });
    expect(sends()).toHaveLength(0);
    expect(texts()).toHaveLength(0);
    const rows = await records({ userId: new Types.ObjectId(c.id) });
    expect(rows.map((r) => [r.channel, r.outcome]).sort()).toEqual([['sms', 'channel_off'], ['wechat_subscribe', 'channel_off']]);
    expect((await SubscribeConsent.findOne({ userId: c.id, templateId: 'tmpl-way' }).lean())!.remaining).toBe(1);
  });
});

describe('SMS for the key events, and the order’s messages for staff', () => {
  it('texts the H5 customer on the way, quote waiting, work completed and complaint answered; the manager sees every attempt', async () => {
    const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
    const E = w.engineers[0]!.token;
    const order = await arrivedOrder(t, w, { slot: uniqueSlot(w) });
    const quote = await act(order.id, 'quotes', E, { items: [{ code: TEST_ITEMS.labour, quantity: 1 }, { code: TEST_ITEMS.fee, quantity: 1 }], totalFen: 1 });
    expect(quote.status).toBe(200);
    expect((await act(order.id, `quotes/${quote.body.quotes.at(-1).no}/confirm`, w.customer.token)).status).toBe(200);
    expect((await act(order.id, 'start', E)).status).toBe(200);
    const photo = await upload(t, E, { kind: 'report_photo', orderId: order.id });
    const signature = await upload(t, E, { kind: 'signature', orderId: order.id });
    expect((await act(order.id, 'report', E, { diagnosis: '冷媒不足', actions: '补充冷媒，试机正常', partsUsed: [], photoIds: [photo.body.id], signatureId: signature.body.id })).status).toBe(200);
    expect((await act(order.id, 'payment', E, { method: 'cash', amountFen: 5000 })).status).toBe(200);
    expect((await act(order.id, 'complete', E)).status).toBe(200);

    const complaint = await t.request('POST', `/api/v1/orders/${order.id}/complaints`, { token: w.customer.token, body: { category: 'attitude', text: '工程师上门迟到一个小时，也没有提前打电话说明。' } });
    expect(complaint.status).toBe(201);
    const step = (s: string, body?: unknown) => t.request('POST', `/api/v1/complaints/${complaint.body.id}/${s}`, { token: w.tokens.manager, ...(body ? { body } : {}) });
    expect((await step('acknowledge')).status).toBe(200);
    expect((await step('investigate')).status).toBe(200);
    expect((await step('resolve', { resolution: '已向客户道歉，并对工程师进行守时培训', compensationFen: 0 })).status).toBe(200);

    const orderNo: string = order.orderNo;
    const mine = texts().filter((m) => m.phone === w.customer.phone);
    expect(mine.map((m) => m.template)).toEqual([SMS_MESSAGES.order_on_the_way.template, SMS_MESSAGES.order_quoted.template, SMS_MESSAGES.order_completed.template, SMS_MESSAGES.complaint_resolved.template]);
    expect(mine.every((m) => m.params.orderNo === orderNo)).toBe(true);
    expect(smsText('order_quoted', { orderNo })).toContain(orderNo);

    const seen = await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: w.tokens.manager });
    expect(seen.status).toBe(200);
    const smsRows = seen.body.items.filter((i: { channel: string }) => i.channel === 'sms');
    expect(smsRows.map((i: { event: string }) => i.event).sort()).toEqual(['complaint_resolved', 'order_completed', 'order_on_the_way', 'order_quoted']);
    expect(smsRows.every((i: { outcome: string; recipient: { role: string } }) => i.outcome === 'sent' && i.recipient.role === 'customer')).toBe(true);
    expect(smsRows[0].title).toBeTruthy();

    expect((await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: w.tokens.admin })).status).toBe(200);
    const other = await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: w.tokens.otherManager });
    expect(other.status).toBe(404);
    expect((await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: w.customer.token })).status).toBe(403);
    expect((await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: E })).status).toBe(403);
  }, 60_000);

  it('records the gateway’s refusal with its code and the business action still succeeds', async () => {
    const c = await freshCustomer();
    limitedPhone = c.phone;
    await expect(notify(t.clock, [c.id], { type: 'order_completed', title: '服务已完工', body: 'b', orderId: orderRef() })).resolves.toBeUndefined();
    expect(texts()).toHaveLength(1);
    const [row] = await records({ userId: new Types.ObjectId(c.id), channel: 'sms' });
    expect(row).toMatchObject({ outcome: 'provider_error', providerCode: 'isv.BUSINESS_LIMIT_CONTROL' });
  });

  it('records an unreachable gateway, sends no SMS for other events or to staff', async () => {
    const c = await freshCustomer();
    const logger = createLogger('silent');
    const down = createSmsChannel({ sender: createHttpSms({ url: 'http://127.0.0.1:9/sms', timeoutMs: 1000 }), logger });
    await down.deliver({ userId: c.id, type: 'order_quoted', title: '请确认报价', body: 'b', orderId: orderRef() });
    expect((await records({ userId: new Types.ObjectId(c.id), channel: 'sms' }))[0]).toMatchObject({ outcome: 'provider_error', providerCode: 'unreachable' });

    await notify(t.clock, [c.id], { type: 'order_accepted', title: '工程师已接单', body: 'b', orderId: orderRef() });
    const managerId = (await User.findOne({ username: w.usernames.manager }).lean())!._id;
    await User.updateOne({ _id: managerId }, { $set: { phone: '13900000077' } });
    await notify(t.clock, [String(managerId)], { type: 'order_completed', title: '服务已完工', body: 'b', orderId: orderRef() });
    expect(texts()).toHaveLength(0);
    await User.updateOne({ _id: managerId }, { $unset: { phone: 1 } });
  });
});

describe('an attempt cut off mid-send', () => {
  it('is marked interrupted by the sweep once it is old enough, shown in the order’s messages, and never overwrites an outcome', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const deps = { clock: t.clock, logger: createLogger('silent') };
    const recipient = (await recipientOf(w.customer.id))!;
    const message = (n: number) => ({ userId: w.customer.id, type: 'order_quoted', title: `请确认报价 ${n}`, body: 'b', orderId: order.id, notificationId: `cut-${order.id}-${n}` });
    // The provider never answers (the process stops here): the claim stays pending.
    void attemptOnce(deps, 'sms', message(1), recipient, null, () => new Promise(() => undefined));
    // Another attempt finishes normally.
    await attemptOnce(deps, 'sms', message(2), recipient, null, async () => ({ outcome: 'sent' }));
    await expect.poll(() => MessageDelivery.countDocuments({ orderId: new Types.ObjectId(order.id) })).toBe(2);

    const sweep = () => runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'messaging.interrupted_sweep')!, t.clock, 'a');
    await sweep();
    expect(await MessageDelivery.findOne({ key: `cut-${order.id}-1` }).lean()).toMatchObject({ outcome: 'pending' });
    let seen = await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: w.tokens.manager });
    expect(seen.body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['sent']);

    t.clock.advance(DELIVERY_INTERRUPTED_AFTER_MS + 60_000);
    await sweep();
    expect(await MessageDelivery.findOne({ key: `cut-${order.id}-1` }).lean()).toMatchObject({ outcome: 'interrupted' });
    expect(await MessageDelivery.findOne({ key: `cut-${order.id}-2` }).lean()).toMatchObject({ outcome: 'sent' });
    seen = await t.request('GET', `/api/v1/orders/${order.id}/messages`, { token: w.tokens.manager });
    expect(seen.body.items.map((i: { outcome: string }) => i.outcome).sort()).toEqual(['interrupted', 'sent']);
  });
});

describe('wiring', () => {
  it('createDeps always has the SMS channel, and WeChat’s only when configured', () => {
    const names = (env: Record<string, string>) => createDeps(testConfig(env), createLogger('silent')).channels.map((c) => c.name);
    expect(names({})).toEqual(['log', 'sms']);
    expect(names({ WECHAT_APPID: 'a', WECHAT_SECRET: 's', WECHAT_SUBSCRIBE_TEMPLATES: '{"order_quoted":"t"}' })).toEqual(['log', 'wechat_subscribe', 'sms']);
  });
});

let customers = 0;
/** A customer signed in by phone (the H5 app), with no order of their own. */
async function freshCustomer() {
  const phone = `1380000${String(++customers).padStart(4, '0')}`;
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  const { currentConsent } = await import('@fangxin/shared');
  const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } });
  expect(res.status).toBe(200);
  return { token: res.body.accessToken as string, id: res.body.user.id as string, phone };
}

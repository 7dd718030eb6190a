import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/lib/clock';
import type { Logger } from '../src/logger';
import { createLogger } from '../src/logger';
import { ConfigError } from '../src/config';
import { createDeps } from '../src/deps';
import { User } from '../src/modules/users/model';
import { SubscribeConsent } from '../src/modules/notifications/messagingModel';
import { notify } from '../src/modules/notifications/service';
import { createWechatSubscribeChannel, createWechatSubscribeClient } from '../src/modules/notifications/wechatSubscribe';
import { connectTestDatabase, dropTestDatabase, startTestServer, testConfig } from './harness';
import { startStandIn, type StandIn } from './standins';

/**
 * A stand-in for api.weixin.qq.com: issues access tokens, accepts only the latest one, and answers sends by openid
 * the way WeChat does (43101 for a user who has not subscribed, 47003 for bad data).
 */
let wechat: StandIn;
let currentToken = '';
let tokenCalls = 0;
let expiresIn = 7200;

const SEND_ANSWERS: Record<string, { errcode: number; errmsg: string }> = {
  o_not_subscribed: { errcode: 43101, errmsg: 'user refuse to accept the msg' },
  o_bad_data: { errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' },
};

const tokenRequests = () => wechat.requests.filter((r) => r.url.pathname === '/cgi-bin/token');
const sendRequests = () => wechat.requests.filter((r) => r.url.pathname === '/cgi-bin/message/subscribe/send');

beforeAll(async () => {
  await connectTestDatabase();
  wechat = await startStandIn(({ method, url, body }) => {
    if (url.pathname === '/cgi-bin/token') {
      if (method !== 'GET' || url.searchParams.get('grant_type') !== 'client_credential' || url.searchParams.get('appid') !== 'wx-app' || url.searchParams.get('secret') !== 'wx-secret') {
        return { json: { errcode: 40013, errmsg: 'invalid appid' } };
      }
      tokenCalls++;
      currentToken = `tok-${tokenCalls}`;
      return { json: { access_token: currentToken, expires_in: expiresIn } };
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      if (url.searchParams.get('access_token') !== currentToken) return { json: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
      const { touser } = JSON.parse(body) as { touser: string };
      return { json: SEND_ANSWERS[touser] ?? { errcode: 0, errmsg: 'ok' } };
    }
    return { status: 404 };
  });
});
beforeEach(() => {
  wechat.requests.length = 0;
  currentToken = '';
  tokenCalls = 0;
  expiresIn = 7200;
});
afterAll(async () => {
  await wechat.close();
  await dropTestDatabase();
});

const newClient = (clock = new ManualClock()) => createWechatSubscribeClient({ baseUrl: wechat.url, appId: 'wx-app', secret: 'wx-secret', clock });
const message = (touser: string) => ({ touser, templateId: 'tmpl-dispatched', page: 'pages/index/index', data: { thing1: { value: '新派单' } } });

function spyLogger() {
  const logger = { warn: vi.fn(), debug: vi.fn(), info: vi.fn(), error: vi.fn() };
  return logger as typeof logger & Logger;
}

/** A customer (with a WeChat openid, or a phone only) who has tapped 允许 once for each template these tests use. */
async function customerWithOpenId(openid: string | null) {
  const user = await User.create({ role: 'customer', name: '微信用户', ...(openid ? { wechatOpenId: `${openid}` } : { phone: `136${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}` }) });
  await SubscribeConsent.insertMany(['tmpl-dispatched', 'tmpl-arrived', 'tmpl-accepted'].map((templateId) => ({ userId: user._id, templateId, remaining: 1, accepted: 1, updatedAt: new Date() })));
  return String(user._id);
}

describe('WeChat subscribe-message client', () => {
  it('fetches one access token for two sends and posts touser, template_id, page and data', async () => {
    const client = newClient();
    expect(await client.send(message('o_alice'))).toEqual({ status: 'sent' });
    expect(await client.send(message('o_bob'))).toEqual({ status: 'sent' });

    expect(tokenRequests()).toHaveLength(1);
    const sends = sendRequests();
    expect(sends).toHaveLength(2);
    expect(sends[0]!.method).toBe('POST');
    expect(sends[0]!.url.searchParams.get('access_token')).toBe('tok-1');
    expect(sends[0]!.headers['content-type']).toContain('application/json');
    expect(JSON.parse(sends[0]!.body)).toEqual({
      touser: 'o_alice',
      template_id: 'tmpl-dispatched',
      page: 'pages/index/index',
      data: { thing1: { value: '新派单' } },
      lang: 'zh_CN',
    });
  });

  it('shares one token fetch between concurrent first sends', async () => {
    const client = newClient();
    const results = await Promise.all([client.send(message('o_a')), client.send(message('o_b')), client.send(message('o_c'))]);
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('fetches a new token when WeChat answers 40001 and retries the send once', async () => {
    const client = newClient();
    await client.send(message('o_alice'));
    currentToken = 'rotated-elsewhere'; // another server fetched a token, which invalidates ours

    expect(await client.send(message('o_alice'))).toEqual({ status: 'sent' });
    expect(tokenRequests()).toHaveLength(2);
    expect(sendRequests().map((r) => r.url.searchParams.get('access_token'))).toEqual(['tok-1', 'tok-1', 'tok-2']);
  });

  it('gives up after that one retry when the new token is refused too', async () => {
    const stubborn = await startStandIn(({ url }) =>
      url.pathname === '/cgi-bin/token' ? { json: { access_token: 'never-accepted', expires_in: 7200 } } : { json: { errcode: 42001, errmsg: 'access_token expired' } },
    );
    try {
      const client = createWechatSubscribeClient({ baseUrl: stubborn.url, appId: 'wx-app', secret: 'wx-secret' });
      expect(await client.send(message('o_alice'))).toEqual({ status: 'failed', errcode: 42001, errmsg: 'access_token expired' });
      expect(stubborn.requests.filter((r) => r.url.pathname === '/cgi-bin/token')).toHaveLength(2);
      expect(stubborn.requests.filter((r) => r.url.pathname !== '/cgi-bin/token')).toHaveLength(2);
    } finally {
      await stubborn.close();
    }
  });

  it('keeps the token until 5 minutes before expires_in, then fetches a new one', async () => {
    const clock = new ManualClock();
    const client = newClient(clock);
    await client.send(message('o_alice'));
    clock.advance((7200 - 300) * 1000 - 1000);
    await client.send(message('o_alice'));
    expect(tokenRequests()).toHaveLength(1);

    clock.advance(1000);
    await client.send(message('o_alice'));
    expect(tokenRequests()).toHaveLength(2);
  });

  it('reports 43101 (user has not subscribed) as not_subscribed and other errcodes as failed', async () => {
    const client = newClient();
    expect(await client.send(message('o_not_subscribed'))).toEqual({ status: 'not_subscribed' });
    expect(await client.send(message('o_bad_data'))).toEqual({ status: 'failed', errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' });
  });

  it('throws when the access token is refused, so the channel can log it', async () => {
    const client = createWechatSubscribeClient({ baseUrl: wechat.url, appId: 'wx-app', secret: 'wrong-secret' });
    await expect(client.send(message('o_alice'))).rejects.toThrow(/40013/);
    expect(sendRequests()).toHaveLength(0);
  });
});

describe('WeChat subscribe-message channel', () => {
  const templates = {
    order_dispatched: 'tmpl-dispatched',
    order_arrived: { id: 'tmpl-arrived', page: 'pages/order/index', data: { thing1: 'title' as const, thing3: 'body' as const, time2: 'time' as const } },
  };

  it('sends to the recipient’s openid with the template of the message type and the order page', async () => {
    const logger = spyLogger();
    const userId = await customerWithOpenId('o_carol');
    const channel = createWechatSubscribeChannel({ client: newClient(), templates, logger });
    await channel.deliver({ userId, type: 'order_dispatched', title: '新派单', body: '订单 FX1 已派给工程师', orderId: '0123456789abcdef01234567' });

    const body = JSON.parse(sendRequests()[0]!.body);
    expect(body).toMatchObject({
      touser: 'o_carol',
      template_id: 'tmpl-dispatched',
      page: 'pages/index/index?orderId=0123456789abcdef01234567',
      data: { thing1: { value: '新派单' }, thing2: { value: '订单 FX1 已派给工程师' } },
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('fills the keywords a template declares, trimming thing values to WeChat’s 20 characters', async () => {
    const clock = new ManualClock(new Date('2026-11-24T01:05:00Z'));
    const userId = await customerWithOpenId('o_dave');
    const channel = createWechatSubscribeChannel({ client: newClient(clock), templates, logger: spyLogger(), clock });
    const longBody = '工程师已到达，请在开门前扫码核验工作证，确认是为您的订单指派的工程师';
    await channel.deliver({ userId, type: 'order_arrived', title: '工程师已到达', body: longBody, orderId: null });

    const body = JSON.parse(sendRequests()[0]!.body);
    expect(body.template_id).toBe('tmpl-arrived');
    expect(body.page).toBe('pages/order/index');
    expect(body.data.thing1).toEqual({ value: '工程师已到达' });
    expect(body.data.time2).toEqual({ value: '2026-11-24 09:05' });
    expect(Array.from(body.data.thing3.value as string)).toHaveLength(20);
    expect(body.data.thing3.value).toBe(`${Array.from(longBody).slice(0, 19).join('')}…`);
  });

  it('skips users without an openid and message types without a template, calling WeChat not at all', async () => {
    const channel = createWechatSubscribeChannel({ client: newClient(), templates, logger: spyLogger() });
    const phoneOnly = await customerWithOpenId(null);
    await channel.deliver({ userId: phoneOnly, type: 'order_dispatched', title: 't', body: 'b', orderId: null });
    await channel.deliver({ userId: await customerWithOpenId('o_erin'), type: 'quote_confirmed', title: 't', body: 'b', orderId: null });
    expect(wechat.requests).toHaveLength(0);
  });

  it('skips a user who has not subscribed (43101) silently and logs any other refusal as a warning', async () => {
    const logger = spyLogger();
    const channel = createWechatSubscribeChannel({ client: newClient(), templates, logger });
    await expect(channel.deliver({ userId: await customerWithOpenId('o_not_subscribed'), type: 'order_dispatched', title: 't', body: 'b', orderId: null })).resolves.toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();

    await channel.deliver({ userId: await customerWithOpenId('o_bad_data'), type: 'order_dispatched', title: 't', body: 'b', orderId: null });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toMatchObject({ errcode: 47003, type: 'order_dispatched', templateId: 'tmpl-dispatched' });
  });

  it('never throws when WeChat cannot be reached: it logs a warning', async () => {
    const logger = spyLogger();
    const client = createWechatSubscribeClient({ baseUrl: 'http://127.0.0.1:9', appId: 'wx-app', secret: 'wx-secret', timeoutMs: 1000 });
    const channel = createWechatSubscribeChannel({ client, templates, logger });
    await expect(channel.deliver({ userId: await customerWithOpenId('o_frank'), type: 'order_dispatched', title: 't', body: 'b', orderId: null })).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe('wiring in createDeps', () => {
  const base = { WECHAT_APPID: 'wx-app', WECHAT_SECRET: 'wx-secret' };

  it('always has the log and SMS channels, and the WeChat channel only with WECHAT_APPID/SECRET and templates', () => {
    const names = (env: Record<string, string>) => createDeps(testConfig(env), createLogger('silent')).channels.map((c) => c.name);
    expect(names({})).toEqual(['log', 'sms']);
    expect(names(base)).toEqual(['log', 'sms']);
    expect(names({ WECHAT_SUBSCRIBE_TEMPLATES: '{"order_dispatched":"tmpl"}' })).toEqual(['log', 'sms']);
    expect(names({ ...base, WECHAT_SUBSCRIBE_TEMPLATES: '{}' })).toEqual(['log', 'sms']);
    expect(names({ ...base, WECHAT_SUBSCRIBE_TEMPLATES: '{"order_dispatched":"tmpl"}' })).toEqual(['log', 'wechat_subscribe', 'sms']);
  });

  it.each([
    ['not JSON', '{order_dispatched: tmpl}'],
    ['a template without an id', '{"order_dispatched":{"data":{"thing1":"title"}}}'],
    ['an unknown message field', '{"order_dispatched":{"id":"t","data":{"thing1":"phone"}}}'],
  ])('refuses WECHAT_SUBSCRIBE_TEMPLATES that is %s at start-up', (_what, value) => {
    expect(() => testConfig({ ...base, WECHAT_SUBSCRIBE_TEMPLATES: value })).toThrow(ConfigError);
  });

  it('delivers an in-app notification through WeChat when the app is configured for it', async () => {
    const t = await startTestServer({
      env: { ...base, WECHAT_API_BASE: wechat.url, WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify({ order_accepted: 'tmpl-accepted' }), WECHAT_MINIPROGRAM_STATE: 'trial' },
    });
    try {
      const userId = await customerWithOpenId('o_grace');
      await notify(t.clock, [userId], { type: 'order_accepted', title: '工程师已接单', body: '将按预约时间上门', orderId: null });
      const body = JSON.parse(sendRequests()[0]!.body);
      expect(body).toMatchObject({ touser: 'o_grace', template_id: 'tmpl-accepted', miniprogram_state: 'trial' });
    } finally {
      await t.close();
    }
  });
});

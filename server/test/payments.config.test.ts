import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createWechatPayProvider } from '../src/modules/payments/provider';
import { generateStandInKeys, startWechatPayStandIn, type WechatPayStandIn } from '../src/standins/wechatPay';
import { Order } from '../src/modules/orders/model';
import { arrivedOrder, buildWorld, TEST_ITEMS, uniqueSlot, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 20.4: how online payment is switched on. WeChat Pay's merchant settings all or none; production without
 * them has online payment off with the reason in words; development plays WeChat Pay with the local stand-in
 * (started on first use, keys kept in DATA_DIR); the same client talks to a "real" WeChat Pay given by settings.
 */
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fx-pay-config-'));
const servers: TestServer[] = [];
const standIns: WechatPayStandIn[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const s of standIns) await s.close();
  await dropTestDatabase();
});

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'p'.repeat(40),
  OTP_PEPPER: 'q'.repeat(20),
  CARD_SIGNING_KEY: crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
  MONGODB_URI: 'mongodb://db.internal:27017/?replicaSet=rs0',
  SMS_PROVIDER: 'http',
  SMS_HTTP_URL: 'https://sms.internal/send',
};

const envOf = (keys: ReturnType<typeof generateStandInKeys>, base: string) => ({
  WECHATPAY_MCHID: keys.mchid,
  WECHATPAY_APPID: keys.appid,
  WECHATPAY_SERIAL: keys.merchantSerial,
  WECHATPAY_PRIVATE_KEY: keys.merchantPrivateKey.replace(/\n/g, '\\n'),
  WECHATPAY_APIV3_KEY: keys.apiV3Key,
  WECHATPAY_PLATFORM_PUBLIC_KEY: keys.platformPublicKey.replace(/\n/g, '\\n'),
  WECHATPAY_PLATFORM_SERIAL: keys.platformSerial,
  WECHATPAY_API_BASE: base,
});

describe('configuration', () => {
  it('refuses some WeChat Pay settings without the others, naming what is missing', () => {
    expect(() => loadConfig({ WECHATPAY_MCHID: '1900000109', DATA_DIR: tmpDir() })).toThrow(ConfigError);
    expect(() => loadConfig({ WECHATPAY_MCHID: '1900000109', DATA_DIR: tmpDir() })).toThrow(/missing: WECHATPAY_SERIAL, WECHATPAY_PRIVATE_KEY\(_PATH\), WECHATPAY_APIV3_KEY/);
    expect(() => loadConfig({ WECHATPAY_APIV3_KEY: 'short', DATA_DIR: tmpDir() })).toThrow(/WECHATPAY_APIV3_KEY: must be the 32-character APIv3 key/);
    expect(() => loadConfig({ ...PRODUCTION, WECHATPAY_STANDIN: 'true', DATA_DIR: tmpDir() })).toThrow(/WECHATPAY_STANDIN is for development/);
  });

  it('production without WeChat Pay: online payment off, the reason in words', async () => {
    const provider = createWechatPayProvider(loadConfig({ ...PRODUCTION, DATA_DIR: tmpDir() }), createLogger('silent'));
    expect(provider).toMatchObject({ enabled: false, standIn: false, reason: '未配置微信支付商户信息，请向工程师当面付款' });
    await expect(provider.gateway()).rejects.toMatchObject({ id: 'online_payment_unavailable' });
  });

  it('production with every WeChat Pay setting: the live client', () => {
    const keys = generateStandInKeys();
    const provider = createWechatPayProvider(loadConfig({ ...PRODUCTION, ...envOf(keys, 'https://api.mch.weixin.qq.com/'), DATA_DIR: tmpDir() }), createLogger('silent'));
    expect(provider).toMatchObject({ enabled: true, standIn: false, reason: null });
  });
});

let world: OrderWorld | null = null;

/** An order in service on a confirmed ¥50 quote; the world is built once (both servers share the database and the JWT secret). */
async function inService(t: TestServer) {
  world ??= await buildWorld(t, { capacity: 20 });
  const w = world;
  const order = await arrivedOrder(t, w, { slot: uniqueSlot(w) });
  const act = (step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${order.id}/${step}`, { token, ...(body ? { body } : {}) });
  const quoted = await act('quotes', w.engineers[0]!.token, { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
  expect((await act(`quotes/${quoted.body.quotes.at(-1).no}/confirm`, w.customer.token)).status).toBe(200);
  expect((await act('start', w.engineers[0]!.token)).status).toBe(200);
  return { w, id: order.id as string, act };
}

describe('the stand-in in development', () => {
  it('starts on first use with keys kept in DATA_DIR; stand-in-confirm completes a payment the way requestPayment would', async () => {
    const dataDir = tmpDir();
    // Notifications go nowhere here (the test server's port is not known in advance): the confirm asks WeChat Pay instead.
    const t = await startTestServer({ env: { WECHATPAY_STANDIN: 'true', WECHATPAY_NOTIFY_BASE: 'http://127.0.0.1:9', DATA_DIR: dataDir } });
    servers.push(t);
    expect(t.deps.wechatPay).toMatchObject({ enabled: true, standIn: true });
    expect(fs.existsSync(path.join(dataDir, 'wechatpay-standin.json'))).toBe(false);
    const o = await inService(t);
    const res = await o.act('payments', o.w.customer.token, { channel: 'h5' });
    expect(res.status).toBe(200);
    expect(res.body.standIn).toBe(true);
    expect(res.body.h5Url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/standin\/cashier\?prepay_id=/);
    const kept = JSON.parse(fs.readFileSync(path.join(dataDir, 'wechatpay-standin.json'), 'utf8')) as { apiV3Key: string };
    expect(kept.apiV3Key).toHaveLength(32);
    const bad = await o.act('payments/stand-in-confirm', o.w.customer.token, { outTradeNo: 'fx-not-ours-001' });
    expect(bad.status).toBe(404);
    const confirmed = await o.act('payments/stand-in-confirm', o.w.customer.token, { outTradeNo: res.body.payment.outTradeNo });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.payments[0]).toMatchObject({ state: 'paid', paidFen: 5000 });
    expect((await Order.findById(o.id).lean())!.payment).toMatchObject({ method: 'wechat', amountFen: 5000 });
  });

  it('a "real" WeChat Pay given by settings: payments go there, and stand-in-confirm is refused', async () => {
    const keys = generateStandInKeys();
    const wechat = await startWechatPayStandIn({ keys });
    standIns.push(wechat);
    const t = await startTestServer({ env: { ...envOf(keys, wechat.url), WECHATPAY_NOTIFY_BASE: 'http://127.0.0.1:9' } });
    servers.push(t);
    expect(t.deps.wechatPay).toMatchObject({ enabled: true, standIn: false });
    const o = await inService(t);
    const res = await o.act('payments', o.w.customer.token, { channel: 'h5' });
    expect(res.status).toBe(200);
    expect(res.body.standIn).toBe(false);
    expect(wechat.transactions.get(res.body.payment.outTradeNo)).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 5000 } });
    const refused = await o.act('payments/stand-in-confirm', o.w.customer.token, { outTradeNo: res.body.payment.outTradeNo });
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('online_payment_unavailable');
  });
});

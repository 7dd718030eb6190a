import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for WeChat Pay API v3 (WeChat Pay cannot be reached from development machines, tests or demos).
 * It behaves as WeChat Pay does on the wire, so the real client (wechatpay-axios-plugin) is exercised end to end:
 *
 * - every merchant request must carry a valid `Authorization: WECHATPAY2-SHA256-RSA2048 …` signature by the merchant
 *   key (serial, mchid, a timestamp within 5 minutes); anything else is refused with WeChat's error shape
 *   (401 `{"code":"SIGN_ERROR","message":…}`);
 * - every answer is signed with the stand-in's own platform key (Wechatpay-Timestamp/-Nonce/-Serial/-Signature);
 * - it keeps transactions (JSAPI and H5 prepay, query by out_trade_no, close) and refunds (create, query);
 * - payment and refund notifications go to notify_url signed and AES-256-GCM encrypted with the APIv3 key, exactly
 *   as WeChat Pay sends them;
 * - H5: h5_url opens a small cashier page (服务费 ¥x, 确认支付 / 取消); 确认支付 marks the transaction SUCCESS, sends the
 *   notification and returns to redirect_url. JSAPI (no WeChat client here): POST /standin/transactions/{out_trade_no}/pay
 *   does what the customer's requestPayment would (the server's payments.standInConfirm endpoint calls it).
 */

export interface WechatPayKeys {
  mchid: string;
  appid: string;
  merchantSerial: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  platformSerial: string;
  platformPrivateKey: string;
  platformPublicKey: string;
  apiV3Key: string;
}

/** Fresh keys for a merchant and a platform that exist only here. */
export function generateStandInKeys(): WechatPayKeys {
  const pair = () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  };
  const merchant = pair();
  const platform = pair();
  return {
    mchid: '1900000109',
    appid: 'wxstandin0000000001',
    merchantSerial: crypto.randomBytes(20).toString('hex').toUpperCase(),
    merchantPrivateKey: merchant.priv,
    merchantPublicKey: merchant.pub,
    platformSerial: `PUB_KEY_ID_STANDIN_${crypto.randomBytes(8).toString('hex').toUpperCase()}`,
    platformPrivateKey: platform.priv,
    platformPublicKey: platform.pub,
    apiV3Key: crypto.randomBytes(16).toString('hex'),
  };
}

/** The stand-in's keys, generated once and kept in DATA_DIR so a restart keeps talking to the same "merchant". */
export function localStandInKeys(dataDir: string): WechatPayKeys {
  const file = path.join(dataDir, 'wechatpay-standin.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as WechatPayKeys;
    if (stored.merchantPrivateKey && stored.platformPrivateKey && stored.apiV3Key?.length === 32) return stored;
  } catch {
    // first start: generate below
  }
  const keys = generateStandInKeys();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR';

export interface StandInTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id: string | null;
  prepay_id: string;
  trade_type: 'JSAPI' | 'MWEB';
  trade_state: TradeState;
  description: string;
  notify_url: string;
  amount: { total: number; currency: string };
  payer: { openid: string } | null;
  time_expire: string | null;
  success_time: string | null;
  /** What was asked for, to tell a repeated identical prepay from a conflicting one. */
  fingerprint: string;
}

export interface StandInRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  reason: string;
  notify_url: string | null;
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  create_time: string;
  success_time: string | null;
  amount: { refund: number; total: number; currency: string };
}

export interface WechatPayStandIn {
  url: string;
  keys: WechatPayKeys;
  transactions: Map<string, StandInTransaction>;
  refunds: Map<string, StandInRefund>;
  /** Every request received, with whether its signature held. */
  requests: Array<{ method: string; path: string; signed: boolean }>;
  /** What the customer's payment does: SUCCESS (optionally for another amount, as a broken client might), then the notification. */
  pay(outTradeNo: string, options?: { paidTotal?: number; notify?: boolean }): Promise<StandInTransaction>;
  /** Settles a refund as WeChat Pay would, then notifies (refunds settle on their own unless `holdRefunds`). */
  settleRefund(outRefundNo: string, status?: 'SUCCESS' | 'CLOSED' | 'ABNORMAL'): Promise<void>;
  /** A notification as WeChat Pay would send it (for tests to replay, delay or tamper with). */
  buildNotification(eventType: string, resource: object, originalType: string, options?: { timestamp?: number }): { headers: Record<string, string>; body: string };
  /** Posts a notification to a URL; answers the HTTP status the merchant returned. */
  deliver(url: string, note: { headers: Record<string, string>; body: string }): Promise<number>;
  /** Statuses the merchant answered to each notification, in order. */
  deliveries: Array<{ eventType: string; status: number }>;
  close(): Promise<void>;
}

export interface StandInOptions {
  keys: WechatPayKeys;
  host?: string;
  port?: number;
  /** Refunds stay PROCESSING until settleRefund (tests); otherwise they settle shortly after being accepted. */
  holdRefunds?: boolean;
  /** Payment notifications are not sent when the customer pays (tests of the lost-notification path). */
  dropNotifications?: boolean;
  log?: (line: string) => void;
}

const MAX_SKEW_SECONDS = 300;

const shanghaiIso = (d = new Date()) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');

type Answer = { status: number; json?: unknown; html?: string; redirect?: string };

function wxError(status: number, code: string, message: string): Answer {
  return { status, json: { code, message } };
}

/** Parses `WECHATPAY2-SHA256-RSA2048 k="v",…`. */
function parseAuthorization(header: string | undefined): Record<string, string> | null {
  const m = /^WECHATPAY2-SHA256-RSA2048\s+(.+)$/.exec(header ?? '');
  if (!m) return null;
  const out: Record<string, string> = {};
  for (const part of m[1]!.matchAll(/(\w+)="([^"]*)"/g)) out[part[1]!] = part[2]!;
  return out;
}

export async function startWechatPayStandIn(options: StandInOptions): Promise<WechatPayStandIn> {
  const { keys } = options;
  const platformKey = crypto.createPrivateKey(keys.platformPrivateKey);
  const merchantPublic = crypto.createPublicKey(keys.merchantPublicKey);
  const transactions = new Map<string, StandInTransaction>();
  const byPrepay = new Map<string, string>();
  const refunds = new Map<string, StandInRefund>();
  const requests: WechatPayStandIn['requests'] = [];
  const deliveries: WechatPayStandIn['deliveries'] = [];
  const log = options.log ?? (() => undefined);
  let base = '';

  const sign = (message: string) => crypto.sign('RSA-SHA256', Buffer.from(message), platformKey).toString('base64');
  const signedHeaders = (body: string, timestamp = Math.floor(Date.now() / 1000)) => {
    const nonce = crypto.randomBytes(16).toString('hex');
    return {
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': keys.platformSerial,
      'Wechatpay-Signature': sign(`${timestamp}\n${nonce}\n${body}\n`),
    };
  };

  function encrypt(plaintext: string, aad: string) {
    const nonce = crypto.randomBytes(6).toString('hex');
    const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce };
  }

  function buildNotification(eventType: string, resource: object, originalType: string, opts: { timestamp?: number } = {}) {
    const summary = eventType === 'TRANSACTION.SUCCESS' ? '支付成功' : eventType === 'REFUND.SUCCESS' ? '退款成功' : eventType === 'REFUND.CLOSED' ? '退款关闭' : '退款异常';
    const body = JSON.stringify({
      id: crypto.randomUUID(),
      create_time: shanghaiIso(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: { original_type: originalType, ...encrypt(JSON.stringify(resource), originalType) },
    });
    return { headers: { 'content-type': 'application/json', ...signedHeaders(body, opts.timestamp) }, body };
  }

  async function deliver(url: string, note: { headers: Record<string, string>; body: string }): Promise<number> {
    try {
      const res = await fetch(url, { method: 'POST', headers: note.headers, body: note.body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  const txView = (t: StandInTransaction) => ({
    appid: t.appid,
    mchid: t.mchid,
    out_trade_no: t.out_trade_no,
    ...(t.transaction_id ? { transaction_id: t.transaction_id } : {}),
    trade_type: t.trade_type,
    trade_state: t.trade_state,
    trade_state_desc: { NOTPAY: '订单未支付', SUCCESS: '支付成功', CLOSED: '已关闭', REFUND: '转入退款', PAYERROR: '支付失败' }[t.trade_state],
    ...(t.success_time ? { success_time: t.success_time, bank_type: 'OTHERS' } : {}),
    ...(t.payer ? { payer: t.payer } : {}),
    amount: t.trade_state === 'NOTPAY' || t.trade_state === 'CLOSED' ? { total: t.amount.total, currency: 'CNY' } : { total: t.amount.total, payer_total: t.amount.total, currency: 'CNY', payer_currency: 'CNY' },
  });

  const refundView = (r: StandInRefund) => ({
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    create_time: r.create_time,
    ...(r.success_time ? { success_time: r.success_time } : {}),
    status: r.status,
    amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.total, payer_refund: r.amount.refund, currency: 'CNY' },
  });

  async function notifyPaid(t: StandInTransaction, eventSink = true) {
    if (!eventSink) return;
    const note = buildNotification('TRANSACTION.SUCCESS', txView(t), 'transaction');
    const status = await deliver(t.notify_url, note);
    deliveries.push({ eventType: 'TRANSACTION.SUCCESS', status });
    log(`wechatpay stand-in: notified ${t.out_trade_no} paid → ${status}`);
  }

  async function pay(outTradeNo: string, opts: { paidTotal?: number; notify?: boolean } = {}) {
    const t = transactions.get(outTradeNo);
    if (!t) throw new Error(`stand-in: no transaction ${outTradeNo}`);
    if (t.trade_state === 'NOTPAY') {
      t.trade_state = 'SUCCESS';
      t.transaction_id = `4200${Date.now()}${crypto.randomInt(1000, 9999)}`;
      t.success_time = shanghaiIso();
      if (opts.paidTotal !== undefined) t.amount = { ...t.amount, total: opts.paidTotal };
      t.payer ??= { openid: 'o-standin-h5-payer' };
    }
    if (t.trade_state === 'SUCCESS' && (opts.notify ?? !options.dropNotifications)) await notifyPaid(t);
    return t;
  }

  async function settleRefund(outRefundNo: string, status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' = 'SUCCESS') {
    const r = refunds.get(outRefundNo);
    if (!r || r.status !== 'PROCESSING') return;
    r.status = status;
    if (status === 'SUCCESS') r.success_time = shanghaiIso();
    if (!r.notify_url) return;
    const eventType = `REFUND.${status}`;
    const resource = {
      mchid: keys.mchid,
      out_trade_no: r.out_trade_no,
      transaction_id: r.transaction_id,
      out_refund_no: r.out_refund_no,
      refund_id: r.refund_id,
      refund_status: r.status,
      ...(r.success_time ? { success_time: r.success_time } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.total, payer_refund: r.amount.refund },
    };
    const code = await deliver(r.notify_url, buildNotification(eventType, resource, 'refund'));
    deliveries.push({ eventType, status: code });
    log(`wechatpay stand-in: refund ${r.out_refund_no} ${status} → ${code}`);
  }

  /** Checks the merchant's signature on a request; null when it holds, else WeChat's refusal. */
  function checkSignature(method: string, pathWithQuery: string, body: string, authorization: string | undefined) {
    const auth = parseAuthorization(authorization);
    if (!auth || !auth.signature || !auth.timestamp || !auth.nonce_str || !auth.serial_no || !auth.mchid) return wxError(401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
    if (auth.mchid !== keys.mchid) return wxError(401, 'SIGN_ERROR', '商户号与签名不匹配');
    if (auth.serial_no !== keys.merchantSerial) return wxError(401, 'SIGN_ERROR', '商户证书序列号有误');
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(auth.timestamp)) > MAX_SKEW_SECONDS) return wxError(401, 'SIGN_ERROR', '签名时间戳已过期');
    const message = `${method}\n${pathWithQuery}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`;
    let ok: boolean;
    try {
      ok = crypto.verify('RSA-SHA256', Buffer.from(message), merchantPublic, Buffer.from(auth.signature, 'base64'));
    } catch {
      ok = false;
    }
    return ok ? null : wxError(401, 'SIGN_ERROR', '签名错误');
  }

  function prepay(kind: 'JSAPI' | 'MWEB', data: Record<string, unknown>): Answer {
    const amount = data.amount as { total?: unknown; currency?: unknown } | undefined;
    const outTradeNo = data.out_trade_no;
    if (data.mchid !== keys.mchid) return wxError(400, 'MCH_NOT_EXISTS', '商户号不存在');
    if (data.appid !== keys.appid) return wxError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和 mch_id 不匹配');
    if (typeof outTradeNo !== 'string' || !/^[A-Za-z0-9_*|-]{6,32}$/.test(outTradeNo)) return wxError(400, 'PARAM_ERROR', '输入源“/body/out_trade_no”映射到字段“商户订单号”必填性规则校验失败');
    if (typeof data.description !== 'string' || !data.description) return wxError(400, 'PARAM_ERROR', '商品描述必填');
    if (typeof data.notify_url !== 'string' || !/^https?:\/\//.test(data.notify_url)) return wxError(400, 'PARAM_ERROR', '通知地址必填');
    if (!amount || !Number.isInteger(amount.total) || (amount.total as number) < 1) return wxError(400, 'PARAM_ERROR', '订单金额必须为正整数（分）');
    const payer = data.payer as { openid?: unknown } | undefined;
    if (kind === 'JSAPI' && (typeof payer?.openid !== 'string' || !payer.openid)) return wxError(400, 'PARAM_ERROR', 'JSAPI 下单须提供 payer.openid');
    if (kind === 'MWEB' && !(data.scene_info as { payer_client_ip?: unknown } | undefined)?.payer_client_ip) return wxError(400, 'PARAM_ERROR', 'H5 下单须提供 scene_info.payer_client_ip');
    const fingerprint = JSON.stringify([kind, data.description, amount.total, payer?.openid ?? null]);
    const existing = transactions.get(outTradeNo);
    if (existing) {
      if (existing.trade_state === 'CLOSED') return wxError(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.trade_state !== 'NOTPAY') return wxError(400, 'ORDERPAID', '该订单已支付');
      if (existing.fingerprint !== fingerprint) return wxError(400, 'INVALID_REQUEST', '订单号重复，请使用新的商户订单号');
    } else {
      const prepayId = `wx${Date.now()}${crypto.randomBytes(8).toString('hex')}`;
      transactions.set(outTradeNo, {
        appid: keys.appid,
        mchid: keys.mchid,
        out_trade_no: outTradeNo,
        transaction_id: null,
        prepay_id: prepayId,
        trade_type: kind,
        trade_state: 'NOTPAY',
        description: data.description,
        notify_url: data.notify_url,
        amount: { total: amount.total as number, currency: 'CNY' },
        payer: kind === 'JSAPI' ? { openid: payer!.openid as string } : null,
        time_expire: typeof data.time_expire === 'string' ? data.time_expire : null,
        success_time: null,
        fingerprint,
      });
      byPrepay.set(prepayId, outTradeNo);
    }
    const t = transactions.get(outTradeNo)!;
    if (kind === 'JSAPI') return { status: 200, json: { prepay_id: t.prepay_id } };
    return { status: 200, json: { h5_url: `${base}/standin/cashier?prepay_id=${encodeURIComponent(t.prepay_id)}` } };
  }

  function createRefund(data: Record<string, unknown>): Answer {
    const outRefundNo = data.out_refund_no;
    if (typeof outRefundNo !== 'string' || !/^[A-Za-z0-9_*@|-]{1,64}$/.test(outRefundNo)) return wxError(400, 'PARAM_ERROR', '商户退款单号必填');
    const amount = data.amount as { refund?: unknown; total?: unknown } | undefined;
    const t = typeof data.out_trade_no === 'string' ? transactions.get(data.out_trade_no) : [...transactions.values()].find((x) => x.transaction_id === data.transaction_id);
    if (!t) return wxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') return wxError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (!amount || !Number.isInteger(amount.refund) || (amount.refund as number) < 1 || amount.total !== t.amount.total) return wxError(400, 'PARAM_ERROR', '退款金额或原订单金额有误');
    const existing = refunds.get(outRefundNo);
    if (existing) {
      if (existing.out_trade_no !== t.out_trade_no || existing.amount.refund !== amount.refund) return wxError(400, 'INVALID_REQUEST', '退款单号重复');
      return { status: 200, json: refundView(existing) };
    }
    const already = [...refunds.values()].filter((r) => r.out_trade_no === t.out_trade_no && r.status !== 'CLOSED' && r.status !== 'ABNORMAL').reduce((s, r) => s + r.amount.refund, 0);
    if (already + (amount.refund as number) > t.amount.total) return wxError(403, 'NOT_ENOUGH', '可退金额不足');
    const r: StandInRefund = {
      refund_id: `5030${Date.now()}${crypto.randomInt(1000, 9999)}`,
      out_refund_no: outRefundNo,
      transaction_id: t.transaction_id!,
      out_trade_no: t.out_trade_no,
      reason: typeof data.reason === 'string' ? data.reason : '',
      notify_url: typeof data.notify_url === 'string' ? data.notify_url : null,
      status: 'PROCESSING',
      create_time: shanghaiIso(),
      success_time: null,
      amount: { refund: amount.refund as number, total: t.amount.total, currency: 'CNY' },
    };
    refunds.set(outRefundNo, r);
    t.trade_state = 'REFUND';
    if (!options.holdRefunds) setTimeout(() => void settleRefund(outRefundNo, 'SUCCESS'), 50).unref();
    return { status: 200, json: refundView(r) };
  }

  const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  function cashierPage(t: StandInTransaction, redirect: string): string {
    const done = t.trade_state !== 'NOTPAY';
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信支付（模拟收银台）</title><style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f2f2f2;color:#111}
main{max-width:420px;margin:0 auto;padding:24px 16px}.card{background:#fff;border-radius:12px;padding:24px 16px;text-align:center}
.note{font-size:14px;color:#666;margin:0 0 16px}.what{font-size:18px;margin:8px 0;overflow-wrap:anywhere}.amount{font-size:40px;font-weight:600;margin:8px 0 24px}
button{display:block;width:100%;font-size:18px;padding:14px;border-radius:8px;border:0;margin-top:12px}
.pay{background:#07c160;color:#fff}.cancel{background:#fff;color:#333;border:1px solid #ccc}
</style></head><body><main><p class="note">开发演示用的模拟微信支付，不会真的扣款</p><div class="card">
<p class="what">${esc(t.description)}</p><p class="amount">${yuan(t.amount.total)}</p>
${done ? `<p class="what">${t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND' ? '已支付' : '订单已关闭'}</p><form method="get" action="${esc(redirect || '/')}"><button class="cancel" type="submit">返回</button></form>` : `<form method="post" action="/standin/cashier/pay"><input type="hidden" name="prepay_id" value="${esc(t.prepay_id)}"><input type="hidden" name="redirect_url" value="${esc(redirect)}"><button class="pay" type="submit">确认支付</button></form>
<form method="get" action="${esc(redirect || '/')}"><button class="cancel" type="submit">取消</button></form>`}
</div></main></body></html>`;
  }

  async function handle(method: string, url: URL, raw: string, headers: http.IncomingHttpHeaders): Promise<Answer> {
    const p = url.pathname;
    // The cashier page and the customer's "pay" are the customer's browser or app talking to WeChat, not the merchant.
    if (p === '/standin/cashier' && method === 'GET') {
      const outTradeNo = byPrepay.get(url.searchParams.get('prepay_id') ?? '');
      const t = outTradeNo ? transactions.get(outTradeNo) : undefined;
      if (!t) return { status: 404, html: '<!doctype html><meta charset="utf-8"><p>支付链接无效或已过期</p>' };
      return { status: 200, html: cashierPage(t, url.searchParams.get('redirect_url') ?? '') };
    }
    if (p === '/standin/cashier/pay' && method === 'POST') {
      const form = new URLSearchParams(raw);
      const outTradeNo = byPrepay.get(form.get('prepay_id') ?? '');
      const t = outTradeNo ? transactions.get(outTradeNo) : undefined;
      if (!t) return { status: 404, html: '<!doctype html><meta charset="utf-8"><p>支付链接无效或已过期</p>' };
      if (t.trade_state === 'NOTPAY') await pay(t.out_trade_no);
      const redirect = form.get('redirect_url') ?? '';
      return /^https?:\/\//.test(redirect) ? { status: 303, redirect } : { status: 200, html: cashierPage(t, '') };
    }
    const payMatch = /^\/standin\/transactions\/([^/]+)\/pay$/.exec(p);
    if (payMatch && method === 'POST') {
      const t = transactions.get(decodeURIComponent(payMatch[1]!));
      if (!t) return wxError(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (t.trade_state === 'CLOSED') return wxError(400, 'ORDER_CLOSED', '订单已关闭');
      await pay(t.out_trade_no);
      return { status: 200, json: txView(t) };
    }

    const refusal = checkSignature(method, `${p}${url.search}`, raw, headers.authorization);
    requests.push({ method, path: p, signed: !refusal });
    if (refusal) return refusal;
    let data: Record<string, unknown> = {};
    if (raw) {
      try {
        data = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return wxError(400, 'PARAM_ERROR', '请求体不是合法的 JSON');
      }
    }
    if (method === 'POST' && p === '/v3/pay/transactions/jsapi') return prepay('JSAPI', data);
    if (method === 'POST' && p === '/v3/pay/transactions/h5') return prepay('MWEB', data);
    let m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(p);
    if (m && method === 'GET') {
      if (url.searchParams.get('mchid') !== keys.mchid) return wxError(400, 'PARAM_ERROR', 'mchid 有误');
      const t = transactions.get(decodeURIComponent(m[1]!));
      return t ? { status: 200, json: txView(t) } : wxError(404, 'ORDER_NOT_EXIST', '订单不存在');
    }
    m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(p);
    if (m && method === 'POST') {
      const t = transactions.get(decodeURIComponent(m[1]!));
      if (!t) return wxError(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return wxError(400, 'ORDERPAID', '订单已支付，不能关闭');
      t.trade_state = 'CLOSED';
      return { status: 204 };
    }
    if (method === 'POST' && p === '/v3/refund/domestic/refunds') return createRefund(data);
    m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(p);
    if (m && method === 'GET') {
      const r = refunds.get(decodeURIComponent(m[1]!));
      return r ? { status: 200, json: refundView(r) } : wxError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    }
    return wxError(404, 'NOT_FOUND', '接口不存在');
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      handle(req.method ?? 'GET', url, raw, req.headers)
        .catch((err: unknown) => {
          log(`wechatpay stand-in: ${err instanceof Error ? err.message : String(err)}`);
          return wxError(500, 'SYSTEM_ERROR', '系统错误');
        })
        .then((answer) => {
          if (answer.redirect) {
            res.writeHead(303, { location: answer.redirect }).end();
          } else if (answer.html !== undefined) {
            res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
          } else {
            const body = answer.json === undefined ? '' : JSON.stringify(answer.json);
            res.writeHead(answer.status, { ...(body ? { 'content-type': 'application/json' } : {}), 'Request-ID': crypto.randomUUID(), ...signedHeaders(body) });
            res.end(body);
          }
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    keys,
    transactions,
    refunds,
    requests,
    pay,
    settleRefund,
    buildNotification,
    deliver,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

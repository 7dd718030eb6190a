import crypto from 'node:crypto';
import { Wechatpay, Rsa, Formatter, Aes } from 'wechatpay-axios-plugin';
import { NOTIFY_MAX_AGE_SECONDS } from '@fangxin/shared';
import { AppError } from '../../core/errors';

/**
 * The WeChat Pay API v3 client (wechatpay-axios-plugin): every request signed with the merchant key and serial, every
 * answer verified against the platform key (certificate or WeChat Pay public key) by its serial, notifications
 * verified the same way and their resource decrypted (AES-256-GCM, the APIv3 key). The base URL is configurable, so
 * the same client talks to WeChat Pay or to the local stand-in (server/src/standins/wechatPay.ts).
 */
export interface WechatPaySettings {
  mchid: string;
  appid: string;
  merchantSerial: string;
  merchantPrivateKey: string;
  platformSerial: string;
  /** PEM: the platform certificate or WeChat Pay public key. */
  platformPublicKey: string;
  apiV3Key: string;
  apiBase: string;
  /** Where WeChat Pay posts notifications (our public origin); read at each prepay/refund so tests may set it after listening. */
  notifyBase: string;
  /** The local stand-in plays WeChat Pay (no real money moves). */
  standIn: boolean;
}

export interface RemoteTransaction {
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  appid?: string;
  mchid?: string;
  success_time?: string;
  amount?: { total?: number; payer_total?: number; currency?: string };
  payer?: { openid?: string };
}

export interface RemoteRefund {
  refund_id?: string;
  out_refund_no: string;
  out_trade_no?: string;
  transaction_id?: string;
  status?: string;
  refund_status?: string;
  success_time?: string;
  mchid?: string;
  amount?: { refund?: number; total?: number };
}

export interface WechatPayGateway {
  settings: WechatPaySettings;
  jsapiPrepay(input: { outTradeNo: string; description: string; totalFen: number; openid: string; expiresAt: Date }): Promise<{ prepayId: string }>;
  h5Prepay(input: { outTradeNo: string; description: string; totalFen: number; clientIp: string; expiresAt: Date }): Promise<{ h5Url: string }>;
  /** The signed parameters of wx.requestPayment for a prepay id. */
  jsapiParams(prepayId: string): { appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };
  query(outTradeNo: string): Promise<RemoteTransaction | null>;
  close(outTradeNo: string): Promise<'closed' | 'paid'>;
  refund(input: { outTradeNo: string; outRefundNo: string; reason: string; refundFen: number; totalFen: number }): Promise<RemoteRefund>;
  queryRefund(outRefundNo: string): Promise<RemoteRefund | null>;
  /** Verifies a notification (headers and the raw body) and answers its decrypted resource; throws 401/400 otherwise. */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, nowSeconds?: number): { eventType: string; resource: Record<string, unknown> };
  /** The stand-in's "customer pays" (development and demos only). */
  standInPay?(outTradeNo: string): Promise<void>;
}

interface AxiosLikeError {
  response?: { status: number; data?: { code?: string; message?: string } };
  message?: string;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** An answer of WeChat Pay that is an error (status and its code), or a transport failure: 502 upstream_unavailable. */
function upstream(err: unknown, what: string): AppError {
  const e = err as AxiosLikeError;
  const detail = e.response ? `${e.response.status} ${e.response.data?.code ?? ''} ${e.response.data?.message ?? ''}`.trim() : (e.message ?? String(err));
  return new AppError('upstream_unavailable', `微信支付暂不可用（${what}：${detail}）`);
}

export function createWechatPayGateway(settings: WechatPaySettings, standInUrl?: string): WechatPayGateway {
  const merchantKey = Rsa.from(settings.merchantPrivateKey, Rsa.KEY_TYPE_PRIVATE);
  const platformKey = Rsa.from(settings.platformPublicKey, Rsa.KEY_TYPE_PUBLIC);
  const wx = new Wechatpay({
    mchid: settings.mchid,
    serial: settings.merchantSerial,
    privateKey: settings.merchantPrivateKey,
    certs: { [settings.platformSerial]: settings.platformPublicKey },
    baseURL: settings.apiBase.replace(/\/?$/, '/'),
    timeout: 10_000,
  } as ConstructorParameters<typeof Wechatpay>[0]);
  // The plugin's chain (wx.v3.pay.transactions.jsapi.post(data)): each path segment is a property of the one before.
  type Node = Record<string, unknown> & { get(config?: object): Promise<{ status: number; data: unknown }>; post(data: unknown, config?: object): Promise<{ status: number; data: unknown }> };
  const call = (path: string, method: 'get' | 'post', data?: unknown, config: Record<string, unknown> = {}) => {
    const node = path.split('/').reduce<unknown>((at, segment) => (at as Record<string, unknown>)[segment], wx) as Node;
    return method === 'get' ? node.get(config) : node.post(data, config);
  };
  const notifyUrl = (kind: 'notify' | 'refund-notify') => `${settings.notifyBase.replace(/\/$/, '')}/api/v1/payments/wechat/${kind}`;
  const expire = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
  /** The body every prepay shares (JSAPI and H5 differ only by the payer or the scene). */
  const transaction = (t: { outTradeNo: string; description: string; totalFen: number; expiresAt: Date }, extra: Record<string, unknown>) => ({
    appid: settings.appid,
    mchid: settings.mchid,
    description: t.description,
    out_trade_no: t.outTradeNo,
    time_expire: expire(t.expiresAt),
    notify_url: notifyUrl('notify'),
    amount: { total: t.totalFen, currency: 'CNY' },
    ...extra,
  });

  return {
    settings,
    async jsapiPrepay({ outTradeNo, description, totalFen, openid, expiresAt }) {
      try {
        const res = await call('v3/pay/transactions/jsapi', 'post', transaction({ outTradeNo, description, totalFen, expiresAt }, { payer: { openid } }));
        return { prepayId: (res.data as { prepay_id: string }).prepay_id };
      } catch (err) {
        throw upstream(err, 'JSAPI 下单');
      }
    },
    async h5Prepay({ outTradeNo, description, totalFen, clientIp, expiresAt }) {
      try {
        const res = await call('v3/pay/transactions/h5', 'post', transaction({ outTradeNo, description, totalFen, expiresAt }, { scene_info: { payer_client_ip: clientIp, h5_info: { type: 'Wap' } } }));
        return { h5Url: (res.data as { h5_url: string }).h5_url };
      } catch (err) {
        throw upstream(err, 'H5 下单');
      }
    },
    jsapiParams(prepayId) {
      const params = { appId: settings.appid, timeStamp: String(Formatter.timestamp()), nonceStr: Formatter.nonce(), package: `prepay_id=${prepayId}`, signType: 'RSA' as const };
      return { ...params, paySign: Rsa.sign(Formatter.joinedByLineFeed(params.appId, params.timeStamp, params.nonceStr, params.package), merchantKey) };
    },
    async query(outTradeNo) {
      try {
        const res = await call(`v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`, 'get', undefined, { params: { mchid: settings.mchid } });
        return res.data as RemoteTransaction;
      } catch (err) {
        const e = err as AxiosLikeError;
        if (e.response?.status === 404) return null;
        throw upstream(err, '查询订单');
      }
    },
    async close(outTradeNo) {
      try {
        await call(`v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, 'post', { mchid: settings.mchid });
        return 'closed';
      } catch (err) {
        const e = err as AxiosLikeError;
        if (e.response?.data?.code === 'ORDERPAID') return 'paid';
        if (e.response?.status === 404) return 'closed';
        throw upstream(err, '关闭订单');
      }
    },
    async refund({ outTradeNo, outRefundNo, reason, refundFen, totalFen }) {
      try {
        const res = await call('v3/refund/domestic/refunds', 'post', {
          out_trade_no: outTradeNo,
          out_refund_no: outRefundNo,
          reason,
          notify_url: notifyUrl('refund-notify'),
          amount: { refund: refundFen, total: totalFen, currency: 'CNY' },
        });
        return res.data as RemoteRefund;
      } catch (err) {
        throw upstream(err, '申请退款');
      }
    },
    async queryRefund(outRefundNo) {
      try {
        const res = await call(`v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, 'get');
        return res.data as RemoteRefund;
      } catch (err) {
        if ((err as AxiosLikeError).response?.status === 404) return null;
        throw upstream(err, '查询退款');
      }
    },
    verifyNotification(headers, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
      const signature = header(headers, 'wechatpay-signature');
      const timestamp = header(headers, 'wechatpay-timestamp');
      const nonce = header(headers, 'wechatpay-nonce');
      const serial = header(headers, 'wechatpay-serial');
      if (!signature || !timestamp || !nonce || !serial) throw new AppError('signature_invalid', '通知缺少微信支付签名');
      if (serial !== settings.platformSerial) throw new AppError('signature_invalid', '通知的平台证书序列号未知');
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > NOTIFY_MAX_AGE_SECONDS) throw new AppError('signature_invalid', '通知的签名时间超出 5 分钟，视为重放');
      let ok: boolean;
      try {
        ok = Rsa.verify(Formatter.response(timestamp, nonce, rawBody), signature, platformKey);
      } catch {
        ok = false;
      }
      if (!ok) throw new AppError('signature_invalid', '通知签名验证失败');
      let body: { event_type?: string; resource?: { ciphertext?: string; nonce?: string; associated_data?: string } };
      try {
        body = JSON.parse(rawBody) as typeof body;
      } catch {
        throw new AppError('validation_failed', '通知不是合法的 JSON');
      }
      const r = body.resource;
      let plain: string;
      try {
        plain = Aes.AesGcm.decrypt(r?.ciphertext ?? '', settings.apiV3Key, r?.nonce ?? '', r?.associated_data ?? '');
      } catch {
        throw new AppError('validation_failed', '通知内容无法用 APIv3 密钥解密', { fields: [{ path: 'resource.ciphertext', message: '无法解密' }] });
      }
      let resource: Record<string, unknown>;
      try {
        resource = JSON.parse(plain) as Record<string, unknown>;
      } catch {
        throw new AppError('validation_failed', '通知内容不是合法的 JSON', { fields: [{ path: 'resource.ciphertext', message: '解密后不是 JSON' }] });
      }
      if (resource.mchid !== undefined && resource.mchid !== settings.mchid) throw new AppError('validation_failed', '通知的商户号不是本商户', { fields: [{ path: 'resource.mchid', message: '商户号不符' }] });
      if (resource.appid !== undefined && resource.appid !== settings.appid) throw new AppError('validation_failed', '通知的 appid 不是本应用', { fields: [{ path: 'resource.appid', message: 'appid 不符' }] });
      return { eventType: String(body.event_type ?? ''), resource };
    },
    ...(settings.standIn && standInUrl
      ? {
          async standInPay(outTradeNo: string) {
            const res = await fetch(`${standInUrl}/standin/transactions/${encodeURIComponent(outTradeNo)}/pay`, { method: 'POST', signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => {
              throw upstream(err, '模拟支付');
            });
            const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
            if (res.status === 400 && body.code === 'ORDER_CLOSED') throw new AppError('conflict', '这笔支付已关闭，请重新发起支付');
            if (!res.ok) throw new AppError('upstream_unavailable', `模拟支付失败（${res.status} ${body.code ?? ''}）`);
          },
        }
      : {}),
  };
}

/** A random out_trade_no / out_refund_no: a prefix, the time and randomness, within WeChat's 6-32 characters. */
export function merchantNo(prefix: 'fx' | 'rf'): string {
  return `${prefix}${Date.now().toString(36)}${crypto.randomBytes(6).toString('hex')}`;
}

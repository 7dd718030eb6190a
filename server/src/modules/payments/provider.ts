import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { AppError } from '../../core/errors';
import { localStandInKeys, startWechatPayStandIn, type WechatPayKeys, type WechatPayStandIn } from '../../standins/wechatPay';
import { createWechatPayGateway, type WechatPayGateway } from './wechatPay';
import { pem, wechatPayLiveSettings } from './liveSettings';

/**
 * Whether online payment is on, and the WeChat Pay client when it is. Live with the merchant's WECHATPAY_* settings;
 * in development without them, the local stand-in (started on first use, 127.0.0.1 on a free port, keys kept in
 * DATA_DIR/wechatpay-standin.json); otherwise off with the reason in words (production without them, tests unless
 * they bring their own stand-in).
 */
export interface WechatPayProvider {
  enabled: boolean;
  standIn: boolean;
  /** Why online payment is off, in words for the customer and staff (null when on). */
  reason: string | null;
  /** The client; 409 online_payment_unavailable when off. */
  gateway(): Promise<WechatPayGateway>;
}

export function disabledProvider(reason: string): WechatPayProvider {
  return {
    enabled: false,
    standIn: false,
    reason,
    gateway: () => Promise.reject(new AppError('online_payment_unavailable', `暂不能在线支付：${reason}`)),
  };
}

/** A provider around a ready gateway (tests bring their own stand-in this way). */
export function gatewayProvider(gateway: WechatPayGateway): WechatPayProvider {
  return { enabled: true, standIn: gateway.settings.standIn, reason: null, gateway: () => Promise.resolve(gateway) };
}

/** The real client, set up to talk to a stand-in of WeChat Pay at `url` with the stand-in's keys. */
export function standInGateway(keys: WechatPayKeys, url: string, notifyBase: string): WechatPayGateway {
  return createWechatPayGateway(
    {
      mchid: keys.mchid,
      appid: keys.appid,
      merchantSerial: keys.merchantSerial,
      merchantPrivateKey: keys.merchantPrivateKey,
      platformSerial: keys.platformSerial,
      platformPublicKey: keys.platformPublicKey,
      apiV3Key: keys.apiV3Key,
      apiBase: url,
      notifyBase,
      standIn: true,
    },
    url,
  );
}

export function createWechatPayProvider(config: Config, logger: Logger): WechatPayProvider {
  const live = wechatPayLiveSettings(config);
  const notifyBase = config.WECHATPAY_NOTIFY_BASE ?? config.PUBLIC_BASE_URL;
  if (live.given && live.missing.length === 0) {
    const gateway = createWechatPayGateway({
      mchid: config.WECHATPAY_MCHID!,
      appid: (config.WECHATPAY_APPID ?? config.WECHAT_APPID)!,
      merchantSerial: config.WECHATPAY_SERIAL!,
      merchantPrivateKey: pem(config.WECHATPAY_PRIVATE_KEY, config.WECHATPAY_PRIVATE_KEY_PATH)!,
      platformSerial: config.WECHATPAY_PLATFORM_SERIAL!,
      platformPublicKey: pem(config.WECHATPAY_PLATFORM_PUBLIC_KEY, config.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH)!,
      apiV3Key: config.WECHATPAY_APIV3_KEY!,
      apiBase: config.WECHATPAY_API_BASE,
      notifyBase,
      standIn: false,
    });
    return gatewayProvider(gateway);
  }
  const useStandIn = config.WECHATPAY_STANDIN ?? config.NODE_ENV === 'development';
  if (!useStandIn) {
    return disabledProvider(config.isProduction ? '未配置微信支付商户信息，请向工程师当面付款' : '本环境未接入微信支付');
  }
  // The stand-in, started on first use so a server that never takes a payment never opens its port.
  let started: Promise<{ standIn: WechatPayStandIn; gateway: WechatPayGateway }> | null = null;
  const start = async () => {
    const keys = localStandInKeys(config.DATA_DIR);
    const standIn = await startWechatPayStandIn({ keys, log: (line) => logger.info(line) });
    logger.info({ url: standIn.url }, 'WeChat Pay stand-in listening (no real money moves; README “Online payment”)');
    return { standIn, gateway: standInGateway(keys, standIn.url, notifyBase) };
  };
  return {
    enabled: true,
    standIn: true,
    reason: null,
    async gateway() {
      started ??= start().catch((err: unknown) => {
        started = null;
        throw err;
      });
      return (await started).gateway;
    },
  };
}

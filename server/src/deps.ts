import path from 'node:path';
import type { Config } from './config';
import type { Logger } from './logger';
import { systemClock, type Clock } from './lib/clock';
import type { createMetrics } from './http/metrics';
import { createConsoleSms, createHttpSms, type SmsSender } from './modules/auth/sms';
import { createWechatClient, type WechatClient } from './modules/auth/wechat';
import { createLogChannel, type NotificationChannel } from './modules/notifications/channels';
import { createWechatSubscribeChannel, createWechatSubscribeClient } from './modules/notifications/wechatSubscribe';
import { createSmsChannel } from './modules/notifications/smsChannel';
import { createDiskStorage, type FileStorage } from './modules/uploads/storage';
import { createWechatPayProvider, type WechatPayProvider } from './modules/payments/provider';

/** Everything the app needs from outside, injected so tests can supply their own clock and outside-service clients. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  sms: SmsSender;
  wechat: WechatClient | null;
  /** Delivery channels besides the in-app inbox (log; WeChat subscribe messages when configured; SMS). */
  channels: NotificationChannel[];
  /** Where uploaded images are stored (local disk under DATA_DIR/uploads by default). */
  storage: FileStorage;
  /** Online payment (issue 20.4): WeChat Pay, the local stand-in in development, or off with the reason. */
  wechatPay: WechatPayProvider;
}

/** Mutable state of one running app that health checks read. */
export interface AppRuntime {
  draining: boolean;
  metrics: ReturnType<typeof createMetrics>;
}

/** Builds the real outside-service clients from configuration. */
export function createDeps(config: Config, logger: Logger, clock: Clock = systemClock): AppDeps {
  const sms =
    config.SMS_PROVIDER === 'http'
      ? createHttpSms({ url: config.SMS_HTTP_URL!, ...(config.SMS_HTTP_TOKEN ? { token: config.SMS_HTTP_TOKEN } : {}) })
      : createConsoleSms(logger);
  const wechat =
    config.WECHAT_APPID && config.WECHAT_SECRET
      ? createWechatClient({ baseUrl: config.WECHAT_API_BASE, appId: config.WECHAT_APPID, secret: config.WECHAT_SECRET })
      : null;
  const channels: NotificationChannel[] = [createLogChannel(logger)];
  // WeChat subscribe messages only when the mini-program credentials and at least one template are configured.
  if (config.WECHAT_APPID && config.WECHAT_SECRET && config.WECHAT_SUBSCRIBE_TEMPLATES && Object.keys(config.WECHAT_SUBSCRIBE_TEMPLATES).length) {
    const client = createWechatSubscribeClient({
      baseUrl: config.WECHAT_API_BASE,
      appId: config.WECHAT_APPID,
      secret: config.WECHAT_SECRET,
      clock,
      ...(config.WECHAT_MINIPROGRAM_STATE ? { miniprogramState: config.WECHAT_MINIPROGRAM_STATE } : {}),
    });
    channels.push(createWechatSubscribeChannel({ client, templates: config.WECHAT_SUBSCRIBE_TEMPLATES, logger, clock }));
  }
  // SMS for the key customer events (shared SMS_MESSAGES), through the same gateway as sign-in codes.
  channels.push(createSmsChannel({ sender: sms, logger, clock }));
  const storage = createDiskStorage(path.join(config.DATA_DIR, 'uploads'));
  const wechatPay = createWechatPayProvider(config, logger);
  return { config, logger, clock, sms, wechat, channels, storage, wechatPay };
}

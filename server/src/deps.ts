import type { AppDeps } from './app';
import type { Config } from './config';
import type { Logger } from './logger';
import { systemClock, type Clock } from './lib/clock';
import { createConsoleSms, createHttpSms } from './modules/auth/sms';
import { createWechatClient } from './modules/auth/wechat';
import { createLogChannel, type NotificationChannel } from './modules/notifications/channels';
import { createWechatSubscribeChannel, createWechatSubscribeClient } from './modules/notifications/wechatSubscribe';
import { createDiskStorage } from './modules/uploads/storage';
import path from 'node:path';

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
  const storage = createDiskStorage(path.join(config.DATA_DIR, 'uploads'));
  return { config, logger, clock, sms, wechat, channels, storage };
}

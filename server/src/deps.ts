import type { AppDeps } from './app';
import type { Config } from './config';
import type { Logger } from './logger';
import { systemClock, type Clock } from './lib/clock';
import { createConsoleSms, createHttpSms } from './modules/auth/sms';
import { createWechatClient } from './modules/auth/wechat';

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
  return { config, logger, clock, sms, wechat };
}

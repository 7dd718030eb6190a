import type { Logger } from '../../logger';
import { AppError } from '../../core/errors';

/** Delivers one-time codes. `console` prints to the log (development only); `http` posts to an SMS gateway. */
export interface SmsSender {
  readonly kind: 'console' | 'http';
  sendCode(phone: string, code: string, ttlMinutes: number): Promise<void>;
}

export function createConsoleSms(log: Logger): SmsSender {
  return {
    kind: 'console',
    async sendCode(phone, code, ttlMinutes) {
      log.info({ phone, otp: code, ttlMinutes }, `【放心服务】验证码 ${code}，${ttlMinutes} 分钟内有效 (development SMS channel)`);
    },
  };
}

/**
 * Generic SMS gateway client: POST {url} with JSON `{ phone, template: 'login_code', params: { code, minutes } }` and a
 * bearer token; any 2xx is delivery accepted. Tested against a local stand-in gateway.
 */
export function createHttpSms(options: { url: string; token?: string; timeoutMs?: number }): SmsSender {
  return {
    kind: 'http',
    async sendCode(phone, code, ttlMinutes) {
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify({ phone, template: 'login_code', params: { code, minutes: ttlMinutes } }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch {
        throw new AppError('upstream_unavailable', '短信服务暂不可用，请稍后再试');
      }
      if (!res.ok) throw new AppError('upstream_unavailable', '短信发送失败，请稍后再试');
    },
  };
}

import type { Logger } from '../../logger';
import { AppError } from '../../core/errors';

/** Delivers one-time codes. `console` prints to the log (development only); `http` posts to an SMS gateway. */
export interface SmsSender {
  readonly kind: 'console' | 'http';
  sendCode(phone: string, code: string, ttlMinutes: number): Promise<void>;
}

/** What the provider answered to a templated message: accepted, or refused with its code (`http_500`, `unreachable`…). */
export type SmsSendResult = { ok: true } | { ok: false; code: string };

/**
 * Sends templated notification texts (order events: shared SMS_MESSAGES) through the same gateway. Never throws: a
 * refusal or an unreachable gateway is answered with its code, for the caller to record.
 */
export interface SmsTemplateSender {
  sendTemplate(phone: string, template: string, params: Record<string, string>, text: string): Promise<SmsSendResult>;
}

export function createConsoleSms(log: Logger): SmsSender & SmsTemplateSender {
  return {
    kind: 'console',
    async sendCode(phone, code, ttlMinutes) {
      log.info({ phone, otp: code, ttlMinutes }, `【放心服务】验证码 ${code}，${ttlMinutes} 分钟内有效 (development SMS channel)`);
    },
    async sendTemplate(phone, template, params, text) {
      log.info({ phone, template, params }, `${text} (development SMS channel)`);
      return { ok: true };
    },
  };
}

/**
 * Generic SMS gateway client: POST {url} with JSON `{ phone, template: 'login_code', params: { code, minutes } }` and a
 * bearer token; any 2xx is delivery accepted. Notification texts go the same way with their template code and
 * parameters; a 2xx whose JSON carries a `code` other than `OK` is a refusal with that code (as gateways answer a
 * template or rate refusal). Tested against a local stand-in gateway.
 */
export function createHttpSms(options: { url: string; token?: string; timeoutMs?: number }): SmsSender & SmsTemplateSender {
  const post = (body: unknown) =>
    fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  return {
    kind: 'http',
    async sendTemplate(phone, template, params) {
      let res: Response;
      let reply: { code?: unknown };
      try {
        res = await post({ phone, template, params });
        reply = ((await res.json().catch(() => ({}))) ?? {}) as { code?: unknown };
      } catch {
        return { ok: false, code: 'unreachable' };
      }
      const code = reply.code === undefined || reply.code === null ? null : String(reply.code);
      if (!res.ok) return { ok: false, code: code ?? `http_${res.status}` };
      if (code !== null && code !== 'OK' && code !== '0') return { ok: false, code };
      return { ok: true };
    },
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

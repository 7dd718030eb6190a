import { shanghaiDateTime } from '@fangxin/shared';
import type { SubscribeTemplate } from '../../config';
import { systemClock, type Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import type { NotificationChannel, OutboundMessage } from './channels';
import { attemptOnce, clearConsent, recipientOf, refundConsent, spendConsent } from './delivery';

/**
 * Client for WeChat mini-program subscribe messages (订阅消息):
 *   GET  {base}/cgi-bin/token?grant_type=client_credential&appid&secret   → { access_token, expires_in }
 *   POST {base}/cgi-bin/message/subscribe/send?access_token=…            { touser, template_id, page, data }
 * The access token is shared by every send and kept until 5 minutes before it expires; when WeChat says it is
 * invalid or expired (40001, 42001, 40014) it is fetched again and the send retried once. Tested against a local
 * stand-in that answers like WeChat.
 */
export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export type SubscribeResult =
  | { status: 'sent' }
  /** 43101: the user has not subscribed (or used up their one-time subscription): nothing to do. */
  | { status: 'not_subscribed' }
  | { status: 'failed'; errcode: number; errmsg: string };

export interface WechatSubscribeClient {
  send(message: SubscribeMessage): Promise<SubscribeResult>;
}

interface WechatReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
const NOT_SUBSCRIBED = 43101;
const REFRESH_MARGIN_SECONDS = 300;

export function createWechatSubscribeClient(options: {
  baseUrl: string;
  appId: string;
  secret: string;
  clock?: Clock;
  timeoutMs?: number;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}): WechatSubscribeClient {
  const clock = options.clock ?? systemClock;
  const timeout = () => AbortSignal.timeout(options.timeoutMs ?? 5000);
  let cached: { token: string; refreshAt: number } | null = null;
  // Concurrent sends that find no token share one fetch instead of each asking WeChat (which would invalidate the others').
  let inflight: Promise<string> | null = null;

  async function call(url: URL, init: RequestInit = {}): Promise<WechatReply> {
    const res = await fetch(url, { ...init, signal: timeout() });
    if (!res.ok) throw new Error(`WeChat answered HTTP ${res.status}`);
    return (await res.json()) as WechatReply;
  }

  async function fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/token', options.baseUrl);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', options.appId);
    url.searchParams.set('secret', options.secret);
    const reply = await call(url);
    if (!reply.access_token || (reply.errcode ?? 0) !== 0) throw new Error(`WeChat access token refused: ${reply.errcode} ${reply.errmsg ?? ''}`.trim());
    const ttl = reply.expires_in ?? 7200;
    const keepSeconds = ttl > REFRESH_MARGIN_SECONDS ? ttl - REFRESH_MARGIN_SECONDS : Math.floor(ttl / 2);
    cached = { token: reply.access_token, refreshAt: clock.now().getTime() + keepSeconds * 1000 };
    return reply.access_token;
  }

  function accessToken(): Promise<string> {
    if (cached && clock.now().getTime() < cached.refreshAt) return Promise.resolve(cached.token);
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function post(token: string, body: Record<string, unknown>): Promise<WechatReply> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.baseUrl);
    url.searchParams.set('access_token', token);
    return call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  return {
    async send(message) {
      const body = {
        touser: message.touser,
        template_id: message.templateId,
        ...(message.page ? { page: message.page } : {}),
        data: message.data,
        ...(options.miniprogramState ? { miniprogram_state: options.miniprogramState } : {}),
        lang: 'zh_CN',
      };
      let token = await accessToken();
      let reply = await post(token, body);
      if (TOKEN_REJECTED.has(reply.errcode ?? 0)) {
        // Only drop the token that failed: another send may already have replaced it.
        if (cached?.token === token) cached = null;
        token = await accessToken();
        reply = await post(token, body);
      }
      const errcode = reply.errcode ?? 0;
      if (errcode === 0) return { status: 'sent' };
      if (errcode === NOT_SUBSCRIBED) return { status: 'not_subscribed' };
      return { status: 'failed', errcode, errmsg: reply.errmsg ?? '' };
    },
  };
}

/** WeChat's length limits per keyword kind (characters); longer values are refused with 47003. */
const VALUE_LIMITS: Array<[RegExp, number]> = [
  [/^short_thing\d+$/, 5],
  [/^thing\d+$/, 20],
  [/^character_string\d+$/, 32],
  [/^letter\d+$/, 32],
  [/^phrase\d+$/, 5],
  [/^name\d+$/, 10],
  [/^symbol\d+$/, 5],
];

function fit(keyword: string, value: string): string {
  const max = VALUE_LIMITS.find(([re]) => re.test(keyword))?.[1];
  const chars = Array.from(value);
  if (!max || chars.length <= max) return value;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** `2026-11-24 09:30` in Asia/Shanghai, the format WeChat's `time` keywords take. */
function shanghaiMinute(at: Date): string {
  return shanghaiDateTime(at).slice(0, 16);
}

const DEFAULT_FIELDS: SubscribeTemplate['data'] = { thing1: 'title', thing2: 'body' };
const DEFAULT_PAGE = 'pages/index/index';

/**
 * The subscribe-message channel: for a message type with a configured template, sends to the recipient's WeChat
 * openid (users without one are skipped, unrecorded) — only with their consent: one of their one-time consents for
 * the template is spent first (atomically); with none left nothing is sent and the attempt is recorded `no_consent`.
 * A customer who turned WeChat notifications off is recorded `channel_off`. WeChat refusing (43101: no subscription
 * on its side; anything else) or being unreachable is recorded and logged, gives back the unused consent (except on
 * 43101), and never fails the action that caused the message. Each message is attempted once (see attemptOnce).
 */
export function createWechatSubscribeChannel(options: {
  client: WechatSubscribeClient;
  templates: Record<string, string | SubscribeTemplate>;
  logger: Logger;
  clock?: Clock;
}): NotificationChannel {
  const clock = options.clock ?? systemClock;
  const deps = { clock, logger: options.logger };
  return {
    name: 'wechat_subscribe',
    async deliver(message: OutboundMessage) {
      const configured = Object.hasOwn(options.templates, message.type) ? options.templates[message.type] : undefined;
      if (!configured) return;
      const recipient = await recipientOf(message.userId);
      if (!recipient?.wechatOpenId) return;
      const openId = recipient.wechatOpenId;
      const template: SubscribeTemplate = typeof configured === 'string' ? { id: configured, data: DEFAULT_FIELDS } : configured;
      const values = { title: message.title, body: message.body, time: shanghaiMinute(clock.now()) };
      const data = Object.fromEntries(Object.entries(template.data).map(([keyword, field]) => [keyword, { value: fit(keyword, values[field]) }]));
      // A message with its own page (a maintenance reminder: the booking page, prefilled) opens it; others their order.
      const page = message.link ?? `${template.page ?? DEFAULT_PAGE}${message.orderId ? `?orderId=${encodeURIComponent(message.orderId)}` : ''}`;
      const log = { channel: 'wechat_subscribe', type: message.type, userId: message.userId, templateId: template.id };
      await attemptOnce(deps, 'wechat_subscribe', message, recipient, template.id, async () => {
        if (!(await spendConsent(recipient.id, template.id, clock.now()))) {
          options.logger.debug(log, 'WeChat subscribe message not sent: no consent left');
          return { outcome: 'no_consent' };
        }
        let result: SubscribeResult;
        try {
          result = await options.client.send({ touser: openId, templateId: template.id, page, data });
        } catch (err) {
          options.logger.warn({ ...log, err }, 'WeChat subscribe message not sent: WeChat unreachable');
          await refundConsent(recipient.id, template.id, clock.now());
          return { outcome: 'provider_error', providerCode: 'unreachable' };
        }
        if (result.status === 'sent') return { outcome: 'sent' };
        if (result.status === 'not_subscribed') {
          options.logger.debug(log, 'WeChat subscribe message skipped: user not subscribed on WeChat’s side');
          await clearConsent(recipient.id, template.id, clock.now());
          return { outcome: 'no_consent', providerCode: String(NOT_SUBSCRIBED) };
        }
        options.logger.warn({ ...log, errcode: result.errcode, errmsg: result.errmsg }, 'WeChat subscribe message refused');
        await refundConsent(recipient.id, template.id, clock.now());
        return { outcome: 'provider_error', providerCode: String(result.errcode) };
      });
    },
  };
}

/** The configured template id of each message type (string or object form). */
export function templateIds(templates: Record<string, string | SubscribeTemplate> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(templates ?? {}).map(([type, t]) => [type, typeof t === 'string' ? t : t.id]));
}

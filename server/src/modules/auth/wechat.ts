import { AppError } from '../../core/errors';

/**
 * Client for WeChat's mini-program `code2session` API
 * (GET {base}/sns/jscode2session?appid&secret&js_code&grant_type=authorization_code).
 * Tested against a local stand-in server that answers like WeChat, including its error codes.
 */
export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatClient {
  code2session(code: string): Promise<WechatSession>;
}

interface Code2SessionReply {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

export function createWechatClient(options: { baseUrl: string; appId: string; secret: string; timeoutMs?: number }): WechatClient {
  return {
    async code2session(code) {
      const url = new URL('/sns/jscode2session', options.baseUrl);
      url.searchParams.set('appid', options.appId);
      url.searchParams.set('secret', options.secret);
      url.searchParams.set('js_code', code);
      url.searchParams.set('grant_type', 'authorization_code');
      let reply: Code2SessionReply;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        reply = (await res.json()) as Code2SessionReply;
      } catch {
        throw new AppError('upstream_unavailable', '微信服务暂不可用，请稍后再试');
      }
      const errcode = reply.errcode ?? 0;
      if (errcode === 0 && reply.openid) return { openid: reply.openid, ...(reply.unionid ? { unionid: reply.unionid } : {}) };
      switch (errcode) {
        case 40029: // invalid code
        case 40163: // code already used
          throw new AppError('wechat_login_failed', '微信登录凭证无效或已使用，请重试');
        case 40226: // high-risk user
          throw new AppError('wechat_login_failed', '该微信账号存在风险，暂无法登录');
        case 45011: // frequency limit
          throw new AppError('too_many_requests', '微信登录过于频繁，请稍后再试', { retryAfterSeconds: 60 });
        case -1: // system busy
          throw new AppError('upstream_unavailable', '微信服务繁忙，请稍后再试');
        default:
          throw new AppError('wechat_login_failed');
      }
    },
  };
}

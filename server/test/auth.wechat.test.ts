import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentConsent } from '@fangxin/shared';
import { Consent } from '../src/modules/auth/consent';
import { User } from '../src/modules/users/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { startStandIn, type StandIn } from './standins';

/** A stand-in for api.weixin.qq.com that answers code2session like WeChat, including its error codes. */
let wechat: StandIn;
let t: TestServer;
const CODES: Record<string, { errcode: number; errmsg: string } | { openid: string }> = {
  'code-alice': { openid: 'o_alice_123' },
  'code-alice-again': { openid: 'o_alice_123' },
  'code-bob': { openid: 'o_bob_456' },
  'code-invalid': { errcode: 40029, errmsg: 'invalid code' },
  'code-used': { errcode: 40163, errmsg: 'code been used' },
  'code-busy': { errcode: -1, errmsg: 'system error' },
  'code-limit': { errcode: 45011, errmsg: 'api minute-quota reach limit' },
  'code-risky': { errcode: 40226, errmsg: 'invalid user' },
};

beforeAll(async () => {
  wechat = await startStandIn(({ url }) => {
    if (url.pathname !== '/sns/jscode2session') return { status: 404 };
    if (url.searchParams.get('appid') !== 'wx-test-app' || url.searchParams.get('secret') !== 'wx-secret' || url.searchParams.get('grant_type') !== 'authorization_code') {
      return { json: { errcode: 40013, errmsg: 'invalid appid' } };
    }
    const answer = CODES[url.searchParams.get('js_code') ?? ''] ?? { errcode: 40029, errmsg: 'invalid code' };
    return { json: 'openid' in answer ? { ...answer, session_key: 'sk==' } : answer };
  });
  t = await startTestServer({ env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: wechat.url } });
});
afterAll(async () => {
  await t.close();
  await wechat.close();
  await dropTestDatabase();
});

describe('POST /api/v1/auth/wechat/login', () => {
  it('exchanges the code with code2session and signs in a new customer bound to the openid', async () => {
    const res = await t.request('POST', '/api/v1/auth/wechat/login', { body: { code: 'code-alice', consent: currentConsent() } });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('customer');
    const call = wechat.requests.at(-1)!;
    expect(call.url.searchParams.get('js_code')).toBe('code-alice');
    expect(await User.countDocuments({ wechatOpenId: 'o_alice_123' })).toBe(1);

    const again = await t.request('POST', '/api/v1/auth/wechat/login', { body: { code: 'code-alice-again', consent: currentConsent() } });
    expect(again.body.user.id).toBe(res.body.user.id);
    expect(await User.countDocuments({ wechatOpenId: 'o_alice_123' })).toBe(1);
  });

  it.each([
    ['code-invalid', 401, 'wechat_login_failed'],
    ['code-used', 401, 'wechat_login_failed'],
    ['code-risky', 401, 'wechat_login_failed'],
    ['code-limit', 429, 'too_many_requests'],
    ['code-busy', 502, 'upstream_unavailable'],
  ])('maps WeChat’s answer for %s to %i %s and creates no account', async (code, status, id) => {
    const before = await User.countDocuments({ role: 'customer' });
    const res = await t.request('POST', '/api/v1/auth/wechat/login', { body: { code, consent: currentConsent() } });
    expect(res.status).toBe(status);
    expect(res.body.error.id).toBe(id);
    expect(await User.countDocuments({ role: 'customer' })).toBe(before);
  });

  it('answers 502 when WeChat cannot be reached', async () => {
    const unreachable = await startTestServer({ env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: 'http://127.0.0.1:9' } });
    try {
      const res = await unreachable.request('POST', '/api/v1/auth/wechat/login', { body: { code: 'code-bob', consent: currentConsent() } });
      expect(res.status).toBe(502);
      expect(res.body.error.id).toBe('upstream_unavailable');
    } finally {
      await unreachable.close();
    }
  });

  it('answers 503 when WeChat login is not configured', async () => {
    const unconfigured = await startTestServer();
    try {
      const res = await unconfigured.request('POST', '/api/v1/auth/wechat/login', { body: { code: 'code-bob', consent: currentConsent() } });
      expect(res.status).toBe(503);
      expect(res.body.error.id).toBe('service_unavailable');
    } finally {
      await unconfigured.close();
    }
  });

  it('rejects an empty code with 400', async () => {
    const res = await t.request('POST', '/api/v1/auth/wechat/login', { body: { code: '', consent: currentConsent() } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('code');
  });

  it('refuses a sign-in without agreement to the current documents before asking WeChat, and records the agreement with the channel', async () => {
    const asked = wechat.requests.length;
    for (const consent of [undefined, { userAgreement: '2020-01-01', privacyPolicy: '2020-01-01' }]) {
      const res = await t.request('POST', '/api/v1/auth/wechat/login', { body: { code: 'code-bob', ...(consent ? { consent } : {}) } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toMatch(/^consent/);
    }
    expect(wechat.requests.length).toBe(asked);
    expect(await User.countDocuments({ wechatOpenId: 'o_bob_456' })).toBe(0);

    const ok = await t.request('POST', '/api/v1/auth/wechat/login', { body: { code: 'code-bob', consent: currentConsent() } });
    expect(ok.status).toBe(200);
    const records = await Consent.find({ userId: ok.body.user.id }).lean();
    expect(records.map((r) => `${r.document}:${r.channel}`).sort()).toEqual(['privacyPolicy:wechat', 'userAgreement:wechat']);
  });
});

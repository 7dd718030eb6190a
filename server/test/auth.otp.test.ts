import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentConsent } from '@fangxin/shared';
import { User } from '../src/modules/users/model';
import { OtpCode } from '../src/modules/auth/model';
import { randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { startStandIn } from './standins';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

async function sendCode(phone: string) {
  const res = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  expect(res.status).toBe(200);
  return res.body.devCode as string;
}

describe('POST /api/v1/auth/otp/send', () => {
  it('sends a 6-digit code that expires in 5 minutes, stored only as a hash', async () => {
    const phone = randomPhone();
    const res = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sent: true, expiresInSeconds: 300, resendAfterSeconds: 60 });
    expect(res.body.devCode).toMatch(/^\d{6}$/);
    const stored = await OtpCode.findById(phone).lean();
    expect(stored?.codeHash).not.toContain(res.body.devCode);
    expect(stored!.expiresAt.getTime() - t.clock.now().getTime()).toBe(300_000);
  });

  it('refuses a second code within 60 s with 429 and Retry-After, and allows it after', async () => {
    const phone = randomPhone();
    await sendCode(phone);
    t.clock.advance(20_000);
    const again = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
    expect(again.status).toBe(429);
    expect(again.body.error.id).toBe('too_many_requests');
    expect(Number(again.headers.get('retry-after'))).toBe(40);
    t.clock.advance(40_000);
    expect((await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } })).status).toBe(200);
  });

  it('rejects a malformed phone number with 400 naming the field', async () => {
    const res = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone: '12345' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'phone', message: '请输入 11 位手机号' }]);
  });

  it('limits codes per phone per hour and per IP per hour, each with 429', async () => {
    const limited = await startTestServer({ env: { TRUST_PROXY: 'true', RATE_OTP_PER_PHONE_PER_HOUR: '2', RATE_OTP_PER_IP_PER_HOUR: '3' } });
    // Windows are fixed hours: start just after one begins so the minutes advanced below stay inside it.
    limited.clock.set(new Date('2030-01-01T02:00:05Z'));
    try {
      const phone = randomPhone();
      const send = (p: string, ip: string) => limited.request('POST', '/api/v1/auth/otp/send', { body: { phone: p }, headers: { 'x-forwarded-for': ip } });
      expect((await send(phone, '203.0.113.20')).status).toBe(200);
      limited.clock.advance(61_000);
      expect((await send(phone, '203.0.113.21')).status).toBe(200);
      limited.clock.advance(61_000);
      const perPhone = await send(phone, '203.0.113.22');
      expect(perPhone.status).toBe(429);
      expect(perPhone.body.error.message).toContain('该手机号');

      const ip = '203.0.113.30';
      expect((await send(randomPhone(), ip)).status).toBe(200);
      expect((await send(randomPhone(), ip)).status).toBe(200);
      expect((await send(randomPhone(), ip)).status).toBe(200);
      expect((await send(randomPhone(), ip)).status).toBe(429);
      expect((await send(randomPhone(), '203.0.113.31')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/v1/auth/otp/login', () => {
  it('signs a new customer in, creating the account with a masked phone in the session', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code, consent: currentConsent() } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'customer', phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, outletId: null });
    expect(await User.countDocuments({ phone })).toBe(1);
  });

  it('signs an existing customer into the same account', async () => {
    const phone = randomPhone();
    const existing = await User.create({ role: 'customer', name: '老客户', phone });
    const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: await sendCode(phone), consent: currentConsent() } });
    expect(res.body.user.id).toBe(String(existing._id));
    expect(res.body.user.name).toBe('老客户');
  });

  it('uses a code once only', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    expect((await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code, consent: currentConsent() } })).status).toBe(200);
    const replay = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code, consent: currentConsent() } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.id).toBe('invalid_code');
  });

  it('refuses an expired code after 5 minutes', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    t.clock.advance(5 * 60_000 + 1);
    const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code, consent: currentConsent() } });
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('invalid_code');
    expect(await User.countDocuments({ phone })).toBe(0);
  });

  it('allows 5 attempts, then refuses even the right code with 429 code_attempts_exceeded', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: wrong, consent: currentConsent() } });
      expect(res.status).toBe(401);
    }
    const right = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code, consent: currentConsent() } });
    expect(right.status).toBe(429);
    expect(right.body.error.id).toBe('code_attempts_exceeded');
    expect(await User.countDocuments({ phone })).toBe(0);
  });

  it('lets exactly one of several concurrent sign-ins with the same code succeed', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    const results = await Promise.all(Array.from({ length: 5 }, () => t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code, consent: currentConsent() } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await User.countDocuments({ phone })).toBe(1);
  });

  it('rejects a code that is not 6 digits with 400', async () => {
    const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone: randomPhone(), code: '12ab', consent: currentConsent() } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('code');
  });
});

describe('SMS gateway client (SMS_PROVIDER=http)', () => {
  it('posts the code to the gateway with its token and does not reveal the code in the response', async () => {
    const gateway = await startStandIn(() => ({ json: { ok: true } }));
    const viaGateway = await startTestServer({ env: { SMS_PROVIDER: 'http', SMS_HTTP_URL: `${gateway.url}/send`, SMS_HTTP_TOKEN: 'gw-token' } });
    try {
      const phone = randomPhone();
      const res = await viaGateway.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
      expect(res.status).toBe(200);
      expect(res.body.devCode).toBeUndefined();
      expect(gateway.requests).toHaveLength(1);
      const sent = JSON.parse(gateway.requests[0]!.body);
      expect(sent).toMatchObject({ phone, template: 'login_code', params: { minutes: 5 } });
      expect(sent.params.code).toMatch(/^\d{6}$/);
      expect(gateway.requests[0]!.headers.authorization).toBe('Bearer gw-token');

      const login = await viaGateway.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.params.code, consent: currentConsent() } });
      expect(login.status).toBe(200);
    } finally {
      await viaGateway.close();
      await gateway.close();
    }
  });

  it('answers 502 upstream_unavailable when the gateway fails', async () => {
    const gateway = await startStandIn(() => ({ status: 500, json: { error: 'down' } }));
    const viaGateway = await startTestServer({ env: { SMS_PROVIDER: 'http', SMS_HTTP_URL: `${gateway.url}/send` } });
    try {
      const res = await viaGateway.request('POST', '/api/v1/auth/otp/send', { body: { phone: randomPhone() } });
      expect(res.status).toBe(502);
      expect(res.body.error.id).toBe('upstream_unavailable');
    } finally {
      await viaGateway.close();
      await gateway.close();
    }
  });
});

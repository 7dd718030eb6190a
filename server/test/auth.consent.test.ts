import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '@fangxin/shared';
import { User } from '../src/modules/users/model';
import { AuditEntry } from '../src/modules/audit/model';
import { randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * 我已阅读并同意《用户协议》《隐私政策》: the sign-in carries the version of the texts the customer accepted; the server
 * records it on the account with the time (and in the audit log), and refuses a version that is not the current one.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

async function signIn(phone: string, extra: Record<string, unknown>) {
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  expect(sent.status).toBe(200);
  return t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, ...extra } });
}

describe('privacy consent at sign-in', () => {
  it('records the accepted version and the time on the account and in the audit log', async () => {
    const phone = randomPhone();
    const res = await signIn(phone, { consent: { version: CONSENT_VERSION } });
    expect(res.status).toBe(200);
    const user = await User.findOne({ phone }).lean();
    expect(user!.consent).toEqual({ version: CONSENT_VERSION, acceptedAt: t.clock.now() });
    const audit = await AuditEntry.findOne({ action: 'auth.sign_in', actorId: user!._id }).lean();
    expect(audit!.data).toMatchObject({ method: 'otp', consentVersion: CONSENT_VERSION });

    // Accepting again later moves the time.
    t.clock.advance(3600_000);
    expect((await signIn(phone, { consent: { version: CONSENT_VERSION } })).status).toBe(200);
    expect((await User.findOne({ phone }).lean())!.consent!.acceptedAt).toEqual(t.clock.now());
  });

  it('refuses an outdated or made-up version with 400 naming the field, and signs nobody in', async () => {
    const phone = randomPhone();
    const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
    for (const consent of [{ version: '2020-01-01' }, { version: '' }, {}, 'yes']) {
      const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('consent');
    }
    expect(await User.findOne({ phone }).lean()).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_REQUIRED_MESSAGE, consentOutdatedMessage, currentConsent, PRIVACY_POLICY, USER_AGREEMENT } from '@fangxin/shared';
import { AuditEntry } from '../src/modules/audit/model';
import { Consent, recordConsent } from '../src/modules/auth/consent';
import { OtpCode, RefreshToken } from '../src/modules/auth/model';
import { User } from '../src/modules/users/model';
import { createStaff, PASSWORD, randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * 我已阅读并同意《用户协议》《隐私政策》 (PIPL): a customer sign-in must carry agreement to the current version of both
 * documents, or it is refused with 400 naming `consent` before anything changes (no account, no session, the code
 * not spent). Each acceptance is recorded once per document and version, with the time and the channel; after a
 * change of wording a returning customer agrees again. Staff sign-in takes no consent.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

async function sendCode(phone: string): Promise<string> {
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  expect(sent.status).toBe(200);
  return sent.body.devCode;
}

const login = (body: Record<string, unknown>) => t.request('POST', '/api/v1/auth/otp/login', { body });

/** Everything a sign-in could have changed for this phone. */
async function traces(phone: string) {
  const user = await User.findOne({ phone }).lean();
  return {
    user: user !== null,
    sessions: user ? await RefreshToken.countDocuments({ userId: user._id }) : 0,
    consents: user ? await Consent.countDocuments({ userId: user._id }) : 0,
    codeSpent: (await OtpCode.findById(phone).lean())?.consumedAt != null,
    attempts: (await OtpCode.findById(phone).lean())?.attempts ?? 0,
  };
}

const NOTHING = { user: false, sessions: 0, consents: 0, codeSpent: false, attempts: 0 };

describe('consent is required for a customer sign-in', () => {
  it('refuses a sign-in without agreement with 400 naming consent, and changes nothing: the same code still works after agreeing', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    for (const consent of [undefined, null, 'yes', true]) {
      const res = await login({ phone, code, ...(consent === undefined ? {} : { consent }) });
      expect(res.status).toBe(400);
      expect(res.body.error.id).toBe('validation_failed');
      expect(res.body.error.fields).toEqual([{ path: 'consent', message: CONSENT_REQUIRED_MESSAGE }]);
    }
    // A half-ticked or empty agreement names the document that is missing.
    const half = await login({ phone, code, consent: { userAgreement: USER_AGREEMENT.version } });
    expect(half.status).toBe(400);
    expect(half.body.error.fields).toEqual([{ path: 'consent.privacyPolicy', message: CONSENT_REQUIRED_MESSAGE }]);
    expect(await traces(phone)).toEqual(NOTHING);

    const ok = await login({ phone, code, consent: currentConsent() });
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('customer');
  });

  it('refuses agreement to an outdated version, naming the document that changed', async () => {
    const phone = randomPhone();
    const code = await sendCode(phone);
    const oldAgreement = await login({ phone, code, consent: { ...currentConsent(), userAgreement: '2020-01-01' } });
    expect(oldAgreement.status).toBe(400);
    expect(oldAgreement.body.error.fields).toEqual([{ path: 'consent.userAgreement', message: consentOutdatedMessage('userAgreement') }]);
    expect(oldAgreement.body.error.fields[0].message).toBe('《用户协议》已更新，请重新阅读并同意');
    const oldPolicy = await login({ phone, code, consent: { ...currentConsent(), privacyPolicy: '2020-01-01' } });
    expect(oldPolicy.body.error.fields).toEqual([{ path: 'consent.privacyPolicy', message: '《隐私政策》已更新，请重新阅读并同意' }]);
    // The shape of an earlier app (one version for both) is not agreement to the current documents either.
    const earlierApp = await login({ phone, code, consent: { version: USER_AGREEMENT.version } });
    expect(earlierApp.status).toBe(400);
    expect(earlierApp.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['consent.userAgreement', 'consent.privacyPolicy']);
    expect(await traces(phone)).toEqual(NOTHING);
  });

  it('records agreement to each document once per version, with the time and the channel, before the session starts', async () => {
    const phone = randomPhone();
    const first = await login({ phone, code: await sendCode(phone), consent: currentConsent() });
    expect(first.status).toBe(200);
    const agreedAt = t.clock.now();
    const userId = first.body.user.id;
    const records = await Consent.find({ userId }).sort({ document: 1 }).lean();
    expect(records.map(({ document, version, acceptedAt, channel }) => ({ document, version, acceptedAt, channel }))).toEqual([
      { document: 'privacyPolicy', version: PRIVACY_POLICY.version, acceptedAt: agreedAt, channel: 'otp' },
      { document: 'userAgreement', version: USER_AGREEMENT.version, acceptedAt: agreedAt, channel: 'otp' },
    ]);
    const audit = await AuditEntry.findOne({ action: 'auth.sign_in', actorId: userId }).lean();
    expect(audit!.data).toMatchObject({ method: 'otp', consent: currentConsent(), agreedNow: ['userAgreement', 'privacyPolicy'] });

    // Signing in again under the same versions adds nothing and keeps the first acceptance's time.
    t.clock.advance(3 * 3600_000);
    expect((await login({ phone, code: await sendCode(phone), consent: currentConsent() })).status).toBe(200);
    expect(await Consent.countDocuments({ userId })).toBe(2);
    expect((await Consent.findOne({ userId, document: 'userAgreement' }).lean())!.acceptedAt).toEqual(agreedAt);

    // Concurrent records of the same agreement (two devices signing in at once) still leave one per version.
    const user = await User.findOne({ phone }).lean();
    await Consent.deleteMany({ userId });
    const added = await Promise.all(Array.from({ length: 6 }, () => recordConsent(user!._id, currentConsent(), t.clock.now(), 'otp', '127.0.0.1')));
    expect(await Consent.countDocuments({ userId })).toBe(2);
    expect(added.flat().sort()).toEqual(['privacyPolicy', 'userAgreement']);
  });

  it('asks a returning customer to agree again after a change of wording, and keeps both agreements', async () => {
    const phone = randomPhone();
    const first = await login({ phone, code: await sendCode(phone), consent: currentConsent() });
    const userId = first.body.user.id;
    // As if the customer had agreed to last year's wording only: what a version change leaves behind.
    await Consent.updateMany({ userId }, { $set: { version: '2025-06-01', acceptedAt: new Date(t.clock.now().getTime() - 180 * 86_400_000) } });

    t.clock.advance(5 * 60_000); // past the one-code-a-minute limit
    const code = await sendCode(phone);
    const refused = await login({ phone, code, consent: { userAgreement: '2025-06-01', privacyPolicy: '2025-06-01' } });
    expect(refused.status).toBe(400);
    expect(await RefreshToken.countDocuments({ userId })).toBe(1);

    t.clock.advance(60_000);
    expect((await login({ phone, code, consent: currentConsent() })).status).toBe(200);
    const mine = await t.request('GET', '/api/v1/me/consents', { token: first.body.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { document: string; version: string }) => `${i.document}@${i.version}`).sort()).toEqual(
      [`privacyPolicy@${PRIVACY_POLICY.version}`, `userAgreement@${USER_AGREEMENT.version}`, 'privacyPolicy@2025-06-01', 'userAgreement@2025-06-01'].sort(),
    );
    expect(mine.body.items[0]).toMatchObject({ version: USER_AGREEMENT.version, acceptedAt: t.clock.now().toISOString(), channel: 'otp' });
  });

  it('lets staff sign in without consent, and shows consent records only to customers', async () => {
    const manager = await createStaff('platform_admin', null);
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: manager.username, password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(await Consent.countDocuments({ userId: manager.id })).toBe(0);
    expect((await t.request('GET', '/api/v1/me/consents', { token: res.body.accessToken })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/me/consents')).status).toBe(401);
  });
});

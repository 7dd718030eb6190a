import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefreshToken } from '../src/modules/auth/model';
import { User } from '../src/modules/users/model';
import { AuditEntry } from '../src/modules/audit/model';
import { createOutlet, createStaff, PASSWORD } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

async function signIn() {
  const staff = await createStaff('outlet_manager', (await createOutlet()).id);
  const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: staff.username, password: PASSWORD } });
  expect(res.status).toBe(200);
  return { ...staff, tokens: res.body as { accessToken: string; refreshToken: string } };
}

describe('access tokens', () => {
  it('expire after 15 minutes with 401 token_expired', async () => {
    const { tokens } = await signIn();
    t.clock.advance(14 * 60_000);
    expect((await t.request('GET', '/api/v1/me', { token: tokens.accessToken })).status).toBe(200);
    t.clock.advance(60_000 + 1000);
    const res = await t.request('GET', '/api/v1/me', { token: tokens.accessToken });
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('token_expired');
  });

  it('refuses a missing, tampered, alg:none or foreign-key token with 401 unauthenticated', async () => {
    const { id, tokens } = await signIn();
    const [header, payload, signature] = tokens.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'platform_admin' })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${elevated}.`;
    const foreign = jwt.sign({ sub: id, role: 'platform_admin', oid: null }, 'another-secret-another-secret-1234', {
      algorithm: 'HS256',
      issuer: 'fangxin',
      audience: 'fangxin-api',
      expiresIn: 600,
    });
    const cases = [`${header}.${elevated}.${signature}`, none, foreign, 'not-a-token'];
    for (const token of cases) {
      const res = await t.request('GET', '/api/v1/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.id).toBe('unauthenticated');
    }
    expect((await t.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('stop working at once when the account is disabled', async () => {
    const { id, tokens } = await signIn();
    await User.updateOne({ _id: id }, { $set: { status: 'disabled' } });
    const res = await t.request('GET', '/api/v1/me', { token: tokens.accessToken });
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('account_disabled');
  });
});

describe('POST /api/v1/auth/refresh', () => {
  it('rotates: returns a new pair, stores only hashes, and the old refresh token stops working', async () => {
    const { tokens } = await signIn();
    const res = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(tokens.refreshToken);
    expect((await t.request('GET', '/api/v1/me', { token: res.body.accessToken })).status).toBe(200);
    expect(await RefreshToken.countDocuments({ _id: tokens.refreshToken })).toBe(0);
    const hash = crypto.createHash('sha256').update(res.body.refreshToken).digest('hex');
    expect(await RefreshToken.countDocuments({ _id: hash })).toBe(1);
  });

  it('treats reuse of a rotated token as theft: 401 refresh_token_reused and the whole family is revoked', async () => {
    const { id, tokens } = await signIn();
    const rotated = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    const reuse = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.id).toBe('refresh_token_reused');
    const legit = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(legit.status).toBe(401);
    expect(legit.body.error.id).toBe('refresh_token_invalid');
    expect(await AuditEntry.countDocuments({ action: 'auth.refresh_reuse', actorId: id })).toBe(1);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const { tokens } = await signIn();
    const results = await Promise.all([1, 2].map(() => t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses an unknown token and a token past its 30 days', async () => {
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } })).body.error.id).toBe('refresh_token_invalid');
    const { tokens } = await signIn();
    t.clock.advance(31 * 24 * 3600_000);
    const res = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('refresh_token_invalid');
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('revokes the session so its refresh token no longer works', async () => {
    const { tokens } = await signIn();
    const out = await t.request('POST', '/api/v1/auth/logout', { body: { refreshToken: tokens.refreshToken } });
    expect(out.status).toBe(204);
    const res = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(res.status).toBe(401);
  });

  it('answers 204 for an unknown token without revealing anything', async () => {
    expect((await t.request('POST', '/api/v1/auth/logout', { body: { refreshToken: 'y'.repeat(43) } })).status).toBe(204);
  });
});

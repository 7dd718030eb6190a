import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('POST /api/v1/auth/staff/login', () => {
  it('signs a manager in and returns tokens and the user with their outlet', async () => {
    const outlet = await createOutlet({ name: '测试西湖网点' });
    const manager = await createStaff('outlet_manager', outlet.id);

    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: manager.username, password: PASSWORD } });

    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: manager.id, role: 'outlet_manager', outletId: outlet.id, outletName: '测试西湖网点' });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.refreshToken.length).toBeGreaterThan(30);
    expect(new Date(res.body.accessTokenExpiresAt).getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000);
    const me = await t.request('GET', '/api/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(manager.username);
    expect(await AuditEntry.countDocuments({ action: 'auth.sign_in', actorId: manager.id })).toBe(1);
  });

  it('accepts the username in any letter case', async () => {
    const admin = await createStaff('platform_admin', null);
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: admin.username.toUpperCase(), password: PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong password and an unknown username with the same 401 invalid_credentials', async () => {
    const admin = await createStaff('platform_admin', null);
    const wrong = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: admin.username, password: 'nope-nope' } });
    const unknown = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: 'nobody.here', password: 'nope-nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.id).toBe('invalid_credentials');
      expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    }
  });

  it('locks the account for 15 minutes after 5 failures in a row, even for the right password, then lets it in', async () => {
    const engineer = await createStaff('engineer', (await createOutlet()).id);
    for (let i = 0; i < 4; i++) {
      const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: engineer.username, password: 'wrong-pass' } });
      expect(res.status).toBe(401);
    }
    const fifth = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: engineer.username, password: 'wrong-pass' } });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.id).toBe('account_locked');
    expect(Number(fifth.headers.get('retry-after'))).toBe(15 * 60);

    const rightButLocked = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: engineer.username, password: PASSWORD } });
    expect(rightButLocked.status).toBe(423);

    t.clock.advance(15 * 60_000 + 1000);
    const afterLock = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: engineer.username, password: PASSWORD } });
    expect(afterLock.status).toBe(200);
    const stored = await User.findById(engineer.id).lean();
    expect(stored?.failedLogins).toBe(0);
    expect(stored?.lockedUntil).toBeNull();
  });

  it('refuses a disabled account with 403 account_disabled', async () => {
    const staff = await createStaff('outlet_manager', (await createOutlet()).id, { status: 'disabled' });
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: staff.username, password: PASSWORD } });
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('account_disabled');
  });

  it('does not let a customer account sign in as staff', async () => {
    await User.create({ role: 'customer', name: '客户', username: 'customer.sneaky', passwordHash: 'scrypt$1$1$1$x$y' });
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: 'customer.sneaky', password: PASSWORD } });
    expect(res.status).toBe(401);
  });

  it('rejects bad input with 400 validation_failed naming each field', async () => {
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: '', password: 123 } });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['password', 'username']);
  });

  it('rejects operator objects instead of querying with them', async () => {
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: { $ne: null }, password: { $gt: '' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['password.$gt', 'username.$ne']);
  });
});

describe('staff sign-in rate limit', () => {
  it('answers 429 with Retry-After past the per-IP limit, without blocking another client', async () => {
    const limited = await startTestServer({ env: { TRUST_PROXY: 'true', RATE_LOGIN_PER_IP_PER_MIN: '3' } });
    // Windows are fixed minutes: start at the beginning of one so the four attempts share it.
    limited.clock.set(new Date('2030-01-01T02:00:00Z'));
    try {
      const from = (ip: string) => ({ body: { username: 'whoever', password: 'whatever1' }, headers: { 'x-forwarded-for': ip } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.request('POST', '/api/v1/auth/staff/login', from('203.0.113.7'))).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const blocked = await limited.request('POST', '/api/v1/auth/staff/login', from('203.0.113.7'));
      expect(blocked.body.error.id).toBe('too_many_requests');
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await limited.request('POST', '/api/v1/auth/staff/login', from('198.51.100.9'))).status).toBe(401);

      limited.clock.advance(61_000);
      expect((await limited.request('POST', '/api/v1/auth/staff/login', from('203.0.113.7'))).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

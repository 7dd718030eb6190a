import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../src/modules/audit/model';
import { RefreshToken } from '../src/modules/auth/model';
import { verifyPassword } from '../src/modules/auth/passwords';
import { Engineer } from '../src/modules/network/model';
import { User } from '../src/modules/users/model';
import { createEngineer, createOutlet, createStaff, PASSWORD } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { customerToken, staffLogin, staffToken } from './orderKit';

let t: TestServer;
let outlet: Awaited<ReturnType<typeof createOutlet>>;
let otherOutlet: Awaited<ReturnType<typeof createOutlet>>;
let admin: { id: string; token: string };
let managerToken: string;

const uid = () => crypto.randomBytes(4).toString('hex');
const fieldPaths = (body: { error: { fields?: Array<{ path: string }> } }) => (body.error.fields ?? []).map((f) => f.path);

/** A platform admin of this test's own, signed in. */
async function newAdmin() {
  const staff = await createStaff('platform_admin', null);
  return { ...staff, token: await staffToken(t, staff.username) };
}

/**
 * Runs `body` while the given admins are the only active platform admins: the last-admin rule is about the whole
 * database, so the other tests' admins are set aside for the duration and restored afterwards.
 */
async function withOnlyActiveAdmins(keep: string[], body: () => Promise<void>) {
  const others = await User.find({ role: 'platform_admin', status: 'active', _id: { $nin: keep } }, { _id: 1 }).lean();
  const ids = others.map((o) => o._id);
  await User.updateMany({ _id: { $in: ids } }, { $set: { status: 'disabled' } });
  try {
    await body();
  } finally {
    await User.updateMany({ _id: { $in: ids } }, { $set: { status: 'active' } });
  }
}

beforeAll(async () => {
  t = await startTestServer();
  outlet = await createOutlet();
  otherOutlet = await createOutlet();
  admin = await newAdmin();
  managerToken = await staffToken(t, (await createStaff('outlet_manager', outlet.id)).username);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('GET /api/v1/admin/users', () => {
  it('lists staff accounts filtered by role, outlet, status and name or username, without secrets', async () => {
    const own = await createOutlet();
    const manager = await createStaff('outlet_manager', own.id);
    const disabled = await createStaff('outlet_manager', own.id, { status: 'disabled' });
    const engineer = await createEngineer(own.id);
    const list = async (query: string) => {
      const res = await t.request('GET', `/api/v1/admin/users?outletId=${own.id}&${query}`, { token: admin.token });
      expect(res.status).toBe(200);
      return res.body;
    };
    const all = await list('');
    expect(all.total).toBe(3);
    expect(all.items.map((u: { id: string }) => u.id).sort()).toEqual([manager.id, disabled.id, engineer.id].sort());
    expect(all.items.find((u: { id: string }) => u.id === engineer.id)).toMatchObject({ role: 'engineer', engineerId: engineer.engineerId, outletName: own.name, status: 'active' });
    expect(JSON.stringify(all)).not.toMatch(/passwordHash|scrypt|failedLogins/);

    expect((await list('role=engineer')).items.map((u: { id: string }) => u.id)).toEqual([engineer.id]);
    expect((await list('status=disabled')).items.map((u: { id: string }) => u.id)).toEqual([disabled.id]);
    expect((await list(`q=${manager.username.toUpperCase()}`)).items.map((u: { id: string }) => u.id)).toEqual([manager.id]);
  });

  it('never lists customers, and is 403 for an outlet manager', async () => {
    const customer = await customerToken(t);
    const res = await t.request('GET', '/api/v1/admin/users?pageSize=100&role=customer', { token: admin.token });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['query.role']);
    const all = await t.request('GET', `/api/v1/admin/users?q=${customer.phone.slice(-4)}`, { token: admin.token });
    expect(all.body.items.map((u: { id: string }) => u.id)).not.toContain(customer.id);
    expect((await t.request('GET', '/api/v1/admin/users', { token: managerToken })).status).toBe(403);
  });
});

describe('POST /api/v1/admin/users', () => {
  it('creates an outlet manager who can sign in and sees their outlet', async () => {
    const username = `mgr.${uid()}`;
    const res = await t.request('POST', '/api/v1/admin/users', { token: admin.token, body: { role: 'outlet_manager', username, password: 'Manager-Pass-1', name: '网点经理甲', outletId: outlet.id } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'outlet_manager', username, name: '网点经理甲', outletId: outlet.id, outletName: outlet.name, status: 'active', engineerId: null });
    const stored = await User.findOne({ username }).lean();
    expect(await verifyPassword('Manager-Pass-1', stored!.passwordHash!)).toBe(true);
    const session = await staffLogin(t, username, 'Manager-Pass-1');
    const outlets = await t.request('GET', '/api/v1/outlets', { token: session.accessToken });
    expect(outlets.body.items.map((o: { id: string }) => o.id)).toEqual([outlet.id]);
    expect(await AuditEntry.countDocuments({ action: 'user.create', target: `user:${username}`, actorId: admin.id })).toBe(1);
  });

  it('creates a platform admin with no outlet', async () => {
    const username = `adm.${uid()}`;
    const res = await t.request('POST', '/api/v1/admin/users', { token: admin.token, body: { role: 'platform_admin', username, password: 'Admin-Pass-12', name: '平台管理员乙' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'platform_admin', outletId: null });
  });

  it('rejects a manager without an outlet, an admin with one, an engineer role and a short password with 400 naming the field', async () => {
    const base = { username: `bad.${uid()}`, password: 'Good-Pass-1', name: '某人' };
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ ...base, role: 'outlet_manager' }, ['outletId']],
      [{ ...base, role: 'platform_admin', outletId: outlet.id }, ['outletId']],
      [{ ...base, role: 'engineer', outletId: outlet.id }, ['role']],
      [{ ...base, role: 'platform_admin', password: 'short' }, ['password']],
    ];
    for (const [body, paths] of cases) {
      const res = await t.request('POST', '/api/v1/admin/users', { token: admin.token, body });
      expect(res.status).toBe(400);
      expect(fieldPaths(res.body)).toEqual(paths);
    }
    expect(await User.countDocuments({ username: base.username })).toBe(0);
  });

  it('answers 409 for a taken username and 404 for a missing outlet', async () => {
    const existing = await createStaff('outlet_manager', outlet.id);
    const taken = await t.request('POST', '/api/v1/admin/users', { token: admin.token, body: { role: 'platform_admin', username: existing.username, password: 'Admin-Pass-12', name: '重名' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ id: 'conflict', fields: [{ path: 'username' }] });
    const username = `mgr.${uid()}`;
    const missing = await t.request('POST', '/api/v1/admin/users', {
      token: admin.token,
      body: { role: 'outlet_manager', username, password: 'Manager-Pass-1', name: '无网点', outletId: '0123456789abcdef01234567' },
    });
    expect(missing.status).toBe(404);
    expect(await User.countDocuments({ username })).toBe(0);
  });
});

describe('PATCH /api/v1/admin/users/:id', () => {
  it('promotes a manager to platform admin: the outlet is dropped and the next request sees every outlet', async () => {
    const manager = await createStaff('outlet_manager', outlet.id);
    const token = await staffToken(t, manager.username);
    const res = await t.request('PATCH', `/api/v1/admin/users/${manager.id}`, { token: admin.token, body: { role: 'platform_admin', name: '升任管理员' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'platform_admin', outletId: null, name: '升任管理员' });
    expect(await User.findById(manager.id).lean()).toMatchObject({ role: 'platform_admin', outletId: null });
    const outlets = await t.request('GET', '/api/v1/outlets', { token });
    expect(outlets.body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([outlet.id, otherOutlet.id]));
    expect(await AuditEntry.countDocuments({ action: 'user.update', target: `user:${manager.username}`, 'data.toRole': 'platform_admin' })).toBe(1);
  });

  it('demotes an admin to manager only with an outlet (400 outletId), and moves a manager between outlets', async () => {
    const other = await createStaff('platform_admin', null);
    const noOutlet = await t.request('PATCH', `/api/v1/admin/users/${other.id}`, { token: admin.token, body: { role: 'outlet_manager' } });
    expect(noOutlet.status).toBe(400);
    expect(fieldPaths(noOutlet.body)).toEqual(['outletId']);
    expect((await User.findById(other.id).lean())!.role).toBe('platform_admin');

    const demoted = await t.request('PATCH', `/api/v1/admin/users/${other.id}`, { token: admin.token, body: { role: 'outlet_manager', outletId: outlet.id } });
    expect(demoted.body).toMatchObject({ role: 'outlet_manager', outletId: outlet.id });
    const moved = await t.request('PATCH', `/api/v1/admin/users/${other.id}`, { token: admin.token, body: { outletId: otherOutlet.id } });
    expect(moved.body).toMatchObject({ role: 'outlet_manager', outletId: otherOutlet.id });
    expect(String((await User.findById(other.id).lean())!.outletId)).toBe(otherOutlet.id);
  });

  it('leaves engineer accounts to /engineers (409) and does not know customers (404)', async () => {
    const engineer = await createEngineer(outlet.id);
    const res = await t.request('PATCH', `/api/v1/admin/users/${engineer.id}`, { token: admin.token, body: { role: 'platform_admin' } });
    expect(res.status).toBe(409);
    expect((await User.findById(engineer.id).lean())!.role).toBe('engineer');
    const customer = await customerToken(t);
    expect((await t.request('PATCH', `/api/v1/admin/users/${customer.id}`, { token: admin.token, body: { name: '改名' } })).status).toBe(404);
  });

  it('refuses to demote the last active platform admin with 409 conflict', async () => {
    const only = await newAdmin();
    await withOnlyActiveAdmins([only.id], async () => {
      const res = await t.request('PATCH', `/api/v1/admin/users/${only.id}`, { token: only.token, body: { role: 'outlet_manager', outletId: outlet.id } });
      expect(res.status).toBe(409);
      expect(res.body.error.id).toBe('conflict');
      expect((await User.findById(only.id).lean())!.role).toBe('platform_admin');
    });
  });
});

describe('POST /api/v1/admin/users/:id/disable', () => {
  it('stops the account’s access token at once (403 account_disabled) and revokes its refresh tokens', async () => {
    const manager = await createStaff('outlet_manager', outlet.id);
    const session = await staffLogin(t, manager.username);
    expect((await t.request('GET', '/api/v1/outlets', { token: session.accessToken })).status).toBe(200);

    const res = await t.request('POST', `/api/v1/admin/users/${manager.id}/disable`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('disabled');
    expect((await User.findById(manager.id).lean())!.status).toBe('disabled');
    expect(await RefreshToken.countDocuments({ userId: manager.id, revokedAt: null })).toBe(0);

    const denied = await t.request('GET', '/api/v1/outlets', { token: session.accessToken });
    expect(denied.status).toBe(403);
    expect(denied.body.error.id).toBe('account_disabled');
    const refresh = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refresh.status).toBe(401);
    expect(refresh.body.error.id).toBe('refresh_token_invalid');
    const login = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: manager.username, password: PASSWORD } });
    expect(login.status).toBe(403);
    expect(await AuditEntry.countDocuments({ action: 'user.disable', target: `user:${manager.username}` })).toBe(1);
  });

  it('also suspends a disabled engineer’s profile, so dispatch stops offering them orders', async () => {
    const engineer = await createEngineer(outlet.id);
    const res = await t.request('POST', `/api/v1/admin/users/${engineer.id}/disable`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(await Engineer.findById(engineer.engineerId).lean()).toMatchObject({ status: 'suspended', suspension: { reason: '账号已停用' } });
  });

  it('refuses to disable yourself, or an account already disabled, with 409 conflict', async () => {
    const self = await t.request('POST', `/api/v1/admin/users/${admin.id}/disable`, { token: admin.token });
    expect(self.status).toBe(409);
    expect((await User.findById(admin.id).lean())!.status).toBe('active');
    const disabled = await createStaff('outlet_manager', outlet.id, { status: 'disabled' });
    expect((await t.request('POST', `/api/v1/admin/users/${disabled.id}/disable`, { token: admin.token })).status).toBe(409);
  });

  it('keeps one active platform admin when the last two disable each other at once', async () => {
    const a = await newAdmin();
    const b = await newAdmin();
    await withOnlyActiveAdmins([a.id, b.id], async () => {
      const [ab, ba] = await Promise.all([
        t.request('POST', `/api/v1/admin/users/${b.id}/disable`, { token: a.token }),
        t.request('POST', `/api/v1/admin/users/${a.id}/disable`, { token: b.token }),
      ]);
      expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
      expect(await User.countDocuments({ _id: { $in: [a.id, b.id] }, status: 'active' })).toBe(1);
    });
  });

  it('is 403 for an outlet manager and 404 for a customer', async () => {
    const target = await createStaff('outlet_manager', outlet.id);
    expect((await t.request('POST', `/api/v1/admin/users/${target.id}/disable`, { token: managerToken })).status).toBe(403);
    const customer = await customerToken(t);
    expect((await t.request('POST', `/api/v1/admin/users/${customer.id}/disable`, { token: admin.token })).status).toBe(404);
    expect((await User.find({ _id: { $in: [target.id, customer.id] } }).lean()).map((u) => u.status)).toEqual(['active', 'active']);
  });
});

describe('POST /api/v1/admin/users/:id/enable', () => {
  it('re-enables a disabled account, which can sign in again; 409 when it is not disabled', async () => {
    const manager = await createStaff('outlet_manager', outlet.id, { status: 'disabled' });
    const res = await t.request('POST', `/api/v1/admin/users/${manager.id}/enable`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect((await staffLogin(t, manager.username)).accessToken).toBeTruthy();
    expect(await AuditEntry.countDocuments({ action: 'user.enable', target: `user:${manager.username}` })).toBe(1);
    expect((await t.request('POST', `/api/v1/admin/users/${manager.id}/enable`, { token: admin.token })).status).toBe(409);
  });
});

describe('POST /api/v1/admin/users/:id/reset-password', () => {
  it('sets the new password and signs the account out everywhere', async () => {
    const engineer = await createEngineer(outlet.id);
    const session = await staffLogin(t, engineer.username);
    const res = await t.request('POST', `/api/v1/admin/users/${engineer.id}/reset-password`, { token: admin.token, body: { password: 'Brand-New-Pass-7' } });
    expect(res.status).toBe(200);
    expect(await RefreshToken.countDocuments({ userId: engineer.id, revokedAt: null })).toBe(0);
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/staff/login', { body: { username: engineer.username, password: PASSWORD } })).status).toBe(401);
    expect((await staffLogin(t, engineer.username, 'Brand-New-Pass-7')).accessToken).toBeTruthy();
    const entry = await AuditEntry.findOne({ action: 'user.reset_password', target: `user:${engineer.username}` }).lean();
    expect(JSON.stringify(entry)).not.toContain('Brand-New-Pass-7');
  });

  it('rejects a password under 8 characters with 400 password, keeping the old one', async () => {
    const manager = await createStaff('outlet_manager', outlet.id);
    const before = (await User.findById(manager.id).lean())!.passwordHash;
    const res = await t.request('POST', `/api/v1/admin/users/${manager.id}/reset-password`, { token: admin.token, body: { password: '1234567' } });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['password']);
    expect((await User.findById(manager.id).lean())!.passwordHash).toBe(before);
  });
});

describe('GET /api/v1/admin/customers', () => {
  it('finds customers by the last 4 digits of their phone, showing only masked numbers', async () => {
    const customer = await customerToken(t);
    const res = await t.request('GET', `/api/v1/admin/customers?q=${customer.phone.slice(-4)}&pageSize=100`, { token: admin.token });
    expect(res.status).toBe(200);
    const found = res.body.items.find((c: { id: string }) => c.id === customer.id);
    expect(found).toMatchObject({ phoneMasked: `${customer.phone.slice(0, 3)}****${customer.phone.slice(-4)}`, status: 'active', wechatLinked: false });
    expect(res.body.items.every((c: { phoneMasked: string }) => c.phoneMasked.endsWith(customer.phone.slice(-4)))).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(customer.phone);
  });

  it('rejects anything but 4 digits with 400 query.q, and is 403 for an outlet manager', async () => {
    const res = await t.request('GET', '/api/v1/admin/customers?q=13a', { token: admin.token });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['query.q']);
    expect((await t.request('GET', '/api/v1/admin/customers', { token: managerToken })).status).toBe(403);
  });
});

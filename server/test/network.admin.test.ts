import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../src/modules/audit/model';
import { verifyPassword } from '../src/modules/auth/passwords';
import { Engineer, Outlet } from '../src/modules/network/model';
import { User } from '../src/modules/users/model';
import { createEngineer, createOutlet, createStaff, randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { book, buildWorld, staffLogin, staffToken } from './orderKit';

let t: TestServer;
let outletA: Awaited<ReturnType<typeof createOutlet>>;
let outletB: Awaited<ReturnType<typeof createOutlet>>;
const tokens = { managerA: '', managerB: '', admin: '', engineer: '' };

const uid = () => crypto.randomBytes(4).toString('hex');
const DAY_MS = 24 * 3600 * 1000;

/** A valid create body with keys no other test uses. */
function newEngineer(overrides: Record<string, unknown> = {}) {
  const id = uid();
  return { username: `eng.${id}`, password: 'Initial-Pass-1', name: `工程师${id}`, phone: randomPhone(), employeeNo: `EN-${id}`.toUpperCase(), level: 2, ...overrides };
}

/** A district code no other test covers (valid shape; not in the bundled name table). */
const freshDistrict = () => `9${String(crypto.randomInt(0, 1e5)).padStart(5, '0')}`;

const fieldPaths = (body: { error: { fields?: Array<{ path: string }> } }) => (body.error.fields ?? []).map((f) => f.path);

beforeAll(async () => {
  t = await startTestServer();
  outletA = await createOutlet({ name: 'A 网点' });
  outletB = await createOutlet({ name: 'B 网点' });
  tokens.managerA = await staffToken(t, (await createStaff('outlet_manager', outletA.id)).username);
  tokens.managerB = await staffToken(t, (await createStaff('outlet_manager', outletB.id)).username);
  tokens.admin = await staffToken(t, (await createStaff('platform_admin', null)).username);
  tokens.engineer = await staffToken(t, (await createEngineer(outletA.id)).username);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('POST /api/v1/engineers', () => {
  it('creates the profile and its sign-in account in the manager’s own outlet; the engineer can sign in', async () => {
    const body = newEngineer();
    const res = await t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ employeeNo: body.employeeNo, name: body.name, outletId: outletA.id, level: 2, status: 'active', skills: [], certificates: [], expiringSoon: false, suspension: null });
    expect(res.body.phoneMasked).toBe(`${body.phone.slice(0, 3)}****${body.phone.slice(-4)}`);
    expect(JSON.stringify(res.body)).not.toContain(body.phone);

    const engineer = await Engineer.findById(res.body.id).lean();
    const user = await User.findOne({ username: body.username }).lean();
    expect(String(engineer!.outletId)).toBe(outletA.id);
    expect(String(engineer!.userId)).toBe(String(user!._id));
    expect(user).toMatchObject({ role: 'engineer', status: 'active', name: body.name });
    expect(String(user!.engineerId)).toBe(res.body.id);
    expect(String(user!.outletId)).toBe(outletA.id);
    expect(user!.passwordHash).not.toContain(body.password);
    expect(await verifyPassword(body.password, user!.passwordHash!)).toBe(true);

    const session = await staffLogin(t, body.username, body.password);
    expect(session.accessToken).toBeTruthy();
    expect(await AuditEntry.countDocuments({ action: 'engineer.create', target: `engineer:${body.employeeNo}` })).toBe(1);
  });

  it('answers 404 when a manager names another outlet, and creates nothing', async () => {
    const body = newEngineer({ outletId: outletB.id });
    const res = await t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body });
    expect(res.status).toBe(404);
    expect(res.body.error.id).toBe('not_found');
    expect(await User.countDocuments({ username: body.username })).toBe(0);
    expect(await Engineer.countDocuments({ employeeNo: body.employeeNo })).toBe(0);
  });

  it('lets a platform admin create in any outlet, and asks them to choose one (400 outletId)', async () => {
    const body = newEngineer({ outletId: outletB.id });
    const res = await t.request('POST', '/api/v1/engineers', { token: tokens.admin, body });
    expect(res.status).toBe(201);
    expect(res.body.outletId).toBe(outletB.id);

    const without = newEngineer();
    const missing = await t.request('POST', '/api/v1/engineers', { token: tokens.admin, body: without });
    expect(missing.status).toBe(400);
    expect(fieldPaths(missing.body)).toEqual(['outletId']);
    expect(await User.countDocuments({ username: without.username })).toBe(0);
  });

  it('rejects a taken username or employee number with 409 conflict naming the field, leaving no stray account', async () => {
    const first = newEngineer();
    expect((await t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body: first })).status).toBe(201);

    const sameUsername = newEngineer({ username: first.username.toUpperCase() });
    const byUsername = await t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body: sameUsername });
    expect(byUsername.status).toBe(409);
    expect(byUsername.body.error).toMatchObject({ id: 'conflict', fields: [{ path: 'username' }] });
    expect(await Engineer.countDocuments({ employeeNo: sameUsername.employeeNo })).toBe(0);

    const sameEmployeeNo = newEngineer({ employeeNo: first.employeeNo.toLowerCase() });
    const byEmployeeNo = await t.request('POST', '/api/v1/engineers', { token: tokens.admin, body: { ...sameEmployeeNo, outletId: outletB.id } });
    expect(byEmployeeNo.status).toBe(409);
    expect(byEmployeeNo.body.error).toMatchObject({ id: 'conflict', fields: [{ path: 'employeeNo' }] });
    expect(await User.countDocuments({ username: sameEmployeeNo.username })).toBe(0);
  });

  it('of two concurrent creates with one username, exactly one succeeds', async () => {
    const a = newEngineer();
    const b = newEngineer({ username: a.username });
    const results = await Promise.all([a, b].map((body) => t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await User.countDocuments({ username: a.username })).toBe(1);
    expect(await Engineer.countDocuments({ employeeNo: { $in: [a.employeeNo, b.employeeNo] } })).toBe(1);
  });

  it('of two concurrent creates with one employee number, exactly one succeeds and the loser’s account is removed', async () => {
    const a = newEngineer();
    const b = newEngineer({ employeeNo: a.employeeNo });
    const results = await Promise.all([a, b].map((body) => t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await Engineer.countDocuments({ employeeNo: a.employeeNo })).toBe(1);
    expect(await User.countDocuments({ username: { $in: [a.username, b.username] } })).toBe(1);
  });

  it('rejects bad input with 400 naming every field, and creates nothing', async () => {
    const body = newEngineer({ password: 'short', phone: '12345', level: 6, employeeNo: '工号', photoUrl: 'javascript:alert(1)' });
    const res = await t.request('POST', '/api/v1/engineers', { token: tokens.managerA, body });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(fieldPaths(res.body).sort()).toEqual(['employeeNo', 'level', 'password', 'phone', 'photoUrl']);
    expect(await User.countDocuments({ username: body.username })).toBe(0);
  });

  it('is 403 for an engineer', async () => {
    const res = await t.request('POST', '/api/v1/engineers', { token: tokens.engineer, body: newEngineer() });
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('forbidden');
  });
});

describe('PATCH /api/v1/engineers/:id', () => {
  it('changes name, phone, level and photo; the account’s name follows', async () => {
    const e = await createEngineer(outletA.id);
    const phone = randomPhone();
    const photoUrl = `/api/v1/uploads/${'a'.repeat(24)}`;
    const res = await t.request('PATCH', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerA, body: { name: '王师傅', phone, level: 5, photoUrl } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '王师傅', level: 5, photoUrl, phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    expect(await Engineer.findById(e.engineerId).lean()).toMatchObject({ name: '王师傅', phone, level: 5, photoUrl });
    expect((await User.findById(e.id).lean())!.name).toBe('王师傅');
    const audit = await AuditEntry.findOne({ action: 'engineer.update', 'data.fields': 'phone' }).sort({ at: -1 }).lean();
    expect(JSON.stringify(audit)).not.toContain(phone);
  });

  it('answers 404 for another outlet’s engineer and changes nothing', async () => {
    const e = await createEngineer(outletB.id);
    const res = await t.request('PATCH', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerA, body: { level: 1 } });
    expect(res.status).toBe(404);
    expect((await Engineer.findById(e.engineerId).lean())!.level).toBe(3);
  });

  it('refuses a manager moving an engineer to another outlet with 403', async () => {
    const e = await createEngineer(outletA.id);
    const res = await t.request('PATCH', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerA, body: { outletId: outletB.id } });
    expect(res.status).toBe(403);
    expect(String((await Engineer.findById(e.engineerId).lean())!.outletId)).toBe(outletA.id);
  });

  it('lets a platform admin move an engineer: the account moves too, and the old outlet’s manager loses sight of them', async () => {
    const e = await createEngineer(outletA.id);
    const res = await t.request('PATCH', `/api/v1/engineers/${e.engineerId}`, { token: tokens.admin, body: { outletId: outletB.id } });
    expect(res.status).toBe(200);
    expect(res.body.outletId).toBe(outletB.id);
    expect(String((await Engineer.findById(e.engineerId).lean())!.outletId)).toBe(outletB.id);
    expect(String((await User.findById(e.id).lean())!.outletId)).toBe(outletB.id);
    expect((await t.request('GET', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerA })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerB })).status).toBe(200);
    expect(await AuditEntry.countDocuments({ action: 'engineer.move', target: { $regex: '^engineer:' }, 'data.toOutletId': outletB.id, 'data.fromOutletId': outletA.id })).toBeGreaterThanOrEqual(1);
  });

  it('refuses to move an engineer with an order in progress (409), so the order stays with its outlet', async () => {
    const w = await buildWorld(t, { district: freshDistrict() });
    const order = await book(t, w);
    const engineerId = w.engineers[0]!.engineerId;
    expect((await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId } })).status).toBe(200);
    const res = await t.request('PATCH', `/api/v1/engineers/${engineerId}`, { token: w.tokens.admin, body: { outletId: outletB.id } });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('conflict');
    expect(String((await Engineer.findById(engineerId).lean())!.outletId)).toBe(w.outlet.id);
  });

  it('rejects an empty patch and bad values with 400, changing nothing', async () => {
    const e = await createEngineer(outletA.id);
    const empty = await t.request('PATCH', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerA, body: {} });
    expect(empty.status).toBe(400);
    const bad = await t.request('PATCH', `/api/v1/engineers/${e.engineerId}`, { token: tokens.managerA, body: { level: 0, phone: 'x' } });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad.body).sort()).toEqual(['level', 'phone']);
    expect((await Engineer.findById(e.engineerId).lean())!.level).toBe(3);
  });
});

describe('PUT /api/v1/engineers/:id/skills', () => {
  it('replaces the whole list and marks a score of 60 or more as passed', async () => {
    const e = await createEngineer(outletA.id, { skills: ['air_conditioner', 'tv'] });
    const assessedAt = new Date(t.clock.now().getTime() - DAY_MS).toISOString();
    const res = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/skills`, {
      token: tokens.managerA,
      body: { skills: [{ category: 'washing_machine', assessedAt, score: 60 }, { category: 'refrigerator', assessedAt, score: 59 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.skills).toEqual([
      { category: 'washing_machine', assessedAt, score: 60, passed: true },
      { category: 'refrigerator', assessedAt, score: 59, passed: false },
    ]);
    const stored = (await Engineer.findById(e.engineerId).lean())!.skills;
    expect(stored.map((s) => [s.category, s.score])).toEqual([['washing_machine', 60], ['refrigerator', 59]]);
    expect(await AuditEntry.countDocuments({ action: 'engineer.skills', 'data.skills.category': 'refrigerator' })).toBeGreaterThanOrEqual(1);
  });

  it('rejects a score above 100 and a repeated category with 400 naming skills.0.score and skills.1.category, changing nothing', async () => {
    const e = await createEngineer(outletA.id);
    const assessedAt = t.clock.now().toISOString();
    const res = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/skills`, {
      token: tokens.managerA,
      body: { skills: [{ category: 'tv', assessedAt, score: 101 }, { category: 'tv', assessedAt, score: 80 }] },
    });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body).sort()).toEqual(['skills.0.score', 'skills.1.category']);
    expect((await Engineer.findById(e.engineerId).lean())!.skills.map((s) => s.category)).toEqual(['air_conditioner']);
  });

  it('rejects an assessment dated in the future with 400 naming skills.0.assessedAt', async () => {
    const e = await createEngineer(outletA.id);
    const res = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/skills`, {
      token: tokens.managerA,
      body: { skills: [{ category: 'tv', assessedAt: new Date(t.clock.now().getTime() + DAY_MS).toISOString(), score: 80 }] },
    });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['skills.0.assessedAt']);
  });

  it('answers 404 for another outlet’s engineer', async () => {
    const e = await createEngineer(outletB.id);
    const res = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/skills`, { token: tokens.managerA, body: { skills: [] } });
    expect(res.status).toBe(404);
    expect((await Engineer.findById(e.engineerId).lean())!.skills).toHaveLength(1);
  });
});

describe('PUT /api/v1/engineers/:id/certificates', () => {
  it('replaces the list; the view tells validity, whole days left and whether one needs renewing within 30 days', async () => {
    const e = await createEngineer(outletA.id);
    const now = t.clock.now().getTime();
    const inTenDays = new Date(now + 10 * DAY_MS + 3600_000).toISOString();
    const inAYear = new Date(now + 365 * DAY_MS).toISOString();
    const res = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/certificates`, {
      token: tokens.managerA,
      body: { certificates: [{ type: 'electrician', number: 'DG-001', expiresAt: inTenDays }, { type: 'high_altitude', number: 'GC-002', expiresAt: inAYear }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.certificates).toEqual([
      { type: 'electrician', number: 'DG-001', expiresAt: inTenDays, valid: true, expiresInDays: 10 },
      { type: 'high_altitude', number: 'GC-002', expiresAt: inAYear, valid: true, expiresInDays: 365 },
    ]);
    expect(res.body.expiringSoon).toBe(true);
    expect((await Engineer.findById(e.engineerId).lean())!.certificates.map((c) => c.type)).toEqual(['electrician', 'high_altitude']);

    const expired = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/certificates`, {
      token: tokens.managerA,
      body: { certificates: [{ type: 'refrigeration', number: 'ZL-3', expiresAt: new Date(now - 2 * DAY_MS).toISOString() }] },
    });
    expect(expired.body.certificates[0]).toMatchObject({ valid: false, expiresInDays: -2 });
    expect(expired.body.expiringSoon).toBe(true);
    expect(await AuditEntry.countDocuments({ action: 'engineer.certificates', target: `engineer:${expired.body.employeeNo}` })).toBe(2);
  });

  it('rejects a bad date and a second certificate of one type with 400 naming the fields, changing nothing', async () => {
    const e = await createEngineer(outletA.id);
    const res = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/certificates`, {
      token: tokens.managerA,
      body: { certificates: [{ type: 'electrician', number: 'A', expiresAt: '2030-13-01' }, { type: 'pilot', number: '', expiresAt: '2030-01-01T00:00:00Z' }] },
    });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body).sort()).toEqual(['certificates.0.expiresAt', 'certificates.1.number', 'certificates.1.type']);
    const twice = await t.request('PUT', `/api/v1/engineers/${e.engineerId}/certificates`, {
      token: tokens.managerA,
      body: { certificates: [{ type: 'electrician', number: 'A', expiresAt: '2030-01-01T00:00:00+08:00' }, { type: 'electrician', number: 'B', expiresAt: '2031-01-01T00:00:00+08:00' }] },
    });
    expect(twice.status).toBe(400);
    expect(fieldPaths(twice.body)).toEqual(['certificates.1.type']);
    expect((await Engineer.findById(e.engineerId).lean())!.certificates.map((c) => c.type)).toEqual(['refrigeration']);
  });
});

describe('POST /api/v1/engineers/:id/suspend and /reactivate', () => {
  it('suspends with a reason: the engineer drops out of dispatch candidates until reactivated', async () => {
    const w = await buildWorld(t, { district: freshDistrict() });
    const order = await book(t, w);
    const engineerId = w.engineers[0]!.engineerId;

    const res = await t.request('POST', `/api/v1/engineers/${engineerId}/suspend`, { token: w.tokens.manager, body: { reason: '客户投诉调查中' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('suspended');
    expect(res.body.suspension).toEqual({ reason: '客户投诉调查中', at: t.clock.now().toISOString() });
    expect((await Engineer.findById(engineerId).lean())!.status).toBe('suspended');
    expect(await AuditEntry.countDocuments({ action: 'engineer.suspend', 'data.reason': '客户投诉调查中' })).toBe(1);

    const candidates = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
    const suspended = candidates.body.items.find((c: { engineerId: string }) => c.engineerId === engineerId);
    expect(suspended.eligible).toBe(false);
    expect(suspended.reasons).toContain('已停职');
    const dispatch = await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId } });
    expect(dispatch.status).toBe(409);
    expect(dispatch.body.error.id).toBe('engineer_not_eligible');

    const back = await t.request('POST', `/api/v1/engineers/${engineerId}/reactivate`, { token: w.tokens.manager });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'active', suspension: null });
    const again = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
    expect(again.body.items.find((c: { engineerId: string }) => c.engineerId === engineerId).eligible).toBe(true);
  });

  it('answers 409 for suspending a suspended engineer or reactivating an active one', async () => {
    const e = await createEngineer(outletA.id, { status: 'suspended' });
    const twice = await t.request('POST', `/api/v1/engineers/${e.engineerId}/suspend`, { token: tokens.managerA, body: { reason: '再次停职' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.id).toBe('conflict');
    const active = await createEngineer(outletA.id);
    expect((await t.request('POST', `/api/v1/engineers/${active.engineerId}/reactivate`, { token: tokens.managerA })).status).toBe(409);
  });

  it('requires a reason (400 reason) and answers 404 for another outlet’s engineer, changing nothing', async () => {
    const own = await createEngineer(outletA.id);
    const noReason = await t.request('POST', `/api/v1/engineers/${own.engineerId}/suspend`, { token: tokens.managerA, body: { reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(fieldPaths(noReason.body)).toEqual(['reason']);
    const foreign = await createEngineer(outletB.id);
    expect((await t.request('POST', `/api/v1/engineers/${foreign.engineerId}/suspend`, { token: tokens.managerA, body: { reason: '越权停职' } })).status).toBe(404);
    expect((await Engineer.find({ _id: { $in: [own.engineerId, foreign.engineerId] } }).lean()).map((e) => e.status)).toEqual(['active', 'active']);
  });
});

describe('GET /api/v1/engineers', () => {
  it('filters by status, passed skill, name or employee number, and certificates needing renewal; phones stay masked', async () => {
    const outlet = await createOutlet();
    const token = await staffToken(t, (await createStaff('outlet_manager', outlet.id)).username);
    const tag = uid().toUpperCase();
    const now = t.clock.now().getTime();
    const make = async (suffix: string, data: Record<string, unknown>) => {
      const e = await createEngineer(outlet.id);
      await Engineer.updateOne({ _id: e.engineerId }, { $set: { employeeNo: `${tag}-${suffix}`, ...data } });
      return { ...e, employeeNo: `${tag}-${suffix}` };
    };
    const ac = await make('1', { skills: [{ category: 'air_conditioner', assessedAt: new Date(), score: 90 }], certificates: [{ type: 'electrician', number: 'X', expiresAt: new Date(now + 5 * DAY_MS) }] });
    const failed = await make('2', { skills: [{ category: 'air_conditioner', assessedAt: new Date(), score: 50 }], certificates: [] });
    const away = await make('3', { status: 'suspended', name: '停职的李师傅', skills: [], certificates: [{ type: 'electrician', number: 'Y', expiresAt: new Date(now + 90 * DAY_MS) }] });

    const ids = async (query: string) => {
      const res = await t.request('GET', `/api/v1/engineers?q=${encodeURIComponent(tag.toLowerCase())}&${query}`, { token });
      expect(res.status).toBe(200);
      return res.body.items.map((e: { employeeNo: string }) => e.employeeNo).sort();
    };
    expect(await ids('')).toEqual([ac.employeeNo, failed.employeeNo, away.employeeNo]);
    expect(await ids('status=suspended')).toEqual([away.employeeNo]);
    expect(await ids('category=air_conditioner')).toEqual([ac.employeeNo]);
    expect(await ids('expiringSoon=true')).toEqual([ac.employeeNo]);
    expect(await ids('expiringSoon=false')).toEqual([failed.employeeNo, away.employeeNo]);

    const byName = await t.request('GET', `/api/v1/engineers?q=${encodeURIComponent('李师傅')}`, { token });
    expect(byName.body.items.map((e: { id: string }) => e.id)).toEqual([away.engineerId]);
    expect(byName.body.items[0].phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(byName.body)).not.toContain(away.phone);
  });

  it('treats q as text, not a pattern', async () => {
    const res = await t.request('GET', `/api/v1/engineers?q=${encodeURIComponent('.*')}`, { token: tokens.admin });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });

  it('rejects an unknown category or flag with 400 naming the query parameter', async () => {
    const res = await t.request('GET', '/api/v1/engineers?category=boat&expiringSoon=maybe', { token: tokens.admin });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body).sort()).toEqual(['query.category', 'query.expiringSoon']);
  });
});

describe('GET /api/v1/engineers/:id/contact', () => {
  it('reveals the full phone to the engineer’s manager and audit-logs the reveal (S10)', async () => {
    const e = await createEngineer(outletA.id);
    const employeeNo = (await Engineer.findById(e.engineerId).lean())!.employeeNo;
    const res = await t.request('GET', `/api/v1/engineers/${e.engineerId}/contact`, { token: tokens.managerA });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ engineerId: e.engineerId, name: '测试工程师', employeeNo, phone: e.phone });
    const entry = await AuditEntry.findOne({ action: 'pii.reveal_engineer_phone', target: `engineer:${employeeNo}` }).lean();
    expect(entry).toMatchObject({ actorRole: 'outlet_manager', data: { engineerId: e.engineerId } });
    expect(String(entry!.outletId)).toBe(outletA.id);
  });

  it('is 404 for another outlet’s manager, with nothing revealed or logged', async () => {
    const e = await createEngineer(outletB.id);
    const employeeNo = (await Engineer.findById(e.engineerId).lean())!.employeeNo;
    const res = await t.request('GET', `/api/v1/engineers/${e.engineerId}/contact`, { token: tokens.managerA });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(e.phone);
    expect(await AuditEntry.countDocuments({ action: 'pii.reveal_engineer_phone', target: `engineer:${employeeNo}` })).toBe(0);
  });
});

describe('an engineer set up entirely through the admin API', () => {
  it('becomes a dispatch candidate once they have the skill, the certificates and a work card', async () => {
    const w = await buildWorld(t, { district: freshDistrict() });
    const order = await book(t, w);
    const body = newEngineer();
    const created = await t.request('POST', '/api/v1/engineers', { token: w.tokens.manager, body });
    const id = created.body.id as string;
    const candidate = async () =>
      (await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager })).body.items.find((c: { engineerId: string }) => c.engineerId === id);
    expect((await candidate()).eligible).toBe(false);

    const now = t.clock.now().getTime();
    await t.request('PUT', `/api/v1/engineers/${id}/skills`, { token: w.tokens.manager, body: { skills: [{ category: 'air_conditioner', assessedAt: new Date(now - DAY_MS).toISOString(), score: 88 }] } });
    await t.request('PUT', `/api/v1/engineers/${id}/certificates`, {
      token: w.tokens.manager,
      body: { certificates: [{ type: 'refrigeration', number: 'ZL-9', expiresAt: new Date(now + 400 * DAY_MS).toISOString() }] },
    });
    expect((await t.request('POST', `/api/v1/engineers/${id}/cards`, { token: w.tokens.manager })).status).toBe(201);
    expect(await candidate()).toMatchObject({ eligible: true, skillScore: 88 });
  });
});

describe('POST /api/v1/outlets', () => {
  it('opens an outlet for a platform admin', async () => {
    const code = `HZ-${uid()}`.toUpperCase();
    const res = await t.request('POST', '/api/v1/outlets', {
      token: tokens.admin,
      body: { code: code.toLowerCase(), name: '杭州滨江网点', city: '杭州市', address: '滨江区江南大道 100 号', phone: '0571-88886666', slotCapacity: 5, districtCodes: ['330108'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code, name: '杭州滨江网点', slotCapacity: 5, districtCodes: ['330108'] });
    expect(await Outlet.findOne({ code }).lean()).toMatchObject({ name: '杭州滨江网点', slotCapacity: 5 });
    expect(await AuditEntry.countDocuments({ action: 'outlet.create', target: `outlet:${code}` })).toBe(1);
  });

  it('rejects a taken code (in any letter case) with 409 naming the field', async () => {
    const code = `DUP-${uid()}`.toUpperCase();
    const body = { code, name: '原有网点', city: '杭州市', address: '某某路 1 号院', phone: '0571-88886666' };
    expect((await t.request('POST', '/api/v1/outlets', { token: tokens.admin, body })).status).toBe(201);
    const res = await t.request('POST', '/api/v1/outlets', { token: tokens.admin, body: { ...body, code: code.toLowerCase(), name: '重复网点' } });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toEqual([{ path: 'code', message: '网点代码已存在' }]);
    expect(await Outlet.find({ code }).lean()).toMatchObject([{ name: '原有网点' }]);
  });

  it('rejects bad input with 400 naming the fields and is 403 for a manager; nothing is created', async () => {
    const code = `BAD-${uid()}`.toUpperCase();
    const body = { code, name: '坏数据网点', city: '杭州市', address: '短', phone: 'abc', slotCapacity: 101, districtCodes: ['3301'] };
    const res = await t.request('POST', '/api/v1/outlets', { token: tokens.admin, body });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body).sort()).toEqual(['address', 'districtCodes.0', 'phone', 'slotCapacity']);
    const manager = await t.request('POST', '/api/v1/outlets', { token: tokens.managerA, body: { ...body, address: '合法的地址 1 号', phone: '0571-88886666', slotCapacity: 3, districtCodes: ['330106'] } });
    expect(manager.status).toBe(403);
    expect(await Outlet.countDocuments({ code })).toBe(0);
  });
});

describe('PATCH /api/v1/outlets/:id', () => {
  it('changes name, phone and slot capacity for a platform admin', async () => {
    const outlet = await createOutlet();
    const res = await t.request('PATCH', `/api/v1/outlets/${outlet.id}`, { token: tokens.admin, body: { name: '新名字网点', slotCapacity: 0, phone: '13800138000' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '新名字网点', slotCapacity: 0, phone: '13800138000' });
    expect(await Outlet.findById(outlet.id).lean()).toMatchObject({ name: '新名字网点', slotCapacity: 0 });
    const entry = await AuditEntry.findOne({ action: 'outlet.update', target: `outlet:${outlet.code}` }).lean();
    expect(entry!.data.changes).toEqual(expect.arrayContaining([{ field: 'slotCapacity', before: 3, after: 0 }]));
  });

  it('is 403 for the outlet’s own manager, 400 for a capacity out of range, 404 for a missing outlet; nothing changes', async () => {
    const outlet = await createOutlet();
    const manager = await staffToken(t, (await createStaff('outlet_manager', outlet.id)).username);
    expect((await t.request('PATCH', `/api/v1/outlets/${outlet.id}`, { token: manager, body: { slotCapacity: 9 } })).status).toBe(403);
    const bad = await t.request('PATCH', `/api/v1/outlets/${outlet.id}`, { token: tokens.admin, body: { slotCapacity: -1 } });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad.body)).toEqual(['slotCapacity']);
    expect((await t.request('PATCH', '/api/v1/outlets/0123456789abcdef01234567', { token: tokens.admin, body: { slotCapacity: 9 } })).status).toBe(404);
    expect((await Outlet.findById(outlet.id).lean())!.slotCapacity).toBe(3);
    expect((await t.request('GET', `/api/v1/outlets/${outlet.id}`, { token: manager })).body.slotCapacity).toBe(3);
  });
});

describe('PUT /api/v1/outlets/:id/coverage', () => {
  it('replaces the districts and warns about every district no outlet covers any more', async () => {
    const [kept, shared, orphaned, added] = [freshDistrict(), freshDistrict(), freshDistrict(), freshDistrict()];
    const outlet = await createOutlet({ districtCodes: [kept, shared, orphaned] });
    await createOutlet({ districtCodes: [shared] });
    const res = await t.request('PUT', `/api/v1/outlets/${outlet.id}/coverage`, { token: tokens.admin, body: { districtCodes: [kept, added] } });
    expect(res.status).toBe(200);
    expect(res.body.outlet.districtCodes).toEqual([kept, added]);
    expect(res.body.warnings).toEqual([{ code: 'district_uncovered', districtCode: orphaned, districtName: null, message: expect.stringContaining(orphaned) }]);
    expect((await Outlet.findById(outlet.id).lean())!.districtCodes).toEqual([kept, added]);
    const entry = await AuditEntry.findOne({ action: 'outlet.coverage', target: `outlet:${outlet.code}` }).lean();
    expect(entry!.data).toEqual({ added: [added], removed: [shared, orphaned], uncovered: [orphaned] });
  });

  it('names a known district in its warning', async () => {
    const outlet = await createOutlet({ districtCodes: ['330127'] });
    const covered = await Outlet.countDocuments({ districtCodes: '330127' });
    const res = await t.request('PUT', `/api/v1/outlets/${outlet.id}/coverage`, { token: tokens.admin, body: { districtCodes: [freshDistrict()] } });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual(covered === 1 ? [expect.objectContaining({ districtCode: '330127', districtName: '淳安县' })] : []);
  });

  it('rejects an empty, repeated, malformed or oversized list with 400 naming the entry, changing nothing', async () => {
    const code = freshDistrict();
    const outlet = await createOutlet({ districtCodes: [code] });
    const put = (districtCodes: unknown) => t.request('PUT', `/api/v1/outlets/${outlet.id}/coverage`, { token: tokens.admin, body: { districtCodes } });
    expect(fieldPaths((await put([])).body)).toEqual(['districtCodes']);
    expect(fieldPaths((await put(['330106', '330106'])).body)).toEqual(['districtCodes.1']);
    expect(fieldPaths((await put(['33010'])).body)).toEqual(['districtCodes.0']);
    const tooMany = Array.from({ length: 201 }, (_, i) => String(900000 + i));
    const res = await put(tooMany);
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['districtCodes']);
    expect((await Outlet.findById(outlet.id).lean())!.districtCodes).toEqual([code]);
  });

  it('is 403 for a manager', async () => {
    const res = await t.request('PUT', `/api/v1/outlets/${outletA.id}/coverage`, { token: tokens.managerA, body: { districtCodes: ['330106'] } });
    expect(res.status).toBe(403);
  });
});

describe('GET /api/v1/regions', () => {
  it('serves the province → city → district tree to anyone, for a district picker', async () => {
    const res = await t.request('GET', '/api/v1/regions');
    expect(res.status).toBe(200);
    const zhejiang = res.body.items.find((p: { code: string }) => p.code === '33');
    const hangzhou = zhejiang.children.find((c: { code: string }) => c.code === '3301');
    expect(zhejiang.name).toBe('浙江省');
    expect(hangzhou.children).toContainEqual({ code: '330106', name: '西湖区', children: [] });
  });
});

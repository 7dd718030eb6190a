import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/seed/seed';
import { DEMO_ENGINEERS, DEMO_OUTLETS, DEMO_PASSWORD, DEMO_STAFF } from '../src/seed/data';
import { Engineer, Outlet } from '../src/modules/network/model';
import { User } from '../src/modules/users/model';
import { APPLIANCE_CATEGORIES } from '@fangxin/shared';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await seedDemoData(t.clock);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('demo data', () => {
  it('creates three outlets in different districts, twelve engineers and staff for every role', async () => {
    const outlets = await Outlet.find().lean();
    expect(outlets).toHaveLength(3);
    expect(new Set(outlets.flatMap((o) => o.districtCodes)).size).toBe(6);
    expect(await Engineer.countDocuments()).toBe(12);
    expect(await User.countDocuments({ role: 'outlet_manager' })).toBe(3);
    expect(await User.countDocuments({ role: 'platform_admin' })).toBe(1);
    expect(await User.countDocuments({ role: 'customer' })).toBeGreaterThanOrEqual(3);
    const skills = new Set((await Engineer.find().lean()).flatMap((e) => e.skills.map((s) => s.category)));
    expect([...skills].sort()).toEqual(APPLIANCE_CATEGORIES.map((c) => c.code).sort());
  });

  it('is idempotent: running it again changes no counts', async () => {
    await seedDemoData(t.clock);
    expect(await Outlet.countDocuments()).toBe(DEMO_OUTLETS.length);
    expect(await Engineer.countDocuments()).toBe(DEMO_ENGINEERS.length);
    expect(await User.countDocuments({ role: { $ne: 'customer' } })).toBe(DEMO_STAFF.length + DEMO_ENGINEERS.length);
  });

  it.each(['admin', 'manager.xihu', 'eng.xihu.1'])('lets the demo login %s sign in', async (username) => {
    const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('scopes the demo manager to their outlet', async () => {
    const login = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: 'manager.xihu', password: DEMO_PASSWORD } });
    const list = await t.request('GET', '/api/v1/engineers', { token: login.body.accessToken });
    expect(list.body.total).toBe(4);
    expect(login.body.user.outletName).toBe('杭州西湖网点');
  });
});

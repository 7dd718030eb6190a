import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentConsent } from '@fangxin/shared';
import { createEngineer, createOutlet, createStaff, PASSWORD, randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let outletA: Awaited<ReturnType<typeof createOutlet>>;
let outletB: Awaited<ReturnType<typeof createOutlet>>;
const tokens: Record<string, string> = {};
let engineerA: Awaited<ReturnType<typeof createEngineer>>;
let engineerB: Awaited<ReturnType<typeof createEngineer>>;

async function tokenFor(username: string, password = PASSWORD) {
  const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password } });
  return res.body.accessToken as string;
}

beforeAll(async () => {
  t = await startTestServer();
  outletA = await createOutlet({ name: 'A 网点' });
  outletB = await createOutlet({ name: 'B 网点' });
  engineerA = await createEngineer(outletA.id);
  engineerB = await createEngineer(outletB.id);
  tokens.managerA = await tokenFor((await createStaff('outlet_manager', outletA.id)).username);
  tokens.admin = await tokenFor((await createStaff('platform_admin', null)).username);
  tokens.engineerA = await tokenFor(engineerA.username);
  const phone = randomPhone();
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  tokens.customer = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } })).body.accessToken;
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('outlet scoping', () => {
  it('shows a manager their own outlet’s engineer and 404 for another outlet’s, exactly like a missing one', async () => {
    const own = await t.request('GET', `/api/v1/engineers/${engineerA.engineerId}`, { token: tokens.managerA });
    expect(own.status).toBe(200);
    expect(own.body.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(own.body)).not.toContain(engineerA.phone);

    const foreign = await t.request('GET', `/api/v1/engineers/${engineerB.engineerId}`, { token: tokens.managerA });
    const missing = await t.request('GET', '/api/v1/engineers/0123456789abcdef01234567', { token: tokens.managerA });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.error.id).toBe('not_found');
    expect(foreign.body.error.message).toBe(missing.body.error.message);
  });

  it('lists only the manager’s own outlet, and every outlet for the platform admin', async () => {
    const mine = await t.request('GET', '/api/v1/engineers?pageSize=100', { token: tokens.managerA });
    expect(mine.body.items.every((e: { outletId: string }) => e.outletId === outletA.id)).toBe(true);
    expect(mine.body.items.map((e: { id: string }) => e.id)).toContain(engineerA.engineerId);

    const all = await t.request('GET', '/api/v1/engineers?pageSize=100', { token: tokens.admin });
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([engineerA.engineerId, engineerB.engineerId]));

    const outlets = await t.request('GET', '/api/v1/outlets', { token: tokens.managerA });
    expect(outlets.body.items.map((o: { id: string }) => o.id)).toEqual([outletA.id]);
    expect((await t.request('GET', `/api/v1/outlets/${outletB.id}`, { token: tokens.managerA })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/outlets/${outletB.id}`, { token: tokens.admin })).status).toBe(200);
  });

  it('lets an engineer read their own outlet but not another outlet', async () => {
    expect((await t.request('GET', `/api/v1/outlets/${outletA.id}`, { token: tokens.engineerA })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/outlets/${outletB.id}`, { token: tokens.engineerA })).status).toBe(404);
  });
});

describe('role checks', () => {
  it.each([
    ['engineer', 'engineerA', 403],
    ['customer', 'customer', 403],
  ])('refuses the engineer list to a %s with %i forbidden', async (_role, who, status) => {
    const res = await t.request('GET', '/api/v1/engineers', { token: tokens[who] });
    expect(res.status).toBe(status);
    expect(res.body.error.id).toBe('forbidden');
  });

  it('refuses outlets to a customer and everything staff-only to an anonymous caller', async () => {
    expect((await t.request('GET', '/api/v1/outlets', { token: tokens.customer })).status).toBe(403);
    const anonymous = await t.request('GET', '/api/v1/outlets');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.id).toBe('unauthenticated');
  });

  it('rejects an invalid id with 400 naming the path parameter', async () => {
    const res = await t.request('GET', '/api/v1/engineers/not-an-id', { token: tokens.admin });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('params.id');
  });

  it('rejects a page size above the limit with 400 naming the query parameter', async () => {
    const res = await t.request('GET', '/api/v1/engineers?pageSize=1000', { token: tokens.admin });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('query.pageSize');
  });
});

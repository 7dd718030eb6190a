import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@fangxin/shared';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { createStaff } from './factories';
import { staffToken } from './orderKit';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await staffToken(t, (await createStaff('platform_admin', null)).username);
});

afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('PATCH /api/v1/admin/settings', () => {
  it('changes only the fields sent: a later patch of another field keeps the earlier change', async () => {
    expect((await t.request('PATCH', '/api/v1/admin/settings', { token: admin, body: { respondHours: 12 } })).status).toBe(200);
    const second = await t.request('PATCH', '/api/v1/admin/settings', { token: admin, body: { atRiskRatio: 0.9 } });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ respondHours: 12, atRiskRatio: 0.9, resolveHours: DEFAULT_SETTINGS.resolveHours });
    expect((await t.request('GET', '/api/v1/settings', { token: admin })).body).toMatchObject({ respondHours: 12, atRiskRatio: 0.9 });
  });

  it('refuses an empty patch and a non-JSON body, changing nothing', async () => {
    const empty = await t.request('PATCH', '/api/v1/admin/settings', { token: admin, body: {} });
    expect(empty.status).toBe(400);
    const text = await t.request('PATCH', '/api/v1/admin/settings', { token: admin, raw: '{"respondHours": 1}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.error.id).toBe('unsupported_media_type');
    expect((await t.request('GET', '/api/v1/settings', { token: admin })).body.respondHours).toBe(12);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePromises } from '@fangxin/shared';
import { forgetCachedSettings } from '../src/modules/settings/service';
import { book, buildWorld, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/** Issue 19, part 5: every promise the apps show reads the configured numbers, through the public GET /promises. */
let t: TestServer;
let w: OrderWorld;

beforeAll(async () => {
  forgetCachedSettings();
  t = await startTestServer();
  w = await buildWorld(t);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
  forgetCachedSettings();
});

describe('GET /api/v1/promises', () => {
  it('answers anyone with the settings in force, and follows a change of them', async () => {
    const before = await t.request('GET', '/api/v1/promises');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ respondHours: 24, resolveHours: 72, reworkWarrantyDays: 90, complaintAckHours: 24, complaintResolveHours: 72 });
    expect(homePromises(before.body)[2]!.title).toBe('24小时响应');

    const patched = await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { respondHours: 12, complaintAckHours: 8 } });
    expect(patched.status).toBe(200);
    const after = await t.request('GET', '/api/v1/promises');
    expect(after.body).toMatchObject({ respondHours: 12, complaintAckHours: 8 });
    expect(homePromises(after.body)[2]).toEqual({ title: '12小时响应', detail: '下单后 12 小时内接单联系' });

    // An order booked now is promised 12 hours, and its deadline list says so.
    const order = await book(t, w);
    const view = await t.request('GET', `/api/v1/orders/${order.id}`, { token: w.customer.token });
    expect(view.body.deadlines[0]).toMatchObject({ clock: 'respond', label: '12 小时内接单响应' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '@fangxin/shared';
import { ManualClock } from '../src/lib/clock';
import { createOutlet, createStaff } from './factories';
import { book, buildWorld, customerToken, staffToken, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Today's dashboard cards are live: an order booked early in the morning (Asia/Shanghai) counts in 今日订单 and 待派单
 * at once, without waiting for the statistics rollup, and an order booked just before midnight the day before does
 * not count as today's.
 */

const MIN = 60_000;
let t: TestServer;
let w: OrderWorld;
const today = shanghaiDay(new Date());
const yesterday = addDays(today, -1);
const clock = new ManualClock(new Date(`${yesterday}T23:58:00+08:00`));

beforeAll(async () => {
  t = await startTestServer({ clock });
  w = await buildWorld(t);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const overview = (token: string) => t.request('GET', `/api/v1/analytics/overview?from=${today}&to=${today}`, { token });

describe('dashboard: today’s cards', () => {
  it('count an order booked at 05:02 Shanghai time as today’s, at once, and not one booked at 23:58 the day before', async () => {
    // 23:58 yesterday (Shanghai) is 15:58 UTC yesterday; 05:02 today is 21:02 UTC yesterday: UTC days would mix them up.
    await book(t, w, { slot: { day: today, window: '16-18' } });
    clock.set(new Date(`${today}T05:02:00+08:00`));
    // Five hours on, everyone signs in again (access tokens last 15 minutes of the test's clock).
    w.customer.token = (await customerToken(t, w.customer.phone)).token;
    const manager = await staffToken(t, w.usernames.manager);
    const admin = await staffToken(t, w.usernames.admin);
    // The other outlet covers a district of its own: one covering the world's district could take the bookings.
    const otherManager = await staffToken(t, (await createStaff('outlet_manager', (await createOutlet({ districtCodes: ['440305'] })).id)).username);
    const morning = await book(t, w, { slot: { day: addDays(today, 1), window: '09-11' } });
    expect(morning.status).toBe('pending');

    for (const token of [manager, admin]) {
      const res = await overview(token);
      expect(res.status).toBe(200);
      expect(res.body.today).toMatchObject({ day: today, orders: 1, waitingDispatch: 2, closed: 0 });
    }

    // Another booking a few minutes later counts straight away (no rollup has run in this test).
    clock.advance(5 * MIN);
    await book(t, w, { slot: { day: addDays(today, 1), window: '11-13' } });
    expect((await overview(manager)).body.today).toMatchObject({ orders: 2, waitingDispatch: 3 });
    // Another outlet's manager sees none of them.
    expect((await overview(otherManager)).body.today).toMatchObject({ orders: 0, waitingDispatch: 0 });
  });
});

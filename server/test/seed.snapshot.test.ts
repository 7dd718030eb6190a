import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '@fangxin/shared';
import { ManualClock } from '../src/lib/clock';
import { seedDemoData } from '../src/seed/seed';
import { DEMO_PASSWORD } from '../src/seed/data';
import { dateShifter, readManifest, restoreSnapshot, type SnapshotManifest } from '../src/seed/snapshot';
import { Order, type OrderRecord } from '../src/modules/orders/model';
import { createOrder } from '../src/modules/orders/booking/booking';
import { Address } from '../src/modules/customers/model';
import { User } from '../src/modules/users/model';
import { verifyChain } from '../src/modules/orders/timeline';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { syncIndexes } from '../src/db/connect';

/**
 * The demo history's snapshot (server/src/seed/snapshot.ts, issue 18): restored into this test's database on a day
 * seven years after the snapshot's anchor, so any date the restore failed to move stands out — nothing of the
 * snapshot's own period may be left anywhere.
 */
const DAY = 24 * 3600_000;
const SHIFT = 7 * 365;
const STALE = 'the snapshot no longer fits the code: run `pnpm --filter @fangxin/server run seed:snapshot`';
const manifest = readManifest() as SnapshotManifest;
const clock = new ManualClock(new Date(`${addDays(manifest.anchorDay, SHIFT)}T15:30:00+08:00`));

let t: TestServer;
let seeded: Awaited<ReturnType<typeof seedDemoData>>;
let realStart: number;
beforeAll(async () => {
  t = await startTestServer({ clock });
  realStart = Date.now();
  seeded = await seedDemoData(t.clock, { storage: t.deps.storage });
  console.log(`snapshot of ${manifest.anchorDay} restored in ${seeded.history!.ms} ms ${JSON.stringify(seeded.history!.phases)}`);
}, 300_000);
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const db = () => mongoose.connection.db!;
const login = async (username: string) => (await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_PASSWORD } })).body.accessToken as string;

/** Every value of the snapshot's own period (dates, days, months, compact days, epoch ms or s) in a document, with its path. */
function oldDates(value: unknown, path: string, found: string[], isWallStamp: (ms: number) => boolean) {
  const anchor = Date.parse(`${manifest.anchorDay}T00:00:00+08:00`);
  const old = (ms: number) => ms >= anchor - 6 * 366 * DAY && ms <= anchor + 366 * DAY;
  const oldDay = (y: string, m: string, d = '15') => {
    const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
    return new Date(ms).getUTCMonth() === Number(m) - 1 && new Date(ms).getUTCDate() === Number(d) && old(ms);
  };
  const note = (what: unknown) => found.length < 20 && found.push(`${path}: ${String(what)}`);
  if (value instanceof Date) {
    if (old(value.getTime()) && !isWallStamp(value.getTime())) note(value.toISOString());
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && (old(value) || old(value * 1000))) note(value);
  } else if (typeof value === 'string') {
    if (/^[0-9a-f]{16,}$/i.test(value)) return; // an id or a hash
    for (const m of value.matchAll(/(\d{4})[-/年](\d{1,2})(?:[-/月](\d{1,2}))?/g)) if (oldDay(m[1]!, m[2]!, m[3])) note(value);
    for (const m of value.matchAll(/(?<![0-9a-fA-F])\d{8,}(?![0-9a-fA-F])/g)) {
      const run = m[0];
      if (oldDay(run.slice(0, 4), run.slice(4, 6), run.slice(6, 8)) || (run.length === 13 && old(Number(run))) || (run.length === 10 && old(Number(run) * 1000))) note(value);
    }
    if (/\d{1,2}月\d{1,2}日/.test(value)) note(value); // a day without its year: this test cannot tell, so it is not allowed
  } else if (Array.isArray(value)) {
    for (const v of value) oldDates(v, path, found, isWallStamp);
  } else if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [k, v] of Object.entries(value)) {
      oldDates(k, `${path}{key}`, found, isWallStamp);
      oldDates(v, `${path}.${k}`, found, isWallStamp);
    }
  }
}

describe('the demo history snapshot (issue 18)', () => {
  it('is restored, moved by whole days to the clock, rather than generated; today’s orders are made live', async () => {
    const h = seeded.history!;
    expect(h.restored, 'the history was generated, not restored: ' + STALE).toEqual({ anchorDay: manifest.anchorDay, shiftDays: SHIFT });
    expect(h.skipped).toBe(false);
    for (const [collection, { count }] of Object.entries(manifest.collections)) {
      expect(await db().collection(collection).countDocuments(), collection).toBeGreaterThanOrEqual(count);
    }
    const today = await Order.countDocuments({ idempotencyKey: { $regex: ':demo-history-today-' } });
    expect(today).toBe(18);
    expect(await Order.countDocuments()).toBe(manifest.history.orders + today);
    for (const status of ['pending', 'dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts', 'completed', 'closed'] as const) {
      expect(h.today[status] ?? 0, `today: ${status}`).toBeGreaterThan(0);
    }
  });

  it('moves every date: no value of the snapshot’s own period is left in any collection', async () => {
    // Wall-clock stamps (mongoose's createdAt/updatedAt, the jobs' computedAt: the real time, not the clock) are this
    // run's: the restore makes the snapshot's its own time (manifest.wallClock), and the live writes have theirs.
    const isWallStamp = (ms: number) => ms >= realStart - 1000 && ms <= Date.now();
    const found: string[] = [];
    for (const { name } of await db().listCollections().toArray()) {
      for (const doc of await db().collection(name).find({}).toArray()) oldDates(doc, name, found, isWallStamp);
    }
    expect(found).toEqual([]);
  });

  it('puts every order’s events in the last 90 days, with its hash chain intact and its booking’s moment as createdAt', async () => {
    const now = t.clock.now().getTime();
    const today = shanghaiDay(t.clock.now());
    const orders = await Order.find({}, { timeline: 1, timelineHead: 1, orderNo: 1, createdDay: 1, createdAt: 1, idempotencyKey: 1 }).lean();
    for (const o of orders) {
      expect(verifyChain(String(o._id), o.timeline), o.orderNo).toMatchObject({ valid: true, head: o.timelineHead });
      for (const e of o.timeline) expect(new Date(e.at).getTime(), `${o.orderNo} ${e.type}`).toBeGreaterThan(now - 92 * DAY);
      expect(o.timeline.filter((e) => new Date(e.at).getTime() > now), o.orderNo).toEqual([]);
      expect(o.createdDay >= addDays(today, -91) && o.createdDay <= today, `${o.orderNo} ${o.createdDay}`).toBe(true);
      expect(o.orderNo.slice(2, 10), o.orderNo).toBe(o.createdDay.replaceAll('-', ''));
      // Today's orders are written now, with mongoose's real-time stamp; the snapshot's carry their simulated moment.
      if (!o.idempotencyKey?.includes(':demo-history-today-')) expect(o.createdAt.toISOString(), o.orderNo).toBe(new Date(o.timeline[0]!.at).toISOString());
    }
  });

  it('keeps each booking’s idempotency: the same request again answers with the same order', async () => {
    const orders = await Order.find({ idempotencyKey: { $regex: ':demo-history-HZ-' }, 'appliance.applianceId': { $ne: null } }).sort({ _id: 1 }).limit(12).lean<OrderRecord[]>();
    expect(orders.length).toBe(12);
    for (const o of orders) {
      const customer = (await User.findById(o.customerId).lean())!;
      const address = (await Address.findOne({ customerId: o.customerId, isDefault: true }).lean())!;
      const body = { category: o.category, serviceType: o.serviceType, addressId: String(address._id), applianceId: String(o.appliance!.applianceId), faultDescription: o.fault.description, photoIds: [], slot: { day: o.slot.day, window: o.slot.window } };
      const key = o.idempotencyKey!.slice(o.idempotencyKey!.indexOf(':') + 1);
      const again = await createOrder({ clock: t.clock }, { id: String(customer._id), role: 'customer', name: customer.name ?? '', outletId: null }, body, key);
      expect({ created: again.created, id: String(again.order._id) }, o.orderNo).toEqual({ created: false, id: String(o._id) });
    }
  });

  it('reads through the real endpoints, every answer within the contract', async () => {
    const admin = await login('admin');
    const orders = await Order.find({}, { _id: 1, orderNo: 1 }).lean();
    for (const o of orders) {
      for (const path of [`/api/v1/orders/${o._id}`, `/api/v1/orders/${o._id}/timeline/verify`]) {
        let res;
        try {
          res = await t.request('GET', path, { token: admin });
        } catch (err) {
          throw new Error(`${o.orderNo} ${path}: ${err instanceof Error ? err.message : String(err)} — ${STALE}`, { cause: err });
        }
        expect(res.status, `${o.orderNo} ${path}: ${JSON.stringify(res.body).slice(0, 300)} — ${STALE}`).toBe(200);
        if (path.endsWith('verify')) expect((res.body as { valid: boolean }).valid, o.orderNo).toBe(true);
      }
    }
  }, 120_000);

  it('fills the dashboard, rankings, surveys, complaints and return visits', async () => {
    const manager = await login('manager.xihu');
    const overview = await t.request('GET', '/api/v1/analytics/overview', { token: manager });
    expect(overview.status).toBe(200);
    const o = overview.body;
    expect(o.today.orders).toBeGreaterThan(0);
    expect(o.totals.closed).toBeGreaterThan(50);
    expect(o.daily.filter((d: { created: number }) => d.created > 0).length).toBeGreaterThan(20);
    expect(o.surveys.count).toBeGreaterThan(30);
    expect(o.leaderboard.length).toBeGreaterThan(0);
    const admin = await login('admin');
    const engineers = await t.request('GET', '/api/v1/quality/rankings?scope=engineers', { token: admin });
    expect(engineers.status).toBe(200);
    expect(new Set(engineers.body.items.map((i: { score: number }) => i.score)).size).toBeGreaterThan(3);
    for (const path of ['/api/v1/surveys', '/api/v1/complaints', '/api/v1/return-visits', '/api/v1/orders']) {
      const list = await t.request('GET', path, { token: admin });
      expect(list.status, path).toBe(200);
      expect(list.body.total ?? list.body.items.length, path).toBeGreaterThan(5);
    }
  });

  it('is idempotent: restoring again (or seeding again) changes nothing', async () => {
    const counts = async () => Object.fromEntries(await Promise.all((await db().listCollections().toArray()).map(async ({ name }) => [name, await db().collection(name).countDocuments()] as const)));
    const before = await counts();
    expect((await restoreSnapshot(t.clock, { storage: t.deps.storage }))!.skipped).toBe(true);
    expect((await seedDemoData(t.clock, { storage: t.deps.storage })).history!.skipped).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('a restore cut short', () => {
  it('is done again on the next start: what it had written is not written twice', async () => {
    await db().dropDatabase();
    await syncIndexes();
    await seedDemoData(t.clock, { history: false });
    expect(await restoreSnapshot(t.clock, { cutBeforeOrders: true })).toBeNull();
    expect(await Order.countDocuments()).toBe(0);
    const again = await seedDemoData(t.clock, { storage: t.deps.storage });
    expect(again.history!.restored?.shiftDays).toBe(SHIFT);
    expect(await Order.countDocuments()).toBe(manifest.history.orders + 18);
    // Collections today's orders add nothing to: exactly the snapshot's records, none twice.
    for (const collection of ['surveys', 'complaints', 'return_visits', 'customer_addresses', 'customer_appliances']) {
      expect(await db().collection(collection).countDocuments(), collection).toBe(manifest.collections[collection]?.count ?? 0);
    }
  });
});

describe('moving a snapshot date by whole days', () => {
  const { shiftString, shiftValue } = dateShifter(10, '2026-12-07');
  it.each([
    ['FX2026112400001', 'FX2026120400001'],
    ['SN202611241234', 'SN202612041234'],
    ['WX1764000000000', `WX${1764000000000 + 10 * DAY}`],
    ['order:2026-11-24', 'order:2026-12-04'],
    ['69b0351ab40120202612e501:2026-11-30:morning', '69b0351ab40120202612e501:2026-12-10:morning'],
    ['热水器服务已预约：2026-11-28 09:00-11:00', '热水器服务已预约：2026-12-08 09:00-11:00'],
    ['2026-11-24T01:30:00.000Z', '2026-12-04T01:30:00.000Z'],
    ['2026-11', '2026-11'],
    ['2026-12', '2026-12'],
    ['13600012345', '13600012345'],
    ['2026112420261124aaaaaaaaaaaaaaaa', '2026112420261124aaaaaaaaaaaaaaaa'],
  ])('%s → %s', (from, to) => expect(shiftString(from)).toBe(to));
  it('moves Date values and epoch milliseconds, not amounts', () => {
    expect(shiftValue({ at: new Date('2026-11-24T01:30:00Z'), ms: 1764000000000, fen: 29500 })).toEqual({ at: new Date('2026-12-04T01:30:00Z'), ms: 1764000000000 + 10 * DAY, fen: 29500 });
  });
});

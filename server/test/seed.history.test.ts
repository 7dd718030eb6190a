import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/seed/seed';
import { seedDemoHistory } from '../src/seed/history';
import { verifyChain } from '../src/modules/orders/timeline';
import { Order } from '../src/modules/orders/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 18, the demo history on a short span: generated once, then left alone. A second seed — what every later
 * `pnpm start` on the same database does — adds, changes and removes nothing in any collection (beyond the demo
 * people's `updatedAt` and the staff's password salt, which every seed sets back to their demo state).
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
}, 120_000);
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

/** Every collection's documents, as they are now (ids and contents), for an exact before/after comparison. */
async function snapshot(): Promise<Record<string, string[]>> {
  const db = mongoose.connection.db!;
  const out: Record<string, string[]> = {};
  for (const { name } of await db.listCollections().toArray()) {
    // Every seed sets the demo people back to their demo state (the staff's password hashed again, with a new salt),
    // which Mongoose stamps with a new `updatedAt`: the only traces a second seed leaves, and none in the history.
    const docs = await db.collection(name).find({}, { projection: { updatedAt: 0, ...(name === 'users' ? { passwordHash: 0 } : {}) } }).toArray();
    out[name] = docs.map((d) => JSON.stringify(d)).sort();
  }
  return out;
}

describe('demo history over a few days', () => {
  it('is generated once through the use cases, and a second seed changes nothing in any collection', async () => {
    const first = await seedDemoData(t.clock, { history: { days: 5 }, storage: t.deps.storage });
    const history = first.history!;
    expect(history.skipped).toBe(false);
    expect(history.orders).toBeGreaterThan(18); // today's eighteen and the five days before
    expect(Object.keys(history.phases ?? {})).toEqual(['customers', 'orders', 'jobs']);
    for (const o of await Order.find({}, { timeline: 1, orderNo: 1 }).lean()) {
      expect(verifyChain(String(o._id), o.timeline).valid, o.orderNo).toBe(true);
    }

    const before = await snapshot();
    const again = await seedDemoData(t.clock, { history: { days: 5 }, storage: t.deps.storage });
    expect(again.history!.skipped).toBe(true);
    expect(again.history!.orders).toBe(history.orders);
    const after = await snapshot();
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of Object.keys(before)) expect(after[name]!.length, name).toBe(before[name]!.length);
    expect(after).toEqual(before);

    // Asked for more days later, it still does not add a second history over the first.
    const longer = await seedDemoHistory(t.clock, { days: 30, storage: t.deps.storage });
    expect(longer.skipped).toBe(true);
    expect(await Order.countDocuments()).toBe(history.orders);
  }, 600_000);
});

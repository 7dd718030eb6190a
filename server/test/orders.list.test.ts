import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../src/modules/orders/model';
import { book, buildWorld, uniqueSlot, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 20 });
  ids.ac = (await book(t, w, { slot: uniqueSlot(w) })).id;
  ids.washer = (await book(t, w, { category: 'washing_machine', applianceId: undefined, slot: uniqueSlot(w) })).id;
  ids.breached = (await book(t, w, { slot: uniqueSlot(w) })).id;
  await Order.updateOne({ _id: ids.breached }, { $set: { 'sla.breaches.respond': new Date() } });
  ids.risky = (await book(t, w, { slot: uniqueSlot(w) })).id;
  await Order.updateOne({ _id: ids.risky }, { $set: { 'sla.atRisk.arrive': new Date() } });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const list = async (query: string, token = w.tokens.manager) => t.request('GET', `/api/v1/orders?pageSize=100&${query}`, { token });
const idsOf = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((o) => o.id);

describe('GET /api/v1/orders (staff queue filters)', () => {
  it('filters by category and district, and searches by order number or the phone’s last four digits', async () => {
    expect(idsOf(await list('category=washing_machine'))).toEqual([ids.washer]);
    expect(idsOf(await list('districtCode=330106')).sort()).toEqual(Object.values(ids).sort());
    expect(idsOf(await list('districtCode=330108'))).toEqual([]);
    const orderNo = (await Order.findById(ids.ac).lean())!.orderNo;
    expect(idsOf(await list(`q=${orderNo}`))).toEqual([ids.ac]);
    expect(idsOf(await list(`q=${w.customer.phone.slice(-4)}`)).sort()).toEqual(Object.values(ids).sort());
  });

  it('filters by SLA state and shows each order’s worst state', async () => {
    const breached = await list('sla=breached');
    expect(idsOf(breached)).toEqual([ids.breached]);
    expect(breached.body.items[0].slaState).toBe('breached');
    expect(idsOf(await list('sla=at_risk'))).toEqual([ids.risky]);
    expect(idsOf(await list('sla=ok')).sort()).toEqual([ids.ac, ids.washer].sort());
  });

  it('sorts by slot and limits by creation day', async () => {
    const bySlot = (await list('sort=slot')).body.items.map((o: { slot: { startAt: string } }) => o.slot.startAt);
    expect(bySlot).toEqual([...bySlot].sort());
    expect(idsOf(await list('from=2000-01-01&to=2000-01-02'))).toEqual([]);
  });

  it('stays inside the caller’s outlet and rejects bad filters with 400 naming the field', async () => {
    expect(idsOf(await list('', w.tokens.otherManager))).toEqual([]);
    const bad = await list('q=hello&sla=late');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['query.q', 'query.sla']);
  });
});

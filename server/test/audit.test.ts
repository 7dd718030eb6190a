import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@fangxin/shared';
import { signAccessToken } from '../src/lib/accessToken';
import { AuditEntry } from '../src/modules/audit/model';
import { Outlet } from '../src/modules/network/model';
import { User } from '../src/modules/users/model';
import { randomPhone } from './factories';
import { book, buildWorld, uniqueSlot } from './orderKit';
import { Order } from '../src/modules/orders/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const uid = () => crypto.randomBytes(4).toString('hex');

interface Person {
  id: string;
  role: Role;
  outletId: string | null;
}

const tokenOf = (p: Person) => signAccessToken(t.config.JWT_SECRET, { sub: p.id, role: p.role, oid: p.outletId }, t.clock.now()).token;

async function person(role: Role, outletId: string | null = null, name = `测试${role}`): Promise<Person> {
  const user = await User.create({ role, name, ...(role === 'customer' ? { phone: randomPhone() } : { username: `${role}.${uid()}` }), outletId });
  return { id: String(user._id), role, outletId };
}

async function outlet(): Promise<string> {
  const o = await Outlet.create({ code: `A-${uid()}`, name: `审计网点${uid()}`, city: '杭州市', districtCodes: ['330108'], address: '测试路 9 号', phone: '0571-00000009' });
  return String(o._id);
}

/** An instant on a Shanghai day, so day filters are exact. */
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`);

/** Entries written directly, each action under a prefix unique to the test, so no test sees another's entries. */
async function seed(entries: Array<{ action: string; at: Date; actorId?: string; outletId?: string | null; target?: string }>) {
  await AuditEntry.insertMany(
    entries.map((e) => ({
      at: e.at,
      action: e.action,
      actorId: e.actorId ? new Types.ObjectId(e.actorId) : null,
      actorRole: e.actorId ? 'outlet_manager' : null,
      outletId: e.outletId ? new Types.ObjectId(e.outletId) : null,
      target: e.target ?? null,
      ip: '127.0.0.1',
      requestId: `req-${uid()}`,
      data: { note: e.action },
    })),
  );
}

const query = (who: Person, qs: Record<string, string | number>) =>
  t.request('GET', `/api/v1/admin/audit?${new URLSearchParams(Object.entries(qs).map(([k, v]): [string, string] => [k, String(v)]))}`, { token: tokenOf(who) });

const actions = (res: { body: { items: Array<{ action: string }> } }) => res.body.items.map((i) => i.action);

describe('GET /admin/audit — platform admin', () => {
  it('lists every outlet’s entries newest first, with the fields the presenter lists', async () => {
    const [a, b] = [await outlet(), await outlet()];
    const admin = await person('platform_admin');
    const actor = await person('outlet_manager', a, '王经理');
    const p = `t${uid()}`;
    await seed([
      { action: `${p}.old`, at: at('2026-01-05'), outletId: a },
      { action: `${p}.newest`, at: at('2026-01-07'), outletId: b, actorId: actor.id, target: 'order:FX1' },
      { action: `${p}.middle`, at: at('2026-01-06'), outletId: null },
    ]);
    const res = await query(admin, { action: p });
    expect(res.status).toBe(200);
    expect(actions(res)).toEqual([`${p}.newest`, `${p}.middle`, `${p}.old`]);
    expect(res.body.total).toBe(3);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      at: at('2026-01-07').toISOString(),
      action: `${p}.newest`,
      actorId: actor.id,
      actorRole: 'outlet_manager',
      actorName: '王经理',
      outletId: b,
      target: 'order:FX1',
      ip: '127.0.0.1',
      requestId: expect.stringMatching(/^req-/),
      data: { note: `${p}.newest` },
      summary: { zh: '王经理 进行了操作：订单 FX1', en: '王经理 made a change: order FX1' },
    });
  });

  it('filters by actor, action prefix, exact target and an inclusive day range, and pages', async () => {
    const o = await outlet();
    const admin = await person('platform_admin');
    const [alice, bob] = [await person('outlet_manager', o), await person('outlet_manager', o)];
    const p = `t${uid()}`;
    await seed([
      { action: `${p}.complaint.acknowledge`, at: at('2026-02-01', '00:00'), actorId: alice.id, outletId: o, target: 'complaint:1' },
      { action: `${p}.complaint.resolve`, at: at('2026-02-02', '23:59'), actorId: bob.id, outletId: o, target: 'complaint:1' },
      { action: `${p}.pii.reveal_contact`, at: at('2026-02-03'), actorId: alice.id, outletId: o, target: 'order:FX2' },
      { action: `${p}.complaintx`, at: at('2026-02-04'), actorId: bob.id, outletId: o, target: 'complaint:10' },
    ]);
    expect(actions(await query(admin, { action: p, actorId: alice.id }))).toEqual([`${p}.pii.reveal_contact`, `${p}.complaint.acknowledge`]);
    expect(actions(await query(admin, { action: `${p}.complaint.` }))).toEqual([`${p}.complaint.resolve`, `${p}.complaint.acknowledge`]);
    expect(actions(await query(admin, { action: p, target: 'complaint:1' }))).toEqual([`${p}.complaint.resolve`, `${p}.complaint.acknowledge`]);
    expect(actions(await query(admin, { action: p, from: '2026-02-01', to: '2026-02-02' }))).toEqual([`${p}.complaint.resolve`, `${p}.complaint.acknowledge`]);
    expect(actions(await query(admin, { action: p, from: '2026-02-03' }))).toEqual([`${p}.complaintx`, `${p}.pii.reveal_contact`]);

    const page2 = await query(admin, { action: p, page: 2, pageSize: 3 });
    expect(page2.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(actions(page2)).toEqual([`${p}.complaint.acknowledge`]);
  });

  it('treats the action filter as a literal prefix, not a pattern', async () => {
    const admin = await person('platform_admin');
    const p = `t${uid()}`;
    await seed([{ action: `${p}Xa`, at: at('2026-03-01') }]);
    expect((await query(admin, { action: `${p}.` })).body.total).toBe(0);
  });

  it('rejects an unsafe action filter and a backwards range with 400', async () => {
    const admin = await person('platform_admin');
    const bad = await query(admin, { action: '(.*)+' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('query.action');
    expect((await query(admin, { from: '2026-02-03', to: '2026-02-01' })).status).toBe(400);
    expect((await query(admin, { actorId: 'nope' })).status).toBe(400);
  });
});

describe('GET /admin/audit — outlet manager', () => {
  it('sees only their own outlet’s entries, whatever the filters', async () => {
    const [mine, theirs] = [await outlet(), await outlet()];
    const manager = await person('outlet_manager', mine);
    const otherActor = await person('outlet_manager', theirs);
    const p = `t${uid()}`;
    await seed([
      { action: `${p}.mine`, at: at('2026-04-01'), outletId: mine, actorId: manager.id },
      { action: `${p}.theirs`, at: at('2026-04-02'), outletId: theirs, actorId: otherActor.id },
      { action: `${p}.platform`, at: at('2026-04-03'), outletId: null },
    ]);
    const res = await query(manager, { action: p });
    expect(res.status).toBe(200);
    expect(actions(res)).toEqual([`${p}.mine`]);
    expect(res.body.total).toBe(1);
    expect((await query(manager, { action: p, actorId: otherActor.id })).body.total).toBe(0);
  });

  it('finds their own export in the log, written by the export itself', async () => {
    const o = await outlet();
    const manager = await person('outlet_manager', o);
    const exported = await fetch(`${t.url}/api/v1/admin/exports/orders.csv?from=2026-01-01&to=2026-01-31`, { headers: { authorization: `Bearer ${tokenOf(manager)}` } });
    expect(exported.status).toBe(200);
    await exported.text();
    const res = await query(manager, { action: 'export.', actorId: manager.id });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ action: 'export.orders_csv', outletId: o, target: `outlet:${o}`, data: { from: '2026-01-01', to: '2026-01-31', status: null } });
  });
});

describe('GET /admin/audit — everyone else', () => {
  it('answers engineers and customers with 403, and anonymous callers with 401', async () => {
    const o = await outlet();
    for (const who of [await person('engineer', o), await person('customer')]) {
      const res = await query(who, {});
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect((await t.request('GET', '/api/v1/admin/audit')).status).toBe(401);
  });
});

describe('audit log indexes', () => {
  it('declares an index for each query shape (outlet, actor, action, target, each by time)', async () => {
    const keys = (await AuditEntry.collection.indexes()).map((i) => JSON.stringify(i.key));
    for (const key of [{ at: -1 }, { actorId: 1, at: -1 }, { action: 1, at: -1 }, { outletId: 1, at: -1, _id: -1 }, { target: 1, at: -1, _id: -1 }]) {
      expect(keys).toContain(JSON.stringify(key));
    }
  });
});

describe('GET /admin/audit — every entry in words', () => {
  it('tells a dispatch as who dispatched which order to whom, in Chinese and English, with no route, key or id', async () => {
    const w = await buildWorld(t);
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const dispatched = await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    expect(dispatched.status).toBe(200);
    const revealed = await t.request('POST', `/api/v1/orders/${order.id}/contact`, { token: w.tokens.manager });
    expect(revealed.status).toBe(200);
    const { orderNo } = (await Order.findById(order.id, { orderNo: 1 }).lean())!;
    const engineerName = (await Order.findById(order.id, { timeline: 1 }).lean())!.timeline.find((e) => e.type === 'dispatched')!.data.engineerName as string;

    const res = await t.request('GET', `/api/v1/admin/audit?pageSize=50`, { token: w.tokens.manager });
    expect(res.status).toBe(200);
    const entries: Array<{ action: string; target: string | null; summary: { zh: string; en: string } }> = res.body.items;
    const dispatch = entries.find((e) => e.action === 'api.post /api/v1/orders/:id/dispatch' && e.target?.includes(order.id))!;
    expect(dispatch.summary.zh).toMatch(new RegExp(`^\\S+ 派单：订单 ${orderNo}，工程师：${engineerName}$`));
    expect(dispatch.summary.en).toContain(`dispatched an order: order ${orderNo}; Engineer: ${engineerName}`);
    const reveal = entries.find((e) => e.action === 'pii.reveal_contact' && e.target === `order:${orderNo}`)!;
    expect(reveal.summary.zh).toContain(`查看客户完整电话和地址：订单 ${orderNo}`);
    // One action, one entry: the reveal recorded its own entry, so the route adds no generic copy of it; the dispatch
    // recorded none, so the route logged it once under its endpoint.
    expect(entries.filter((e) => e.action === 'api.post /api/v1/orders/:id/contact' && e.target?.includes(order.id))).toEqual([]);
    expect(entries.filter((e) => e.action === 'api.post /api/v1/orders/:id/dispatch' && e.target?.includes(order.id))).toHaveLength(1);
    for (const e of entries) {
      // After the actor's name (test accounts are named after their role): no route, key, id, raw data or ISO time.
      for (const line of [e.summary.zh, e.summary.en]) expect(line.slice(line.indexOf(' ') + 1), e.action).not.toMatch(/api\.|\/api\/|[a-z]+_[a-z]+|[0-9a-f]{24}|\{|\d{4}-\d{2}-\d{2}T/);
    }
  });
});

import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, shanghaiDay, slotBounds, type Role } from '@fangxin/shared';
import { signAccessToken } from '../src/lib/accessToken';
import { AuditEntry } from '../src/modules/audit/model';
import { Complaint, type ComplaintRecord } from '../src/modules/complaints/model';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Notification } from '../src/modules/notifications/model';
import { initialSla } from '../src/modules/orders/booking/booking';
import { Order, type OrderRecord } from '../src/modules/orders/model';
import { buildEvent } from '../src/modules/orders/timeline';
import { User } from '../src/modules/users/model';
import { randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/** Issue 18: compensation above the cap (a setting) waits for a platform admin's approval; the customer sees only what stands. */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const uid = () => crypto.randomBytes(4).toString('hex');
const CAP = DEFAULT_SETTINGS.complaintCompensationCapFen;

interface Person {
  id: string;
  role: Role;
  outletId: string | null;
}

const tokenOf = (p: Person) => signAccessToken(t.config.JWT_SECRET, { sub: p.id, role: p.role, oid: p.outletId }, t.clock.now()).token;

async function person(role: Role, outletId: string | null = null): Promise<Person> {
  const user = await User.create({ role, name: `测试${role}${uid()}`, ...(role === 'customer' ? { phone: randomPhone() } : { username: `${role}.${uid()}` }), outletId });
  return { id: String(user._id), role, outletId };
}

async function makeWorld() {
  const outlet = await Outlet.create({ code: `A-${uid()}`, name: `赔偿测试网点${uid()}`, city: '杭州市', districtCodes: ['330102'], address: '测试路 1 号', phone: '0571-00000000' });
  const outletId = String(outlet._id);
  const engineerUser = await person('engineer', outletId);
  const engineer = await Engineer.create({ userId: engineerUser.id, outletId, employeeNo: `E-${uid()}`, name: '李师傅', phone: randomPhone(), level: 3 });
  return {
    outletId,
    manager: await person('outlet_manager', outletId),
    admin: await person('platform_admin'),
    admin2: await person('platform_admin'),
    engineer: { ...engineerUser, engineerId: String(engineer._id) },
    customer: await person('customer'),
  };
}
type World = Awaited<ReturnType<typeof makeWorld>>;

/** An accepted order written the way booking writes one, then a complaint filed, acknowledged and under investigation. */
async function investigating(w: World): Promise<string> {
  const _id = new Types.ObjectId();
  const now = t.clock.now();
  const day = shanghaiDay(now);
  const { startAt, endAt } = slotBounds(day, '14-16');
  const created = buildEvent(String(_id), null, { type: 'created', at: now, actor: { id: w.customer.id, role: 'customer', name: '客户' }, data: {} });
  await Order.create({
    _id,
    orderNo: `FXA${uid()}`,
    customerId: w.customer.id,
    outletId: w.outletId,
    category: 'air_conditioner',
    serviceType: 'repair',
    fault: { description: '空调不制冷', photoIds: [] },
    contact: { name: '张女士', phone: randomPhone(), districtCode: '330102', detail: '文三路 398 号' },
    slot: { outletId: w.outletId, day, window: '14-16', startAt, endAt },
    status: 'accepted',
    engineerId: w.engineer.engineerId,
    engineerUserId: w.engineer.id,
    catalogVersion: 1,
    createdDay: day,
    sla: await initialSla(now, startAt, endAt),
    timeline: [created],
    timelineHead: created.hash,
    times: { acceptedAt: now },
  });
  const res = await t.request('POST', `/api/v1/orders/${String(_id)}/complaints`, {
    token: tokenOf(w.customer),
    body: { category: 'damage', text: '师傅搬动空调时把我家的木地板砸坏了一大块。' },
  });
  expect(res.status).toBe(201);
  const id = (res.body as { id: string }).id;
  expect((await act(id, 'acknowledge', w.manager)).status).toBe(200);
  expect((await act(id, 'investigate', w.manager)).status).toBe(200);
  return id;
}

const act = (id: string, step: string, who: Person, body?: unknown) =>
  t.request('POST', `/api/v1/complaints/${id}/${step}`, { token: tokenOf(who), ...(body ? { body } : {}) });
const view = (id: string, who: Person) => t.request('GET', `/api/v1/complaints/${id}`, { token: tokenOf(who) });
const stored = (id: string) => Complaint.findById(id).lean<ComplaintRecord>() as Promise<ComplaintRecord>;
const RESOLUTION = '经核实属实，向客户道歉并赔偿地板维修费用';

describe('compensation cap and platform approval (issue 18)', () => {
  it('at or below the cap the resolution stands at once; the staff view shows the cap, the customer does not', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    const res = await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: CAP });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: { compensationFen: CAP }, approval: null, compensationCapFen: CAP });
    const customer = await view(id, w.customer);
    expect(customer.body).toMatchObject({ status: 'resolved', resolution: { compensationFen: CAP }, compensationCapFen: null, approval: null, actions: ['accept', 'reopen'] });
  });

  it('above the cap a manager’s resolution waits for approval, unseen by the customer; the platform admins are told', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    const res = await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: 500_000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'awaiting_approval',
      statusLabel: '待平台审批',
      resolution: { compensationFen: 500_000 },
      approval: { status: 'pending', compensationFen: 500_000, capFen: CAP, decidedAt: null },
      actions: [],
    });
    // The resolve deadline is met by the submission: the outlet did its part on time.
    expect((res.body as { deadlines: Array<{ kind: string; met: boolean | null }> }).deadlines.find((d) => d.kind === 'resolve')?.met).toBe(true);

    const customer = (await view(id, w.customer)).body as Record<string, unknown> & { history: Array<{ type: string; data: { compensationFen?: number | null } }> };
    expect(customer).toMatchObject({ status: 'awaiting_approval', resolution: null, approval: null, compensationCapFen: null, actions: [] });
    expect(customer.history.some((h) => h.type === 'awaiting_approval' || h.data.compensationFen)).toBe(false);
    expect(JSON.stringify(customer)).not.toContain('500000');

    // Nothing on the order's timeline, no notification to the customer yet.
    const order = await Order.findOne({ _id: (await stored(id)).orderId }).lean<OrderRecord>();
    expect(order!.timeline.some((e) => e.type === 'complaint_resolved')).toBe(false);
    expect(await Notification.countDocuments({ userId: w.customer.id, type: 'complaint_resolved' })).toBe(0);
    expect(await Notification.countDocuments({ userId: w.admin.id, type: 'complaint_awaiting_approval' })).toBe(1);

    const admin = await view(id, w.admin);
    expect((admin.body as { actions: string[] }).actions.sort()).toEqual(['approve', 'reject_compensation']);
    const pending = await t.request('GET', '/api/v1/complaints?status=awaiting_approval', { token: tokenOf(w.admin) });
    expect((pending.body as { items: Array<{ id: string }> }).items.map((c) => c.id)).toContain(id);
  });

  it('a platform admin approves: the resolution stands, the customer sees it, the order’s timeline and the audit log record it', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: 500_000 });
    const res = await act(id, 'approve', w.admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: { text: RESOLUTION, compensationFen: 500_000 }, approval: { status: 'approved', decidedBy: expect.any(String) } });

    const customer = await view(id, w.customer);
    expect(customer.body).toMatchObject({ status: 'resolved', resolution: { compensationFen: 500_000 }, actions: ['accept', 'reopen'] });
    expect((customer.body as { history: Array<{ type: string }> }).history.filter((h) => h.type === 'resolved')).toHaveLength(1);

    const c = await stored(id);
    const order = await Order.findById(c.orderId).lean<OrderRecord>();
    expect(order!.timeline.filter((e) => e.type === 'complaint_resolved').map((e) => e.data.compensationFen)).toEqual([500_000]);
    expect(await AuditEntry.countDocuments({ action: 'complaint.approve_compensation', target: `complaint:${id}`, actorId: w.admin.id })).toBe(1);
    expect(await Notification.countDocuments({ userId: w.customer.id, type: 'complaint_resolved' })).toBe(1);
  });

  it('a platform admin rejects with a reason: the offer is withdrawn, the outlet resolves again on a new deadline', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: 500_000 });
    expect((await act(id, 'reject-compensation', w.admin, { reason: 'x' })).status).toBe(400);
    expect((await stored(id)).status).toBe('awaiting_approval');

    t.clock.advance(3600_000);
    const res = await act(id, 'reject-compensation', w.admin, { reason: '赔偿金额远超地板维修报价，请按实际损失核定' });
    expect(res.status).toBe(200);
    const body = res.body as { status: string; resolution: unknown; approval: { status: string; reason: string }; deadlines: Array<{ kind: string; metAt: string | null; startAt: string }>; actions: string[] };
    expect(body).toMatchObject({ status: 'investigating', resolution: null, approval: { status: 'rejected', reason: '赔偿金额远超地板维修报价，请按实际损失核定' } });
    const resolve = body.deadlines.find((d) => d.kind === 'resolve')!;
    expect(resolve.metAt).toBeNull();
    expect(resolve.startAt).toBe(t.clock.now().toISOString());
    expect(body.actions).toContain('resolve');
    expect(await AuditEntry.countDocuments({ action: 'complaint.reject_compensation', target: `complaint:${id}` })).toBe(1);
    expect(await Notification.countDocuments({ userId: w.manager.id, type: 'complaint_compensation_rejected' })).toBe(1);

    // The customer never saw the offer nor the rejection.
    const customer = (await view(id, w.customer)).body as { history: Array<{ type: string }>; resolution: unknown };
    expect(customer.resolution).toBeNull();
    expect(customer.history.map((h) => h.type)).not.toContain('compensation_rejected');

    // The manager resolves again within the cap: it stands.
    const again = await act(id, 'resolve', w.manager, { resolution: '赔偿地板维修费用', compensationFen: 30_000 });
    expect(again.body).toMatchObject({ status: 'resolved', resolution: { compensationFen: 30_000 } });
  });

  it('managers cannot approve or reject; customers and engineers neither', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: 500_000 });
    expect((await act(id, 'approve', w.manager)).status).toBe(403);
    expect((await act(id, 'reject-compensation', w.manager, { reason: '金额过高，请重新核定' })).status).toBe(403);
    expect((await act(id, 'approve', w.customer)).status).toBe(403);
    expect((await act(id, 'approve', w.engineer)).status).toBe(403);
    expect((await stored(id)).status).toBe('awaiting_approval');
  });

  it('approving a complaint that awaits nothing is refused with 409', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    const res = await act(id, 'approve', w.admin);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { id: 'illegal_transition' } });
  });

  it('two decisions at once: exactly one wins, the other answers 409, one history entry and one audit record', async () => {
    const w = await makeWorld();
    const id = await investigating(w);
    await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: 500_000 });
    const results = await Promise.all([
      act(id, 'approve', w.admin),
      act(id, 'approve', w.admin2),
      act(id, 'reject-compensation', w.admin2, { reason: '金额过高，请重新核定' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const c = await stored(id);
    const decisions = c.history.filter((h) => h.from === 'awaiting_approval');
    expect(decisions).toHaveLength(1);
    const audits = await AuditEntry.countDocuments({ action: { $in: ['complaint.approve_compensation', 'complaint.reject_compensation'] }, target: `complaint:${id}` });
    expect(audits).toBe(1);
  });

  it('the cap is the setting in force: a platform admin lowers it and a smaller compensation then needs approval', async () => {
    const w = await makeWorld();
    const patch = await t.request('PATCH', '/api/v1/admin/settings', { token: tokenOf(w.admin), body: { complaintCompensationCapFen: 10_000 } });
    expect(patch.status).toBe(200);
    try {
      const id = await investigating(w);
      const res = await act(id, 'resolve', w.manager, { resolution: RESOLUTION, compensationFen: 20_000 });
      expect(res.body).toMatchObject({ status: 'awaiting_approval', compensationCapFen: 10_000, approval: { capFen: 10_000 } });
      // A platform admin's own resolution above the cap is the approval itself.
      const id2 = await investigating(w);
      const own = await act(id2, 'resolve', w.admin, { resolution: RESOLUTION, compensationFen: 20_000 });
      expect(own.body).toMatchObject({ status: 'resolved', approval: null });
    } finally {
      await t.request('PATCH', '/api/v1/admin/settings', { token: tokenOf(w.admin), body: { complaintCompensationCapFen: CAP } });
    }
  });
});

import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay, slotBounds, type Role } from '@fangxin/shared';
import { signAccessToken } from '../src/lib/accessToken';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { AuditEntry } from '../src/modules/audit/model';
import { Complaint, type ComplaintRecord } from '../src/modules/complaints/model';
import { sweepComplaintDeadlines } from '../src/modules/complaints/sweep';
import { complaintStatsFor } from '../src/modules/complaints/service';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Notification } from '../src/modules/notifications/model';
import { initialSla } from '../src/modules/orders/booking/booking';
import { Order, type OrderRecord } from '../src/modules/orders/model';
import { buildEvent, verifyChain } from '../src/modules/orders/timeline';
import { ReturnVisit } from '../src/modules/returnVisits/model';
import { Upload } from '../src/modules/uploads/model';
import { User } from '../src/modules/users/model';
import { randomPhone } from './factories';
import { book, buildWorld, upload } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const HOUR = 3600_000;
const uid = () => crypto.randomBytes(4).toString('hex');

interface Person {
  id: string;
  role: Role;
  outletId: string | null;
}

/** A token issued at the test clock's "now", so moving the clock by days never leaves a test with an expired one. */
const tokenOf = (p: Person) => signAccessToken(t.config.JWT_SECRET, { sub: p.id, role: p.role, oid: p.outletId }, t.clock.now()).token;

async function person(role: Role, outletId: string | null = null): Promise<Person> {
  const user = await User.create({ role, name: `测试${role}${uid()}`, ...(role === 'customer' ? { phone: randomPhone() } : { username: `${role}.${uid()}` }), outletId });
  return { id: String(user._id), role, outletId };
}

/**
 * A small world of its own: an outlet (outside the districts order-kit worlds book into) with two managers and an
 * engineer, a second outlet with its manager, a platform admin, and two customers.
 */
async function makeWorld() {
  const outlet = await Outlet.create({ code: `C-${uid()}`, name: `投诉测试网点${uid()}`, city: '杭州市', districtCodes: ['330102'], address: '测试路 1 号', phone: '0571-00000000' });
  const other = await Outlet.create({ code: `C-${uid()}`, name: `其他网点${uid()}`, city: '杭州市', districtCodes: ['330102'], address: '测试路 2 号', phone: '0571-00000001' });
  const outletId = String(outlet._id);
  const engineerUser = await person('engineer', outletId);
  const engineer = await Engineer.create({ userId: engineerUser.id, outletId, employeeNo: `E-${uid()}`, name: '李师傅', phone: randomPhone(), level: 3 });
  return {
    outletId,
    otherOutletId: String(other._id),
    manager: await person('outlet_manager', outletId),
    manager2: await person('outlet_manager', outletId),
    otherManager: await person('outlet_manager', String(other._id)),
    admin: await person('platform_admin'),
    engineer: { ...engineerUser, engineerId: String(engineer._id) },
    customer: await person('customer'),
    stranger: await person('customer'),
  };
}
type World = Awaited<ReturnType<typeof makeWorld>>;

/** An order in a given status, written the way booking writes one (a genesis timeline event, SLA clocks). */
async function orderIn(w: World, status: OrderRecord['status'], times: OrderRecord['times'] = {}, customer = w.customer): Promise<OrderRecord> {
  const _id = new Types.ObjectId();
  const now = t.clock.now();
  const day = shanghaiDay(now);
  const { startAt, endAt } = slotBounds(day, '14-16');
  const created = buildEvent(String(_id), null, { type: 'created', at: now, actor: { id: customer.id, role: 'customer', name: '客户' }, data: {} });
  const assigned = status !== 'pending';
  const doc = await Order.create({
    _id,
    orderNo: `FXT${uid()}`,
    customerId: customer.id,
    outletId: w.outletId,
    category: 'air_conditioner',
    serviceType: 'repair',
    fault: { description: '空调不制冷', photoIds: [] },
    contact: { name: '张女士', phone: randomPhone(), districtCode: '330102', detail: '文三路 398 号' },
    slot: { outletId: w.outletId, day, window: '14-16', startAt, endAt },
    status,
    engineerId: assigned ? w.engineer.engineerId : null,
    engineerUserId: assigned ? w.engineer.id : null,
    catalogVersion: 1,
    createdDay: day,
    sla: await initialSla(now, startAt, endAt),
    timeline: [created],
    timelineHead: created.hash,
    times: { ...(assigned ? { acceptedAt: now } : {}), ...times },
  });
  return doc.toObject() as OrderRecord;
}

const BODY = { category: 'attitude', text: '工程师态度恶劣，上门迟到一个小时还不道歉。' };

const file = (order: OrderRecord, who: Person, body: Record<string, unknown> = BODY) =>
  t.request('POST', `/api/v1/orders/${String(order._id)}/complaints`, { token: tokenOf(who), body });

async function filed(w: World, order?: OrderRecord) {
  const res = await file(order ?? (await orderIn(w, 'accepted')), w.customer);
  expect(res.status).toBe(201);
  return res.body as { id: string; orderId: string };
}

const act = (id: string, step: string, who: Person, body?: unknown) =>
  t.request('POST', `/api/v1/complaints/${id}/${step}`, { token: tokenOf(who), ...(body ? { body } : {}) });

const stored = (id: string) => Complaint.findById(id).lean<ComplaintRecord>() as Promise<ComplaintRecord>;

const notes = (orderId: string, type: string, userId?: string) =>
  Notification.find({ orderId: new Types.ObjectId(orderId), type, ...(userId ? { userId: new Types.ObjectId(userId) } : {}) }).lean();

/** Walks a new complaint to `resolved`. */
async function resolved(w: World) {
  const c = await filed(w);
  expect((await act(c.id, 'acknowledge', w.manager)).status).toBe(200);
  expect((await act(c.id, 'investigate', w.manager)).status).toBe(200);
  expect((await act(c.id, 'resolve', w.manager, { resolution: '已向客户道歉并对工程师进行培训', compensationFen: 5000 })).status).toBe(200);
  return c;
}

describe('POST /orders/:id/complaints — filing a complaint', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  it('files against an accepted order: 201, deadlines from the settings, the order timeline and the outlet told', async () => {
    const order = await orderIn(w, 'accepted');
    const now = t.clock.now();
    const res = await file(order, w.customer);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderId: String(order._id), orderNo: order.orderNo, status: 'submitted', statusLabel: '待受理', category: 'attitude', categoryLabel: '服务态度', reopenCount: 0, actions: [] });
    expect(res.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'ack', dueAt: new Date(now.getTime() + 24 * HOUR).toISOString(), met: null, atRisk: false, breached: false }),
      expect.objectContaining({ kind: 'resolve', dueAt: new Date(now.getTime() + 72 * HOUR).toISOString(), met: null, atRisk: false, breached: false }),
    ]);
    expect(res.body.ackDueAt).toBe(new Date(now.getTime() + 24 * HOUR).toISOString());
    expect(res.body.nextDueAt).toBe(res.body.ackDueAt);

    const saved = await stored(res.body.id);
    expect(saved).toMatchObject({ status: 'submitted', engineerId: new Types.ObjectId(w.engineer.engineerId), outletId: new Types.ObjectId(w.outletId) });
    const after = (await Order.findById(order._id).lean<OrderRecord>())!;
    const event = after.timeline.at(-1)!;
    expect(event).toMatchObject({ type: 'complaint_filed', data: { complaintId: res.body.id, category: 'attitude' } });
    expect(after.status).toBe('accepted'); // logged without a status change
    expect(verifyChain(String(order._id), after.timeline).valid).toBe(true);
    expect(await notes(String(order._id), 'complaint_filed', w.manager.id)).toHaveLength(1);
    expect(await notes(String(order._id), 'complaint_filed', w.manager2.id)).toHaveLength(1);
  });

  it('attaches the customer’s own complaint photos to the order, so the outlet can open them', async () => {
    const order = await orderIn(w, 'completed', { completedAt: t.clock.now() });
    const photo = await upload(t, tokenOf(w.customer), { kind: 'complaint_photo' });
    expect(photo.status).toBe(201);
    const res = await file(order, w.customer, { ...BODY, category: 'damage', photoIds: [photo.body.id] });
    expect(res.status).toBe(201);
    expect(res.body.photoIds).toEqual([photo.body.id]);
    expect((await Upload.findById(photo.body.id).lean())!.orderId).toEqual(order._id);
    const opened = await fetch(`${t.url}/api/v1/uploads/${photo.body.id}`, { headers: { authorization: `Bearer ${tokenOf(w.manager)}` } });
    expect(opened.status).toBe(200);
  });

  it('refuses photos that are not the customer’s own complaint photos with 400, and files nothing', async () => {
    const order = await orderIn(w, 'accepted');
    const strangers = await upload(t, tokenOf(w.stranger), { kind: 'complaint_photo' });
    const faultPhoto = await upload(t, tokenOf(w.customer), { kind: 'fault_photo' });
    for (const id of [strangers.body.id, faultPhoto.body.id]) {
      const res = await file(order, w.customer, { ...BODY, photoIds: [id] });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('photoIds');
    }
    expect(await Complaint.countDocuments({ orderId: order._id })).toBe(0);
  });

  it('answers another customer’s order with 404 and files nothing', async () => {
    const order = await orderIn(w, 'accepted');
    const res = await file(order, w.stranger);
    expect(res.status).toBe(404);
    expect(res.body.error.id).toBe('not_found');
    expect(await Complaint.countDocuments({ orderId: order._id })).toBe(0);
  });

  it('refuses a pending order (booked, no engineer yet) with 409 illegal_transition', async () => {
    const world = await buildWorld(t);
    const order = await book(t, world);
    expect(order.status).toBe('pending');
    const res = await t.request('POST', `/api/v1/orders/${order.id}/complaints`, { token: world.customer.token, body: BODY });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('illegal_transition');
    expect(await Complaint.countDocuments({ orderId: new Types.ObjectId(order.id) })).toBe(0);
  });

  it('accepts a closed order up to 90 days after closing, and refuses it after', async () => {
    const recent = await orderIn(w, 'closed', { closedAt: new Date(t.clock.now().getTime() - 89 * 24 * HOUR) });
    expect((await file(recent, w.customer)).status).toBe(201);
    const old = await orderIn(w, 'closed', { closedAt: new Date(t.clock.now().getTime() - 91 * 24 * HOUR) });
    const res = await file(old, w.customer);
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('illegal_transition');
    expect(await Complaint.countDocuments({ orderId: old._id })).toBe(0);
  });

  it('accepts a cancelled order only when an engineer had accepted it (a no-show)', async () => {
    const accepted = await orderIn(w, 'cancelled', { cancelledAt: t.clock.now() });
    expect((await file(accepted, w.customer, { ...BODY, category: 'no_show' })).status).toBe(201);
    const neverAccepted = await orderIn(w, 'pending');
    await Order.updateOne({ _id: neverAccepted._id }, { $set: { status: 'cancelled', 'times.cancelledAt': t.clock.now() } });
    expect((await file(neverAccepted, w.customer, { ...BODY, category: 'no_show' })).status).toBe(409);
  });

  it('rejects a text under 10 characters and an unknown category with 400', async () => {
    const order = await orderIn(w, 'accepted');
    const short = await file(order, w.customer, { category: 'attitude', text: '太差了' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0].path).toBe('text');
    const unknown = await file(order, w.customer, { ...BODY, category: 'rudeness' });
    expect(unknown.status).toBe(400);
    expect(await Complaint.countDocuments({ orderId: order._id })).toBe(0);
  });

  it('is for customers only: an engineer gets 403', async () => {
    const order = await orderIn(w, 'accepted');
    expect((await file(order, w.engineer)).status).toBe(403);
  });
});

describe('GET /complaints/:id — who may see a complaint', () => {
  it('shows the customer their own and the outlet and admins everything; others get 404', async () => {
    const w = await makeWorld();
    const c = await filed(w);
    expect((await act(c.id, 'notes', w.manager, { text: '已电话联系工程师了解情况' })).status).toBe(201);

    const own = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(w.customer) });
    expect(own.status).toBe(200);
    expect(own.body.history.map((h: { type: string }) => h.type)).toEqual(['filed']);
    for (const staff of [w.manager, w.admin]) {
      const res = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(staff) });
      expect(res.status).toBe(200);
      expect(res.body.history.map((h: { type: string; internal: boolean }) => [h.type, h.internal])).toEqual([
        ['filed', false],
        ['note', true],
      ]);
      expect(res.body.actions).toEqual(['acknowledge']);
    }
    for (const other of [w.stranger, w.otherManager, w.engineer]) {
      const res = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(other) });
      expect(res.status).toBe(404);
      expect(res.body.error.id).toBe('not_found');
    }
  });

  it('lists an order’s complaints for its customer and its outlet; another outlet gets 404, an engineer 403', async () => {
    const w = await makeWorld();
    const order = await orderIn(w, 'accepted');
    await filed(w, order);
    for (const who of [w.customer, w.manager]) {
      const res = await t.request('GET', `/api/v1/orders/${String(order._id)}/complaints`, { token: tokenOf(who) });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
    }
    expect((await t.request('GET', `/api/v1/orders/${String(order._id)}/complaints`, { token: tokenOf(w.otherManager) })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/orders/${String(order._id)}/complaints`, { token: tokenOf(w.engineer) })).status).toBe(403);
  });
});

describe('the complaint workflow', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  it('goes submitted → acknowledged → investigating → resolved → closed, telling the other party at each step', async () => {
    const c = await filed(w);
    const ack = await act(c.id, 'acknowledge', w.manager);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', actions: ['investigate'], nextDueAt: ack.body.resolveDueAt });
    expect(ack.body.deadlines[0]).toMatchObject({ kind: 'ack', met: true, breached: false });
    expect(await notes(c.orderId, 'complaint_acknowledged', w.customer.id)).toHaveLength(1);

    const inv = await act(c.id, 'investigate', w.manager);
    expect(inv.body).toMatchObject({ status: 'investigating', actions: ['resolve'] });
    expect(await notes(c.orderId, 'complaint_investigating', w.customer.id)).toHaveLength(1);

    const res = await act(c.id, 'resolve', w.admin, { resolution: '退还上门费并对工程师进行服务规范培训', compensationFen: 3000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: { text: '退还上门费并对工程师进行服务规范培训', compensationFen: 3000 }, nextDueAt: null });
    expect(res.body.deadlines[1]).toMatchObject({ kind: 'resolve', met: true });
    expect(await notes(c.orderId, 'complaint_resolved', w.customer.id)).toHaveLength(1);
    const order = (await Order.findById(c.orderId).lean<OrderRecord>())!;
    expect(order.timeline.at(-2)).toMatchObject({ type: 'complaint_resolved', data: { complaintId: c.id, compensationFen: 3000 } });
    // Not paid online: the compensation is owed by the outlet in cash (issue 20.4, docs/PAYMENTS.md).
    expect(order.timeline.at(-1)).toMatchObject({ type: 'compensation_owed', data: { reason: 'complaint_compensation', amountFen: 3000 } });
    expect(verifyChain(c.orderId, order.timeline).valid).toBe(true);

    const customerView = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(w.customer) });
    expect(customerView.body.actions).toEqual(['accept', 'reopen']);
    const closed = await act(c.id, 'accept', w.customer);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', statusLabel: '已结案', actions: [] });
    expect(await notes(c.orderId, 'complaint_closed', w.manager.id)).toHaveLength(1);

    const saved = await stored(c.id);
    expect(saved.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'submitted'],
      ['submitted', 'acknowledged'],
      ['acknowledged', 'investigating'],
      ['investigating', 'resolved'],
      ['resolved', 'closed'],
    ]);
  });

  it('audit-logs every staff write with the complaint’s outlet', async () => {
    const c = await resolved(w);
    await act(c.id, 'notes', w.manager, { text: '客户已接受道歉' });
    const entries = await AuditEntry.find({ target: `complaint:${c.id}` }).sort({ _id: 1 }).lean();
    expect(entries.map((e) => e.action)).toEqual(['complaint.acknowledge', 'complaint.investigate', 'complaint.resolve', 'complaint.note']);
    for (const e of entries) expect(e).toMatchObject({ actorId: new Types.ObjectId(w.manager.id), outletId: new Types.ObjectId(w.outletId) });
    expect(entries[2]!.data).toMatchObject({ compensationFen: 5000 });
  });

  it('answers every out-of-order step with 409 illegal_transition and changes nothing', async () => {
    const c = await filed(w);
    const tries: Array<[string, Person, unknown?]> = [
      ['investigate', w.manager],
      ['resolve', w.manager, { resolution: '已处理' }],
      ['accept', w.customer],
      ['reopen', w.customer, { reason: '不满意' }],
    ];
    for (const [step, who, body] of tries) {
      const res = await act(c.id, step, who, body);
      expect(res.status, step).toBe(409);
      expect(res.body.error.id).toBe('illegal_transition');
    }
    expect((await stored(c.id)).status).toBe('submitted');

    await act(c.id, 'acknowledge', w.manager);
    for (const [step, who, body] of [['acknowledge', w.manager], ['resolve', w.manager, { resolution: '已处理' }], ['accept', w.customer]] as Array<[string, Person, unknown?]>) {
      expect((await act(c.id, step, who, body)).status, step).toBe(409);
    }
    await act(c.id, 'investigate', w.manager);
    for (const [step, who, body] of [['investigate', w.manager], ['acknowledge', w.manager], ['reopen', w.customer, { reason: '不满意' }]] as Array<[string, Person, unknown?]>) {
      expect((await act(c.id, step, who, body)).status, step).toBe(409);
    }
    await act(c.id, 'resolve', w.manager, { resolution: '已处理完毕' });
    expect((await act(c.id, 'resolve', w.manager, { resolution: '再次处理' })).status).toBe(409);
    expect((await act(c.id, 'investigate', w.manager)).status).toBe(409);
    await act(c.id, 'accept', w.customer);
    for (const [step, who, body] of [['reopen', w.customer, { reason: '还是不满意' }], ['accept', w.customer], ['investigate', w.manager]] as Array<[string, Person, unknown?]>) {
      expect((await act(c.id, step, who, body)).status, step).toBe(409);
    }
    const saved = await stored(c.id);
    expect(saved.status).toBe('closed');
    expect(saved.history).toHaveLength(5);
  });

  it('lets two managers acknowledge at once: one wins, the other gets 409, one history entry', async () => {
    const c = await filed(w);
    const results = await Promise.all([act(c.id, 'acknowledge', w.manager), act(c.id, 'acknowledge', w.manager2)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const saved = await stored(c.id);
    expect(saved.history.filter((h) => h.to === 'acknowledged')).toHaveLength(1);
  });

  it('reopens once with a reason and restarts the resolve clock; a second reopen is 409 complaint_reopen_limit', async () => {
    const c = await resolved(w);
    t.clock.advance(2 * HOUR);
    const reopenedAt = t.clock.now();
    const reopened = await act(c.id, 'reopen', w.customer, { reason: '补偿金额太少，问题没有解决' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'reopened', reopenCount: 1 });
    expect(reopened.body.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['ack', 'resolve', 'resolve_reopened']);
    const again = new Date(reopenedAt.getTime() + 72 * HOUR).toISOString();
    expect(reopened.body.deadlines[2]).toMatchObject({ startAt: reopenedAt.toISOString(), dueAt: again, met: null });
    expect(reopened.body.resolveDueAt).toBe(again);
    expect(reopened.body.history.at(-1)).toMatchObject({ type: 'reopened', text: '补偿金额太少，问题没有解决' });
    expect(await notes(c.orderId, 'complaint_reopened', w.manager.id)).toHaveLength(1);

    expect((await act(c.id, 'resolve', w.manager, { resolution: '直接跳过调查' })).status).toBe(409);
    expect((await act(c.id, 'investigate', w.manager)).body.status).toBe('investigating');
    const second = await act(c.id, 'resolve', w.manager, { resolution: '更换空调压缩机并补偿 200 元', compensationFen: 20000 });
    expect(second.body.deadlines[2]).toMatchObject({ kind: 'resolve_reopened', met: true });
    const limit = await act(c.id, 'reopen', w.customer, { reason: '还是不满意' });
    expect(limit.status).toBe(409);
    expect(limit.body.error.id).toBe('complaint_reopen_limit');
    expect(second.body.actions).toEqual([]);
    const saved = await stored(c.id);
    expect(saved).toMatchObject({ status: 'resolved', reopenCount: 1 });
    expect((await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(w.customer) })).body.actions).toEqual(['accept']);
  });

  it('rejects a negative or fractional compensation with 400 and leaves the complaint as it was', async () => {
    const c = await filed(w);
    await act(c.id, 'acknowledge', w.manager);
    await act(c.id, 'investigate', w.manager);
    for (const compensationFen of [-1, 12.5]) {
      const res = await act(c.id, 'resolve', w.manager, { resolution: '赔偿', compensationFen });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('compensationFen');
    }
    expect((await stored(c.id)).status).toBe('investigating');
  });

  it('keeps staff endpoints to staff: an engineer and a customer get 403', async () => {
    const c = await filed(w);
    for (const who of [w.engineer, w.customer]) {
      for (const [step, body] of [['acknowledge'], ['investigate'], ['resolve', { resolution: '已处理' }], ['notes', { text: '备注' }]] as Array<[string, unknown?]>) {
        const res = await act(c.id, step, who, body);
        expect(res.status, `${who.role} ${step}`).toBe(403);
        expect(res.body.error.id).toBe('forbidden');
      }
      expect((await t.request('GET', '/api/v1/complaints', { token: tokenOf(who) })).status).toBe(403);
    }
    expect((await stored(c.id)).history).toHaveLength(1);
  });

  it('answers another outlet’s manager with 404 on every staff step', async () => {
    const c = await filed(w);
    for (const [step, body] of [['acknowledge'], ['notes', { text: '看看' }]] as Array<[string, unknown?]>) {
      const res = await act(c.id, step, w.otherManager, body);
      expect(res.status).toBe(404);
    }
    expect(await stored(c.id)).toMatchObject({ status: 'submitted' });
    expect((await stored(c.id)).history).toHaveLength(1);
  });
});

describe('return-visit task on resolution', () => {
  it('opens one task for the complaint, and no second one when it is resolved again after a reopen', async () => {
    const w = await makeWorld();
    const c = await resolved(w);
    const tasks = await ReturnVisit.find({ complaintId: new Types.ObjectId(c.id) }).lean();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ reason: 'complaint_resolved', orderId: new Types.ObjectId(c.orderId), outletId: new Types.ObjectId(w.outletId) });
    expect(String((await stored(c.id)).returnVisitTaskId)).toBe(String(tasks[0]!._id));

    await act(c.id, 'reopen', w.customer, { reason: '问题依旧存在' });
    await act(c.id, 'investigate', w.manager);
    await act(c.id, 'resolve', w.manager, { resolution: '再次上门维修' });
    expect(await ReturnVisit.countDocuments({ complaintId: new Types.ObjectId(c.id) })).toBe(1);
  });

  it('is opened by the sweeper when the resolution could not open it', async () => {
    const w = await makeWorld();
    const c = await resolved(w);
    await ReturnVisit.deleteOne({ complaintId: new Types.ObjectId(c.id) });
    await Complaint.updateOne({ _id: c.id }, { $set: { returnVisitTaskId: null } });
    await sweepComplaintDeadlines(t.clock);
    expect(await ReturnVisit.countDocuments({ complaintId: new Types.ObjectId(c.id) })).toBe(1);
    expect((await stored(c.id)).returnVisitTaskId).not.toBeNull();
  });
});

describe('deadlines on each complaint', () => {
  it('shows the acknowledge deadline met when acknowledged in time', async () => {
    const w = await makeWorld();
    const c = await filed(w);
    t.clock.advance(23 * HOUR);
    const res = await act(c.id, 'acknowledge', w.manager);
    expect(res.body.deadlines[0]).toMatchObject({ kind: 'ack', met: true, breached: false });
    expect(res.body.breached).toBe(false);
    expect((await stored(c.id)).breaches).toEqual({});
  });

  it('shows a late acknowledgement as not met and records the breach once, without escalation', async () => {
    const w = await makeWorld();
    const c = await filed(w);
    t.clock.advance(25 * HOUR);
    const res = await act(c.id, 'acknowledge', w.manager);
    expect(res.status).toBe(200);
    expect(res.body.deadlines[0]).toMatchObject({ kind: 'ack', met: false, breached: true });
    expect(res.body.breached).toBe(true);
    const saved = await stored(c.id);
    expect(saved.breaches.ack).toMatchObject({ detectedBy: 'late_action' });
    expect(saved.breached).toBe(true);
    await sweepComplaintDeadlines(t.clock);
    expect((await stored(c.id)).history.filter((h) => h.type === 'breach')).toHaveLength(1);
    expect(await notes(c.orderId, 'complaint_breach')).toHaveLength(0);
  });

  it('shows an open deadline past due as not met and breached before the sweeper has run', async () => {
    const w = await makeWorld();
    const c = await filed(w);
    t.clock.advance(20 * HOUR);
    const atRisk = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(w.customer) });
    expect(atRisk.body.deadlines[0]).toMatchObject({ kind: 'ack', met: null, atRisk: true, breached: false });
    expect(atRisk.body.atRisk).toBe(true);
    t.clock.advance(5 * HOUR);
    const late = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(w.manager) });
    expect(late.body.deadlines[0]).toMatchObject({ kind: 'ack', met: false, atRisk: false, breached: true });
    expect(late.body.deadlines[1]).toMatchObject({ kind: 'resolve', met: null, breached: false });
    expect(late.body.breached).toBe(true);
  });
});

describe('sweepComplaintDeadlines — at risk, breach and escalation', () => {
  const job = () => backgroundJobs(t.deps).find((j) => j.name === 'complaints.deadline_sweep')!;

  it('flags a complaint at 80 % of the acknowledge time and warns the managers once', async () => {
    const w = await makeWorld();
    const c = await filed(w);
    t.clock.advance(19 * HOUR);
    await sweepComplaintDeadlines(t.clock);
    expect((await stored(c.id)).atRisk).toEqual({});
    t.clock.advance(0.25 * HOUR); // 19.25 h of 24 h: past 80 %
    await sweepComplaintDeadlines(t.clock);
    await sweepComplaintDeadlines(t.clock);
    const saved = await stored(c.id);
    expect(Object.keys(saved.atRisk)).toEqual(['ack']);
    expect(saved.breaches).toEqual({});
    expect(saved.history.filter((h) => h.type === 'at_risk')).toHaveLength(1);
    expect(await notes(c.orderId, 'complaint_at_risk', w.manager.id)).toHaveLength(1);
    expect(await notes(c.orderId, 'complaint_at_risk', w.manager2.id)).toHaveLength(1);
    expect(await notes(c.orderId, 'complaint_at_risk', w.admin.id)).toHaveLength(0);
  });

  it('records each breach once and escalates once to every platform admin, whether run twice or by two instances at once', async () => {
    const w = await makeWorld();
    const c = await filed(w);
    t.clock.advance(24 * HOUR + 60_000);
    const [a, b] = await Promise.all([runJobOnce(job(), t.clock, 'instance-a'), runJobOnce(job(), t.clock, 'instance-b')]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]); // the lease lets one instance run
    await Promise.all([sweepComplaintDeadlines(t.clock), sweepComplaintDeadlines(t.clock)]); // and without the lease: still once
    await runJobOnce(job(), t.clock, 'instance-b');

    let saved = await stored(c.id);
    expect(Object.keys(saved.breaches)).toEqual(['ack']);
    expect(saved.breaches.ack).toMatchObject({ detectedBy: 'sweeper', dueAt: new Date(new Date(saved.filedAt).getTime() + 24 * HOUR) });
    expect(saved.history.filter((h) => h.type === 'breach')).toHaveLength(1);
    const admins = await User.find({ role: 'platform_admin', status: 'active' }, { _id: 1 }).lean();
    expect(admins.length).toBeGreaterThan(0);
    for (const admin of admins) expect(await notes(c.orderId, 'complaint_breach', String(admin._id))).toHaveLength(1);
    expect(await notes(c.orderId, 'complaint_breach', w.manager.id)).toHaveLength(1);
    expect(await notes(c.orderId, 'complaint_breach', w.otherManager.id)).toHaveLength(0);

    // Past 72 h, the resolve deadline breaches too: one more record, one more escalation each.
    await act(c.id, 'acknowledge', w.manager);
    t.clock.advance(48 * HOUR);
    await Promise.all([sweepComplaintDeadlines(t.clock), sweepComplaintDeadlines(t.clock)]);
    await sweepComplaintDeadlines(t.clock);
    saved = await stored(c.id);
    expect(Object.keys(saved.breaches).sort()).toEqual(['ack', 'resolve']);
    expect(saved.history.filter((h) => h.type === 'breach')).toHaveLength(2);
    for (const admin of admins) expect(await notes(c.orderId, 'complaint_breach', String(admin._id))).toHaveLength(2);
    const view = await t.request('GET', `/api/v1/complaints/${c.id}`, { token: tokenOf(w.manager) });
    expect(view.body.deadlines.map((d: { met: boolean | null }) => d.met)).toEqual([false, false]);
  });

  it('does not flag a deadline that was met', async () => {
    const w = await makeWorld();
    const c = await resolved(w);
    t.clock.advance(80 * HOUR);
    await sweepComplaintDeadlines(t.clock);
    const saved = await stored(c.id);
    expect(saved.breaches).toEqual({});
    expect(saved.atRisk).toEqual({});
  });
});

describe('GET /complaints — the staff work queue', () => {
  it('lists the outlet’s complaints, nearest deadline first, with SLA countdowns and filters', async () => {
    const w = await makeWorld();
    const first = await filed(w); // filed first: its acknowledge deadline is the nearest
    t.clock.advance(HOUR);
    const second = await filed(w);
    const done = await resolved(w);
    t.clock.advance(60_000);
    const damage = await file(await orderIn(w, 'accepted'), w.customer, { ...BODY, category: 'damage' });
    const otherWorld = await makeWorld();
    await filed(otherWorld);

    const list = await t.request('GET', '/api/v1/complaints', { token: tokenOf(w.manager) });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(4);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([first.id, second.id, damage.body.id, done.id]);
    expect(list.body.items[0]).toMatchObject({ status: 'submitted', atRisk: false, breached: false });
    expect(list.body.items[0].ackDueAt).toEqual(expect.any(String));
    expect(list.body.items[0].resolveDueAt).toEqual(expect.any(String));
    expect(list.body.items[3].nextDueAt).toBeNull();

    const byStatus = await t.request('GET', '/api/v1/complaints?status=resolved', { token: tokenOf(w.manager) });
    expect(byStatus.body.items.map((i: { id: string }) => i.id)).toEqual([done.id]);
    const byCategory = await t.request('GET', '/api/v1/complaints?category=damage', { token: tokenOf(w.manager) });
    expect(byCategory.body.items.map((i: { id: string }) => i.id)).toEqual([damage.body.id]);
    const paged = await t.request('GET', '/api/v1/complaints?page=2&pageSize=3', { token: tokenOf(w.manager) });
    expect(paged.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(paged.body.items).toHaveLength(1);

    t.clock.advance(23.5 * HOUR); // the first is past its acknowledge deadline, the others not yet
    const overdue = await t.request('GET', '/api/v1/complaints?overdue=true', { token: tokenOf(w.manager) });
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    expect(overdue.body.items[0]).toMatchObject({ breached: true });
    const notOverdue = await t.request('GET', '/api/v1/complaints?overdue=false', { token: tokenOf(w.manager) });
    expect(notOverdue.body.total).toBe(3);

    const today = shanghaiDay(t.clock.now());
    const range = await t.request('GET', `/api/v1/complaints?from=2000-01-01&to=2000-01-31`, { token: tokenOf(w.manager) });
    expect(range.body.total).toBe(0);
    // A year at most per request (DAY_RANGE_MAX.list).
    const upToToday = await t.request('GET', `/api/v1/complaints?from=${addDays(today, -365)}&to=${today}`, { token: tokenOf(w.manager) });
    expect(upToToday.body.total).toBe(4);
    const backwards = await t.request('GET', `/api/v1/complaints?from=${today}&to=2000-01-01`, { token: tokenOf(w.manager) });
    expect(backwards.status).toBe(400);

    const admin = await t.request('GET', '/api/v1/complaints?pageSize=100', { token: tokenOf(w.admin) });
    expect(admin.body.total).toBeGreaterThanOrEqual(5);
  });
});

describe('GET /complaints/mine', () => {
  it('lists the customer’s own complaints, newest first, and nobody else’s', async () => {
    const w = await makeWorld();
    const older = await filed(w);
    t.clock.advance(60_000);
    const newer = await filed(w);
    await file(await orderIn(w, 'accepted', {}, w.stranger), w.stranger);
    const res = await t.request('GET', '/api/v1/complaints/mine', { token: tokenOf(w.customer) });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([newer.id, older.id]);
    expect((await t.request('GET', '/api/v1/complaints/mine', { token: tokenOf(w.manager) })).status).toBe(403);
  });
});

describe('complaintStatsFor — counts for quality scores', () => {
  it('counts an outlet’s and an engineer’s complaints by category, open and breached, within a period', async () => {
    const w = await makeWorld();
    const start = t.clock.now();
    await filed(w);
    await file(await orderIn(w, 'accepted'), w.customer, { ...BODY, category: 'overcharging' });
    await resolved(w);
    const late = await filed(w);
    t.clock.advance(25 * HOUR);
    await act(late.id, 'acknowledge', w.manager);

    const stats = await complaintStatsFor({ outletId: new Types.ObjectId(w.outletId) });
    expect(stats).toMatchObject({ count: 4, open: 3, breached: 1 });
    expect(stats.byCategory).toMatchObject({ attitude: 3, overcharging: 1, damage: 0 });
    expect(await complaintStatsFor({ engineerId: new Types.ObjectId(w.engineer.engineerId) })).toMatchObject({ count: 4 });
    expect(await complaintStatsFor({ outletId: new Types.ObjectId(w.outletId), from: new Date(start.getTime() + HOUR) })).toMatchObject({ count: 0, open: 0, breached: 0 });
    expect(await complaintStatsFor({ outletId: new Types.ObjectId(w.otherOutletId) })).toMatchObject({ count: 0 });
  });
});

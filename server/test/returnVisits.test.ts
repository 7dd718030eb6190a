import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { Order } from '../src/modules/orders/model';
import { ReturnVisit } from '../src/modules/returnVisits/model';
import { createReturnVisitTask } from '../src/modules/returnVisits/service';
import { inReturnVisitSample, sampleClosedOrders } from '../src/modules/returnVisits/sampling';
import { Engineer } from '../src/modules/network/model';
import { Notification } from '../src/modules/notifications/model';
import { AuditEntry } from '../src/modules/audit/model';
import { User } from '../src/modules/users/model';
import { JobLease, runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { book, buildWorld, staffToken, uniqueSlot, type OrderWorld } from './orderKit';
import { createOutlet, createStaff } from './factories';
import { closedOrder } from './surveyKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
/** The world's manager (the outlet's first, so the default assignee), a second manager, and a manager elsewhere. */
let managerId: string;
let second: { id: string; token: string };
let elsewhere: { id: string; token: string };
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  managerId = String((await User.findOne({ role: 'outlet_manager', outletId: w.outlet.id }).sort({ createdAt: 1 }).lean())!._id);
  const s = await createStaff('outlet_manager', w.outlet.id);
  second = { id: s.id, token: await staffToken(t, s.username) };
  const otherOutlet = await createOutlet({ districtCodes: ['440306'] });
  const e = await createStaff('outlet_manager', otherOutlet.id);
  elsewhere = { id: e.id, token: await staffToken(t, e.username) };
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const DAY_MS = 24 * 3600_000;

/** A task on a fresh booked order (a return visit does not need the order closed), created with the clock at `at`. */
async function taskOn(reason: 'low_survey' | 'complaint_resolved' | 'sample' = 'sample', at?: Date) {
  const order = await book(t, w, { slot: uniqueSlot(w) });
  const now = t.clock.now();
  if (at) t.clock.set(at);
  try {
    const task = await createReturnVisitTask(t.clock, { orderId: order.id, reason, ...(reason === 'complaint_resolved' ? { complaintId: new Types.ObjectId().toHexString() } : {}) });
    return { order, taskId: task.id };
  } finally {
    t.clock.set(now);
  }
}

describe('createReturnVisitTask', () => {
  it('opens one task per trigger, due in returnVisitDueDays, assigned to the outlet’s first active manager, who is notified', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const first = await createReturnVisitTask(t.clock, { orderId: order.id, reason: 'sample' });
    expect(first.created).toBe(true);
    const task = (await ReturnVisit.findById(first.id).lean())!;
    expect(task).toMatchObject({ orderNo: order.orderNo, reason: 'sample', status: 'open', outcome: null, complaintId: null, surveyId: null });
    expect(String(task.outletId)).toBe(w.outlet.id);
    expect(String(task.assigneeId)).toBe(managerId);
    expect(new Date(task.dueAt).getTime()).toBe(t.clock.now().getTime() + 3 * DAY_MS);
    expect(await Notification.countDocuments({ userId: managerId, type: 'return_visit_assigned', orderId: order.id })).toBe(1);

    const again = await createReturnVisitTask(t.clock, { orderId: new Types.ObjectId(order.id), reason: 'sample' });
    expect(again).toEqual({ id: first.id, created: false });
    expect(await ReturnVisit.countDocuments({ orderId: order.id })).toBe(1);
  });

  it('creates one task when the same trigger fires several times at once', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const complaintId = new Types.ObjectId().toHexString();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => createReturnVisitTask(t.clock, { orderId: order.id, reason: 'complaint_resolved', complaintId })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await ReturnVisit.countDocuments({ orderId: order.id })).toBe(1);
  });

  it('keeps different triggers apart: another reason, another complaint', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const ids = new Set<string>();
    for (const input of [
      { reason: 'low_survey' as const },
      { reason: 'sample' as const },
      { reason: 'complaint_resolved' as const, complaintId: new Types.ObjectId().toHexString() },
      { reason: 'complaint_resolved' as const, complaintId: new Types.ObjectId().toHexString() },
    ]) {
      const r = await createReturnVisitTask(t.clock, { orderId: order.id, ...input });
      expect(r.created).toBe(true);
      ids.add(r.id);
    }
    expect(ids.size).toBe(4);
  });

  it('refuses an order that does not exist', async () => {
    await expect(createReturnVisitTask(t.clock, { orderId: new Types.ObjectId(), reason: 'sample' })).rejects.toMatchObject({ id: 'not_found' });
  });
});

describe('return-visit sampling job', () => {
  it('picks orders by a hash of their id: the same answer every time, about the configured share, more orders at a higher rate', () => {
    const ids = Array.from({ length: 20_000 }, () => new Types.ObjectId().toHexString());
    const tenth = ids.filter((id) => inReturnVisitSample(id, 0.1));
    expect(tenth.length / ids.length).toBeGreaterThan(0.09);
    expect(tenth.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => inReturnVisitSample(id, 0.1))).toEqual(tenth);
    expect(tenth.every((id) => inReturnVisitSample(id, 0.3))).toBe(true);
    expect(ids.some((id) => inReturnVisitSample(id, 0))).toBe(false);
    expect(ids.every((id) => inReturnVisitSample(id, 1))).toBe(true);
  });

  it('creates a sample task for each sampled closed order once, run twice or on two instances at once, skipping orders that already have a task', async () => {
    const patched = await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { returnVisitSampleRate: 0.5 } });
    expect(patched.status).toBe(200);
    try {
      // Closed orders until both sides of the sample are represented (each order is in it with probability 1/2).
      const closed: string[] = [];
      while (closed.length < 4 || !closed.some((id) => inReturnVisitSample(id, 0.5)) || closed.every((id) => inReturnVisitSample(id, 0.5))) {
        closed.push((await closedOrder(t, w)).id);
      }
      const sampled = closed.filter((id) => inReturnVisitSample(id, 0.5));
      const notClosed = await book(t, w, { slot: uniqueSlot(w) });
      // One sampled order already has a task from a low survey: it gets no second one.
      const alreadyFollowed = sampled[0]!;
      await createReturnVisitTask(t.clock, { orderId: alreadyFollowed, reason: 'low_survey' });
      const expected = sampled.filter((id) => id !== alreadyFollowed).sort();

      const job = backgroundJobs(t.deps).find((j) => j.name === 'return_visits.sample')!;
      const sampleTasks = async () =>
        (await ReturnVisit.find({ reason: 'sample', orderId: { $in: [...closed, notClosed.id] } }).lean()).map((r) => String(r.orderId)).sort();

      await JobLease.deleteMany({});
      expect((await runJobOnce(job, t.clock, 'a')).ran).toBe(true);
      expect(await sampleTasks()).toEqual(expected);
      await JobLease.deleteMany({});
      expect((await runJobOnce(job, t.clock, 'a')).ran).toBe(true);
      expect(await sampleTasks()).toEqual(expected);

      await JobLease.deleteMany({});
      const [a, b] = await Promise.all([runJobOnce(job, t.clock, 'a'), runJobOnce(job, t.clock, 'b')]);
      expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
      // Even without the lease (two instances whose leases both lapsed), the trigger index keeps one task per order.
      await Promise.all([sampleClosedOrders(t.clock), sampleClosedOrders(t.clock)]);
      expect(await sampleTasks()).toEqual(expected);
      expect(await ReturnVisit.countDocuments({ orderId: alreadyFollowed })).toBe(1);
    } finally {
      await JobLease.deleteMany({});
      await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { returnVisitSampleRate: 0.1 } });
    }
  });

  it('looks only at orders closed since its last run', async () => {
    const patched = await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { returnVisitSampleRate: 1 } });
    expect(patched.status).toBe(200);
    try {
      await sampleClosedOrders(t.clock);
      const recent = await closedOrder(t, w);
      // An order whose close is dated well before the last run (beyond the one-hour overlap) is not looked at again.
      const old = await closedOrder(t, w);
      await Order.updateOne({ _id: old.id }, { $set: { 'times.closedAt': new Date(t.clock.now().getTime() - 2 * DAY_MS) } });
      await sampleClosedOrders(t.clock);
      expect(await ReturnVisit.countDocuments({ orderId: recent.id, reason: 'sample' })).toBe(1);
      expect(await ReturnVisit.countDocuments({ orderId: old.id })).toBe(0);
    } finally {
      await t.request('PATCH', '/api/v1/admin/settings', { token: w.tokens.admin, body: { returnVisitSampleRate: 0.1 } });
    }
  });
});

describe('GET /api/v1/return-visits', () => {
  it('lists the outlet’s tasks with an overdue flag once past due (manual clock), and filters by overdue, status and assignee', async () => {
    const overdue = await taskOn('sample', new Date(t.clock.now().getTime() - 4 * DAY_MS));
    const fresh = await taskOn('sample');
    expect((await t.request('POST', `/api/v1/return-visits/${fresh.taskId}/assign`, { token: w.tokens.manager, body: { assigneeId: second.id } })).status).toBe(200);

    const all = await t.request('GET', '/api/v1/return-visits?pageSize=100', { token: w.tokens.manager });
    expect(all.status).toBe(200);
    const byId = new Map(all.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(overdue.taskId)).toMatchObject({ overdue: true, status: 'open', reasonLabel: '抽样回访', assignee: { id: managerId } });
    expect(byId.get(fresh.taskId)).toMatchObject({ overdue: false, assignee: { id: second.id } });

    const late = await t.request('GET', '/api/v1/return-visits?overdue=true&pageSize=100', { token: w.tokens.manager });
    const lateIds = late.body.items.map((i: { id: string }) => i.id);
    expect(lateIds).toContain(overdue.taskId);
    expect(lateIds).not.toContain(fresh.taskId);
    expect(late.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);

    const mine = await t.request('GET', '/api/v1/return-visits?mine=true&status=open&pageSize=100', { token: second.token });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([fresh.taskId]);
  });

  it('shows a task only inside its outlet: another outlet’s manager sees neither the list entry nor the task (404); engineers get 403', async () => {
    const { taskId } = await taskOn();
    const list = await t.request('GET', '/api/v1/return-visits?pageSize=100', { token: elsewhere.token });
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(taskId);
    expect((await t.request('GET', `/api/v1/return-visits/${taskId}`, { token: elsewhere.token })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/return-visits/${taskId}`, { token: w.engineers[0]!.token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/return-visits', { token: w.engineers[0]!.token })).status).toBe(403);
    const admin = await t.request('GET', `/api/v1/return-visits/${taskId}`, { token: w.tokens.admin });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ id: taskId, outletId: w.outlet.id, status: 'open', overdue: false });
  });
});

describe('POST /api/v1/return-visits/:id/outcome', () => {
  it('records the outcome, closes the task, writes return_visit_recorded on the order’s timeline and the audit log', async () => {
    const order = await closedOrder(t, w);
    const { id: taskId } = await createReturnVisitTask(t.clock, { orderId: order.id, reason: 'sample' });
    const res = await t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token: w.tokens.manager, body: { reached: true, satisfied: false, notes: '客户反映空调仍有异响，已建议申请二次上门' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', overdue: false, outcome: { reached: true, satisfied: false, notes: '客户反映空调仍有异响，已建议申请二次上门', recordedBy: { id: managerId } } });
    const stored = (await ReturnVisit.findById(taskId).lean())!;
    expect(stored.status).toBe('done');

    const timeline = await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.tokens.manager });
    expect(timeline.body.events.at(-1)).toMatchObject({ type: 'return_visit_recorded', data: { returnVisitId: taskId, reason: 'sample', reached: true, satisfied: false } });
    expect(JSON.stringify(timeline.body.events.at(-1))).not.toContain('异响');
    expect(timeline.body.verdict.valid).toBe(true);
    expect(await AuditEntry.countDocuments({ action: 'return_visit.outcome', target: `return_visit:${taskId}` })).toBe(1);
  });

  it('refuses a second recording with 409 illegal_transition and keeps the first outcome', async () => {
    const { taskId } = await taskOn();
    expect((await t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token: w.tokens.manager, body: { reached: false, notes: '电话无人接听' } })).status).toBe(200);
    const again = await t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token: second.token, body: { reached: true, satisfied: true, notes: '客户满意' } });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('illegal_transition');
    expect((await ReturnVisit.findById(taskId).lean())!.outcome).toMatchObject({ reached: false, satisfied: null, notes: '电话无人接听' });
  });

  it('records once when two managers record at the same moment', async () => {
    const { taskId } = await taskOn();
    const results = await Promise.all([w.tokens.manager, second.token].map((token) => t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token, body: { reached: true, satisfied: true, notes: '客户满意' } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await AuditEntry.countDocuments({ action: 'return_visit.outcome', target: `return_visit:${taskId}` })).toBe(1);
  });

  it('answers another outlet’s manager with 404 and changes nothing', async () => {
    const { taskId } = await taskOn();
    const res = await t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token: elsewhere.token, body: { reached: true, satisfied: true, notes: '客户满意' } });
    expect(res.status).toBe(404);
    expect((await ReturnVisit.findById(taskId).lean())!).toMatchObject({ status: 'open', outcome: null });
  });

  it('asks for satisfaction when the customer was reached (400 naming satisfied) and changes nothing', async () => {
    const { taskId } = await taskOn();
    const res = await t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token: w.tokens.manager, body: { reached: true, notes: '客户满意' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('satisfied');
    expect((await ReturnVisit.findById(taskId).lean())!.status).toBe('open');
  });
});

describe('POST /api/v1/return-visits/:id/assign', () => {
  it('hands an open task to another manager of the outlet, audited, and tells them', async () => {
    const { taskId } = await taskOn();
    const res = await t.request('POST', `/api/v1/return-visits/${taskId}/assign`, { token: w.tokens.manager, body: { assigneeId: second.id } });
    expect(res.status).toBe(200);
    expect(res.body.assignee).toMatchObject({ id: second.id });
    expect(String((await ReturnVisit.findById(taskId).lean())!.assigneeId)).toBe(second.id);
    expect(await AuditEntry.countDocuments({ action: 'return_visit.assign', target: `return_visit:${taskId}` })).toBe(1);
    expect(await Notification.countDocuments({ userId: second.id, type: 'return_visit_assigned', orderId: res.body.orderId })).toBe(1);
  });

  it('refuses an assignee who is not staff of that outlet (an engineer, another outlet’s manager, nobody) with 400 naming assigneeId', async () => {
    const { taskId } = await taskOn();
    const engineerUser = String((await Engineer.findById(w.engineers[0]!.engineerId).lean())!.userId);
    for (const assigneeId of [engineerUser, elsewhere.id, new Types.ObjectId().toHexString()]) {
      const res = await t.request('POST', `/api/v1/return-visits/${taskId}/assign`, { token: w.tokens.manager, body: { assigneeId } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('assigneeId');
    }
    expect(String((await ReturnVisit.findById(taskId).lean())!.assigneeId)).toBe(managerId);
  });

  it('answers another outlet’s manager with 404, and refuses a done task with 409', async () => {
    const { taskId } = await taskOn();
    expect((await t.request('POST', `/api/v1/return-visits/${taskId}/assign`, { token: elsewhere.token, body: { assigneeId: elsewhere.id } })).status).toBe(404);
    await t.request('POST', `/api/v1/return-visits/${taskId}/outcome`, { token: w.tokens.manager, body: { reached: false, notes: '电话无人接听' } });
    const done = await t.request('POST', `/api/v1/return-visits/${taskId}/assign`, { token: w.tokens.manager, body: { assigneeId: second.id } });
    expect(done.status).toBe(409);
    expect(done.body.error.id).toBe('illegal_transition');
    expect(String((await ReturnVisit.findById(taskId).lean())!.assigneeId)).toBe(managerId);
  });
});

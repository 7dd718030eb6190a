import { Types } from 'mongoose';
import { RETURN_VISIT_REASON_LABELS, shanghaiDay, type ReturnVisitListQuery, type ReturnVisitOutcomeBody } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { findScopedOr404, outletScope } from '../../lib/scope';
import { recordAudit } from '../audit/service';
import { notify } from '../notifications/service';
import { orderSummary } from '../orders/reads';
import { changeOrder } from '../orders/mutate';
import { actorOf } from '../orders/actor';
import { getSettings } from '../settings/service';
import { activeManagerOf, firstActiveManager } from '../users/reads';
import { ReturnVisit, type ReturnVisitRecord } from './model';
import { assigneeNames, presentReturnVisit } from './presenter';

const DAY_MS = 24 * 3600 * 1000;
const toId = (v: Types.ObjectId | string) => (typeof v === 'string' ? new Types.ObjectId(v) : v);
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export interface RequestMeta {
  ip: string;
  requestId: string;
}

/** The outlet's first active manager (by seniority): who a new task goes to until someone reassigns it. */
const defaultAssignee = (outletId: Types.ObjectId): Promise<Types.ObjectId | null> => firstActiveManager(outletId);

/**
 * Opens a return-visit task for one trigger (an order and a reason, and the complaint for complaint follow-ups).
 * Idempotent: a trigger that fires again, or twice at once, gets the task that exists — the unique trigger index
 * decides races. Due `returnVisitDueDays` from now, assigned to the outlet's first active manager, who is notified.
 * Used by surveys (low results), complaints (resolved) and the sampling job.
 */
export async function createReturnVisitTask(
  clock: Clock,
  input: { orderId: Types.ObjectId | string; reason: 'low_survey' | 'complaint_resolved' | 'sample'; surveyId?: string; complaintId?: string },
): Promise<{ id: string; created: boolean }> {
  const orderId = toId(input.orderId);
  const trigger = { orderId, reason: input.reason, complaintId: input.complaintId ? new Types.ObjectId(input.complaintId) : null };
  const existing = await ReturnVisit.findOne(trigger, { _id: 1 }).lean();
  if (existing) return { id: String(existing._id), created: false };

  const order = await orderSummary(orderId);
  if (!order) throw new AppError('not_found', '订单不存在');
  const [settings, assigneeId] = await Promise.all([getSettings(), defaultAssignee(order.outletId)]);
  const now = clock.now();
  let task: ReturnVisitRecord;
  try {
    const doc = await ReturnVisit.create({
      ...trigger,
      orderNo: order.orderNo,
      outletId: order.outletId,
      engineerId: order.engineerId ?? null,
      surveyId: input.surveyId ? new Types.ObjectId(input.surveyId) : null,
      assigneeId,
      dueAt: new Date(now.getTime() + settings.returnVisitDueDays * DAY_MS),
      status: 'open',
      outcome: null,
    });
    task = doc.toObject() as ReturnVisitRecord;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await ReturnVisit.findOne(trigger, { _id: 1 }).lean();
    if (!winner) throw err;
    return { id: String(winner._id), created: false };
  }
  await notify(clock, [assigneeId], {
    type: 'return_visit_assigned',
    title: '新的回访任务',
    body: `订单 ${order.orderNo}：${RETURN_VISIT_REASON_LABELS[input.reason]}，请于 ${shanghaiDay(task.dueAt)} 前完成`,
    orderId: String(orderId),
  });
  return { id: String(task._id), created: true };
}

async function present(clock: Clock, task: ReturnVisitRecord) {
  return presentReturnVisit(task, clock.now(), await assigneeNames([task]));
}

/** Staff list of the caller's outlet (all outlets for platform admins), soonest due first. */
export async function listReturnVisits(clock: Clock, user: AuthUser, q: ReturnVisitListQuery) {
  const now = clock.now();
  const and: Record<string, unknown>[] = [outletScope(user)];
  if (q.outletId) and.push({ outletId: new Types.ObjectId(q.outletId) });
  if (q.mine) and.push({ assigneeId: new Types.ObjectId(user.id) });
  if (q.status) and.push({ status: q.status });
  if (q.reason) and.push({ reason: q.reason });
  if (q.orderId) and.push({ orderId: new Types.ObjectId(q.orderId) });
  if (q.overdue === true) and.push({ status: 'open', dueAt: { $lt: now } });
  if (q.overdue === false) and.push({ $or: [{ status: 'done' }, { dueAt: { $gte: now } }] });
  const filter = { $and: and };
  const [items, total] = await Promise.all([
    ReturnVisit.find(filter)
      .sort({ status: -1, dueAt: 1, _id: 1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<ReturnVisitRecord[]>(),
    ReturnVisit.countDocuments(filter),
  ]);
  const names = await assigneeNames(items);
  return { items: items.map((t) => presentReturnVisit(t, now, names)), total, page: q.page, pageSize: q.pageSize };
}

const loadScoped = (user: AuthUser, id: string) => findScopedOr404<ReturnVisitRecord>(ReturnVisit, id, user, { what: '回访任务' });

export async function getReturnVisit(clock: Clock, user: AuthUser, id: string) {
  return present(clock, await loadScoped(user, id));
}

/**
 * Records what the call found and closes the task (open → done, a compare-and-set: a second recording is 409).
 * The outcome is written to the order's timeline (without the notes) and to the audit log.
 */
export async function recordReturnVisitOutcome(clock: Clock, user: AuthUser, id: string, body: ReturnVisitOutcomeBody, meta: RequestMeta) {
  const task = await loadScoped(user, id);
  const now = clock.now();
  const outcome = {
    reached: body.reached,
    satisfied: body.reached ? (body.satisfied ?? null) : null,
    notes: body.notes,
    recordedBy: { id: new Types.ObjectId(user.id), name: user.name },
    recordedAt: now,
  };
  const updated = await ReturnVisit.findOneAndUpdate({ _id: task._id, status: 'open' }, { $set: { status: 'done', outcome } }, { returnDocument: 'after', lean: true });
  if (!updated) throw new AppError('illegal_transition', '该回访任务已完成');
  await changeOrder(clock, task.orderId, actorOf(user), () => ({
    type: 'return_visit_recorded',
    data: { returnVisitId: String(task._id), reason: task.reason, reached: outcome.reached, satisfied: outcome.satisfied },
  }));
  await recordAudit(clock, {
    action: 'return_visit.outcome',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(task.outletId),
    target: `return_visit:${String(task._id)}`,
    ip: meta.ip,
    requestId: meta.requestId,
    data: { orderNo: task.orderNo, reason: task.reason, reached: outcome.reached, satisfied: outcome.satisfied },
  });
  return present(clock, updated as ReturnVisitRecord);
}

/** Hands an open task to another manager of the same outlet (audited; the new assignee is notified). */
export async function assignReturnVisit(clock: Clock, user: AuthUser, id: string, assigneeId: string, meta: RequestMeta) {
  const task = await loadScoped(user, id);
  if (task.status !== 'open') throw new AppError('illegal_transition', '该回访任务已完成，不能再指派');
  const assignee = await activeManagerOf(task.outletId, assigneeId);
  if (!assignee) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'assigneeId', message: '只能指派给该网点在职的网点人员' }] });
  }
  const updated = await ReturnVisit.findOneAndUpdate({ _id: task._id, status: 'open' }, { $set: { assigneeId: assignee._id } }, { returnDocument: 'after', lean: true });
  if (!updated) throw new AppError('illegal_transition', '该回访任务已完成，不能再指派');
  await recordAudit(clock, {
    action: 'return_visit.assign',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(task.outletId),
    target: `return_visit:${String(task._id)}`,
    ip: meta.ip,
    requestId: meta.requestId,
    data: { orderNo: task.orderNo, from: task.assigneeId ? String(task.assigneeId) : null, to: String(assignee._id) },
  });
  if (String(task.assigneeId) !== String(assignee._id)) {
    await notify(clock, [assignee._id], {
      type: 'return_visit_assigned',
      title: '新的回访任务',
      body: `订单 ${task.orderNo}：${RETURN_VISIT_REASON_LABELS[task.reason]}，请于 ${shanghaiDay(new Date(task.dueAt))} 前完成`,
      orderId: String(task.orderId),
    });
  }
  return present(clock, updated as ReturnVisitRecord);
}

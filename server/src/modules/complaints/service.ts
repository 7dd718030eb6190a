import { Types } from 'mongoose';
import {
  COMPLAINT_TRANSITIONS,
  compensationNeedsApproval,
  complaintFilingError,
  complaintTransitionError,
  currentResolveKind,
  nextComplaintDueAt,
  startDeadline,
  type ComplaintAction,
  type ComplaintDeadlineKind,
  type ComplaintDeadlines,
  type ComplaintStatus,
  type FileComplaintBody,
  type ResolveComplaintBody,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';
import { getSettings } from '../settings/service';
import { claimComplaintUploads } from '../uploads/service';
import { loadOrderFor } from '../orders/access';
import { actorOf } from '../orders/actor';
import { changeOrder } from '../orders/mutate';
import { Complaint, NO_DUE, type BreachRecord, type ComplaintHistoryEntry, type ComplaintHistoryEntryData, type ComplaintRecord } from './model';
import { notifyComplaint } from './notify';
import { openReturnVisit } from './returnVisit';
import { queueCompensation } from '../payments/service';

/** Where a staff write came from, for the audit log. */
export interface RequestMeta {
  ip: string;
  requestId: string;
}

const actorEntry = (user: AuthUser) => ({ id: user.id, role: user.role, name: user.name });

export function historyEntry(at: Date, user: AuthUser | null, fields: Partial<ComplaintHistoryEntry> & { type: string }): ComplaintHistoryEntry {
  return {
    at,
    actor: user ? actorEntry(user) : { id: null, role: 'system', name: '系统' },
    from: null,
    to: null,
    text: null,
    data: {},
    internal: false,
    ...fields,
  };
}

/**
 * A customer files a complaint against one of their orders (S9). The order must have been accepted by an engineer,
 * and a closed or cancelled order stays open to complaints for 90 days. Deadlines start now, fixed from the settings
 * in force; the order's hash-chained timeline records the filing.
 */
export async function fileComplaint(clock: Clock, user: AuthUser, orderId: string, body: FileComplaintBody): Promise<ComplaintRecord> {
  const { order } = await loadOrderFor(clock, user, orderId, ['customer']);
  const now = clock.now();
  const refused = complaintFilingError({ status: order.status, ...order.times }, now);
  if (refused) throw new AppError(refused.id, refused.message);
  const photoIds = [...new Set(body.photoIds)].map((id) => new Types.ObjectId(id));
  if (photoIds.length && (await Complaint.exists({ photoIds: { $in: photoIds } }))) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'photoIds', message: '图片已用于其他投诉，请重新上传' }] });
  }
  await claimComplaintUploads(user.id, order._id, body.photoIds);

  const settings = await getSettings();
  const deadlines: ComplaintDeadlines = {
    ack: startDeadline(now, settings.complaintAckHours, settings.atRiskRatio),
    resolve: startDeadline(now, settings.complaintResolveHours, settings.atRiskRatio),
  };
  const doc = await Complaint.create({
    orderId: order._id,
    orderNo: order.orderNo,
    customerId: order.customerId,
    outletId: order.outletId,
    engineerId: order.engineerId,
    engineerUserId: order.engineerUserId,
    category: body.category,
    text: body.text,
    photoIds,
    status: 'submitted',
    reopenCount: 0,
    deadlines,
    nextDueAt: nextComplaintDueAt('submitted', deadlines) ?? NO_DUE,
    history: [historyEntry(now, user, { type: 'filed', to: 'submitted', data: { category: body.category } })],
    filedAt: now,
  });
  const complaint = doc.toObject() as ComplaintRecord;
  await changeOrder(clock, order._id, actorOf(user), () => ({
    type: 'complaint_filed',
    data: { complaintId: String(complaint._id), category: body.category },
  }));
  await notifyComplaint(clock, complaint, 'complaint_filed');
  return complaint;
}

/**
 * Reads a complaint the caller may see: the customer their own, outlet managers their outlet's, platform admins
 * all. Anything else (engineers included) is 404, so ids cannot be probed.
 */
export async function loadComplaintFor(user: AuthUser, id: string): Promise<ComplaintRecord> {
  const complaint = await Complaint.findById(new Types.ObjectId(id)).lean<ComplaintRecord>();
  const visible =
    complaint &&
    ((user.role === 'customer' && String(complaint.customerId) === user.id) ||
      (user.role === 'outlet_manager' && user.outletId === String(complaint.outletId)) ||
      user.role === 'platform_admin');
  if (!visible) throw new AppError('not_found', '投诉不存在');
  return complaint;
}

interface StepChange {
  /** Where the action leads when not its usual status (a resolution awaiting approval). */
  to?: ComplaintStatus;
  /** The history entry's type (default: the status reached) and whether it is for staff only. */
  type?: string;
  internal?: boolean;
  set?: Record<string, unknown>;
  deadlines?: ComplaintDeadlines;
  text?: string | null;
  data?: ComplaintHistoryEntryData;
  inc?: Record<string, number>;
}

const MAX_ATTEMPTS = 5;

/**
 * The one way a complaint changes status: the shared state machine decides, then a compare-and-set on the status
 * (and the reopen count) applies the change and appends its history entry in the same single-document update.
 * When another change won the race, the complaint is read again and the machine decides again.
 */
async function step(
  clock: Clock,
  user: AuthUser,
  id: string,
  action: ComplaintAction,
  build: (c: ComplaintRecord, now: Date) => StepChange,
): Promise<{ before: ComplaintRecord; after: ComplaintRecord }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await loadComplaintFor(user, id);
    const refused = complaintTransitionError(action, before, user.role);
    if (refused === 'illegal_transition') {
      throw new AppError('illegal_transition', `投诉当前状态不能执行「${COMPLAINT_TRANSITIONS[action].label}」`);
    }
    if (refused) throw new AppError(refused);
    const now = clock.now();
    const change = build(before, now);
    const to = change.to ?? COMPLAINT_TRANSITIONS[action].to;
    const deadlines = { ...before.deadlines, ...change.deadlines };
    const set: Record<string, unknown> = { ...change.set, status: to, nextDueAt: nextComplaintDueAt(to, deadlines) ?? NO_DUE };
    for (const [kind, d] of Object.entries(change.deadlines ?? {})) set[`deadlines.${kind}`] = d;
    const entry = historyEntry(now, user, {
      type: change.type ?? to,
      from: before.status,
      to,
      text: change.text ?? null,
      data: change.data ?? {},
      internal: change.internal ?? false,
    });
    const after = await Complaint.findOneAndUpdate(
      { _id: before._id, status: before.status, reopenCount: before.reopenCount },
      { $set: set, $push: { history: entry }, ...(change.inc ? { $inc: change.inc } : {}) },
      { returnDocument: 'after', lean: true },
    );
    if (after) return { before, after: after as ComplaintRecord };
  }
  throw new AppError('conflict', '投诉正被同时处理，请稍后重试');
}

/**
 * Records a missed deadline once: the update applies only while `breaches.<kind>` is unset, so two sweeps, two
 * instances, or a sweep racing a late acknowledgement produce exactly one record. Returns whether this call recorded it.
 */
export async function recordBreach(clock: Clock, complaintId: Types.ObjectId, kind: ComplaintDeadlineKind, dueAt: Date, detectedBy: BreachRecord['detectedBy']): Promise<boolean> {
  const now = clock.now();
  const breach: BreachRecord = { at: now, dueAt: new Date(dueAt), detectedBy };
  const res = await Complaint.updateOne(
    { _id: complaintId, [`breaches.${kind}`]: { $exists: false } },
    {
      $set: { [`breaches.${kind}`]: breach, breached: true },
      $push: { history: historyEntry(now, null, { type: 'breach', internal: true, data: { kind, dueAt: breach.dueAt, detectedBy } }) },
    },
  );
  return res.modifiedCount === 1;
}

/** A deadline met after its due time is a breach too (recorded at once, without escalation: it is already handled). */
async function recordIfLate(clock: Clock, c: ComplaintRecord, kind: ComplaintDeadlineKind, metAt: Date): Promise<void> {
  const d = c.deadlines[kind];
  if (d && metAt.getTime() > new Date(d.dueAt).getTime()) await recordBreach(clock, c._id, kind, d.dueAt, 'late_action');
}

async function auditStaffWrite(clock: Clock, user: AuthUser, c: ComplaintRecord, action: string, meta: RequestMeta, data: Record<string, unknown> = {}) {
  await recordAudit(clock, {
    action: `complaint.${action}`,
    actorId: user.id,
    actorRole: user.role,
    outletId: String(c.outletId),
    target: `complaint:${String(c._id)}`,
    ip: meta.ip,
    requestId: meta.requestId,
    data: { orderNo: c.orderNo, ...data },
  });
}

/** Staff: the outlet has seen the complaint (the acknowledge deadline is met). */
export async function acknowledgeComplaint(clock: Clock, user: AuthUser, id: string, meta: RequestMeta): Promise<ComplaintRecord> {
  const { before, after } = await step(clock, user, id, 'acknowledge', (c, now) => ({ deadlines: { ack: { ...c.deadlines.ack!, metAt: now } } }));
  await recordIfLate(clock, before, 'ack', after.deadlines.ack!.metAt!);
  await auditStaffWrite(clock, user, after, 'acknowledge', meta);
  await notifyComplaint(clock, after, 'complaint_acknowledged');
  return (await Complaint.findById(after._id).lean<ComplaintRecord>())!;
}

/** Staff: the investigation starts (again, after a reopen). */
export async function investigateComplaint(clock: Clock, user: AuthUser, id: string, meta: RequestMeta): Promise<ComplaintRecord> {
  const { after } = await step(clock, user, id, 'investigate', () => ({}));
  await auditStaffWrite(clock, user, after, 'investigate', meta);
  await notifyComplaint(clock, after, 'complaint_investigating');
  return after;
}

/**
 * Staff: the resolution (and any compensation) is offered to the customer; the running resolve deadline is met.
 * The order's timeline records it, and a return visit is opened to hear the customer's side.
 *
 * Compensation cap (issue 18): an outlet manager's compensation above `complaintCompensationCapFen` does not stand on
 * its own. The complaint goes to `awaiting_approval` (an internal history entry, nothing shown to the customer) and
 * every platform admin is told; the outlet's resolve deadline is met by the submission (the outlet did its part).
 */
export async function resolveComplaint(clock: Clock, user: AuthUser, id: string, body: ResolveComplaintBody, meta: RequestMeta): Promise<ComplaintRecord> {
  const capFen = (await getSettings()).complaintCompensationCapFen;
  const compensationFen = body.compensationFen ?? null;
  const pending = compensationNeedsApproval(compensationFen, capFen, user.role);
  let kind: ComplaintDeadlineKind = 'resolve';
  const { before, after } = await step(clock, user, id, 'resolve', (c, now) => {
    kind = currentResolveKind(c.reopenCount);
    const approval = pending
      ? { status: 'pending', compensationFen, capFen, requestedAt: now, requestedBy: { id: user.id, name: user.name }, decidedAt: null, decidedBy: null, reason: null }
      : undefined;
    return {
      ...(pending ? { to: 'awaiting_approval' as const, internal: true } : {}),
      set: { resolution: { text: body.resolution, compensationFen, at: now, byId: user.id }, ...(approval ? { approval } : {}) },
      deadlines: { [kind]: { ...c.deadlines[kind]!, metAt: now } },
      text: body.resolution,
      data: { compensationFen },
    };
  });
  await recordIfLate(clock, before, kind, after.resolution!.at);
  await auditStaffWrite(clock, user, after, 'resolve', meta, { compensationFen, ...(pending ? { awaitingApproval: true, capFen } : {}) });
  if (pending) {
    await notifyComplaint(clock, after, 'complaint_awaiting_approval');
    return (await Complaint.findById(after._id).lean<ComplaintRecord>())!;
  }
  return settleResolution(clock, user, after);
}

/** A resolution that stands: on the order's timeline, a return visit opened, the customer told. */
async function settleResolution(clock: Clock, user: AuthUser, after: ComplaintRecord): Promise<ComplaintRecord> {
  const compensationFen = after.resolution?.compensationFen ?? null;
  await changeOrder(clock, after.orderId, actorOf(user), () => ({
    type: 'complaint_resolved',
    data: { complaintId: String(after._id), compensationFen, round: after.reopenCount + 1 },
  }));
  await openReturnVisit(clock, after).catch(() => undefined); // retried by the deadline sweeper while missing
  // Issue 20.4: the compensation is refunded against the order's online payment (queued; the payments job sends it),
  // the rest owed by the outlet in cash.
  await queueCompensation(clock, after);
  await notifyComplaint(clock, after, 'complaint_resolved');
  return (await Complaint.findById(after._id).lean<ComplaintRecord>())!;
}

const decider = (user: AuthUser) => ({ id: user.id, name: user.name });

/**
 * Platform admin: a compensation above the cap is approved. The resolution stands from now (its time is the approval,
 * when the customer first sees it) and follows the path of any resolution. Two decisions at once: the compare-and-set
 * on the status lets one win; the other answers 409.
 */
export async function approveCompensation(clock: Clock, user: AuthUser, id: string, meta: RequestMeta): Promise<ComplaintRecord> {
  const { after } = await step(clock, user, id, 'approve', (c, now) => ({
    type: 'resolved',
    set: { 'resolution.at': now, 'approval.status': 'approved', 'approval.decidedAt': now, 'approval.decidedBy': decider(user) },
    text: c.resolution?.text ?? null,
    data: { compensationFen: c.resolution?.compensationFen ?? null },
  }));
  await auditStaffWrite(clock, user, after, 'approve_compensation', meta, { compensationFen: after.approval?.compensationFen ?? null });
  await notifyComplaint(clock, after, 'complaint_compensation_approved');
  return settleResolution(clock, user, after);
}

/**
 * Platform admin: a compensation above the cap is rejected, with a reason for the outlet. The offer is withdrawn
 * (the customer never saw it) and the outlet resolves again on a new resolve deadline, starting now.
 */
export async function rejectCompensation(clock: Clock, user: AuthUser, id: string, reason: string, meta: RequestMeta): Promise<ComplaintRecord> {
  const settings = await getSettings();
  const { after } = await step(clock, user, id, 'reject_compensation', (c, now) => {
    const kind = currentResolveKind(c.reopenCount);
    return {
      type: 'compensation_rejected',
      internal: true,
      set: { resolution: null, 'approval.status': 'rejected', 'approval.decidedAt': now, 'approval.decidedBy': decider(user), 'approval.reason': reason },
      deadlines: { [kind]: startDeadline(now, settings.complaintResolveHours, settings.atRiskRatio) },
      text: reason,
      data: { compensationFen: c.resolution?.compensationFen ?? null },
    };
  });
  await auditStaffWrite(clock, user, after, 'reject_compensation', meta, { compensationFen: after.approval?.compensationFen ?? null, reason });
  await notifyComplaint(clock, after, 'complaint_compensation_rejected');
  return after;
}

/** Customer: accepts the resolution; the complaint is closed. */
export async function acceptResolution(clock: Clock, user: AuthUser, id: string): Promise<ComplaintRecord> {
  const { after } = await step(clock, user, id, 'accept', () => ({}));
  await notifyComplaint(clock, after, 'complaint_closed');
  return after;
}

/** Customer: does not accept the resolution (once); a new resolve deadline starts now. */
export async function reopenComplaint(clock: Clock, user: AuthUser, id: string, reason: string): Promise<ComplaintRecord> {
  const settings = await getSettings();
  const { after } = await step(clock, user, id, 'reopen', (_c, now) => {
    return {
      deadlines: { resolve_reopened: startDeadline(now, settings.complaintResolveHours, settings.atRiskRatio) },
      inc: { reopenCount: 1 },
      text: reason,
    };
  });
  await notifyComplaint(clock, after, 'complaint_reopened');
  return after;
}

/** Staff: an internal note in the history (never shown to the customer). Any status, closed included. */
export async function addNote(clock: Clock, user: AuthUser, id: string, text: string, meta: RequestMeta): Promise<ComplaintRecord> {
  const c = await loadComplaintFor(user, id);
  const after = await Complaint.findOneAndUpdate(
    { _id: c._id },
    { $push: { history: historyEntry(clock.now(), user, { type: 'note', text, internal: true }) } },
    { returnDocument: 'after', lean: true },
  );
  await auditStaffWrite(clock, user, c, 'note', meta);
  return after as ComplaintRecord;
}

// For quality scores and analytics (S11): one import path with the rest of the complaint use cases.
export { complaintStatsFor, type ComplaintStats } from './queries';

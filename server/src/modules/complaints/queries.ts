import { Types } from 'mongoose';
import { addDays, COMPLAINT_CATEGORY_CODES, shanghaiDayStart, COMPLAINT_OPEN_STATUSES, type ComplaintCategory, type ComplaintListQuery } from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { outletScope } from '../../lib/scope';
import { Complaint, type ComplaintRecord } from './model';
import { presentComplaintSummary } from './presenter';

const LIST_PROJECTION = { history: 0 } as const;

async function page(clock: Clock, filter: Record<string, unknown>, q: { page: number; pageSize: number }, sort: Record<string, 1 | -1>) {
  const [items, total] = await Promise.all([
    Complaint.find(filter, LIST_PROJECTION).sort(sort).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<ComplaintRecord[]>(),
    Complaint.countDocuments(filter),
  ]);
  const now = clock.now();
  return { items: items.map((c) => presentComplaintSummary(c, now)), total, page: q.page, pageSize: q.pageSize };
}

/** The customer's own complaints, newest first. */
export function listMyComplaints(clock: Clock, user: AuthUser, q: { page: number; pageSize: number }) {
  return page(clock, { customerId: new Types.ObjectId(user.id) }, q, { filedAt: -1 });
}

/** An order's complaints (its customer, its outlet's staff), newest first. */
export function listOrderComplaints(clock: Clock, orderId: Types.ObjectId) {
  return page(clock, { orderId }, { page: 1, pageSize: 100 }, { filedAt: -1 });
}

/** Staff work queue: the caller's outlet (every outlet for platform admins), the nearest deadline first. */
export function listStaffComplaints(clock: Clock, user: AuthUser, q: ComplaintListQuery) {
  const now = clock.now();
  const filedAt: Record<string, Date> = {};
  if (q.from) filedAt.$gte = shanghaiDayStart(q.from);
  if (q.to) filedAt.$lt = shanghaiDayStart(addDays(q.to, 1));
  const filter = {
    ...outletScope(user),
    ...(q.status ? { status: q.status } : {}),
    ...(q.category ? { category: q.category } : {}),
    // nextDueAt is far in the future when nothing is open, so "not overdue" includes resolved and closed ones.
    ...(q.overdue === undefined ? {} : { nextDueAt: q.overdue ? { $lte: now } : { $gt: now } }),
    ...(q.from || q.to ? { filedAt } : {}),
  };
  return page(clock, filter, q, { nextDueAt: 1, filedAt: -1 });
}

export interface ComplaintStats {
  count: number;
  byCategory: Record<ComplaintCategory, number>;
  /** Not yet resolved: the outlet still owes work. */
  open: number;
  /** With at least one missed deadline recorded (by the sweeper, or on a late acknowledgement or resolution). */
  breached: number;
}

/**
 * Complaint counts for quality scores and analytics (S11): an outlet's or an engineer's complaints filed in
 * [from, to). Every filter is optional; index-backed by (outletId, filedAt) and (engineerId, filedAt).
 */
export async function complaintStatsFor(filter: { outletId?: Types.ObjectId; engineerId?: Types.ObjectId; from?: Date; to?: Date }): Promise<ComplaintStats> {
  const match: Record<string, unknown> = {};
  if (filter.outletId) match.outletId = filter.outletId;
  if (filter.engineerId) match.engineerId = filter.engineerId;
  if (filter.from || filter.to) match.filedAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  const [groups, open, breached] = await Promise.all([
    Complaint.aggregate<{ _id: ComplaintCategory; n: number }>([{ $match: match }, { $group: { _id: '$category', n: { $sum: 1 } } }]),
    Complaint.countDocuments({ ...match, status: { $in: COMPLAINT_OPEN_STATUSES } }),
    Complaint.countDocuments({ ...match, breached: true }),
  ]);
  const byCategory = Object.fromEntries(COMPLAINT_CATEGORY_CODES.map((c) => [c, 0])) as Record<ComplaintCategory, number>;
  for (const g of groups) byCategory[g._id] = g.n;
  return { count: groups.reduce((sum, g) => sum + g.n, 0), byCategory, open, breached };
}

// ---- For the analytics rollup (issue 17: it calls these, never the Complaint model) -----------------------------

type IdRange = { $gte: Types.ObjectId } | { $gt: Types.ObjectId };

/** Complaints created in an `_id` range (null: every complaint, the first run), with the given fields. */
export function complaintsCreatedIn<T>(idRange: IdRange | null, projection: Record<string, 0 | 1>): Promise<T[]> {
  return Complaint.find(idRange ? { _id: idRange } : {}, projection).lean<T[]>();
}

/** Complaints of these outlets filed in [from, to), with the given fields. */
export function complaintsFiledBetween<T>(outletIds: Types.ObjectId[], from: Date, to: Date, projection: Record<string, 0 | 1>): Promise<T[]> {
  return Complaint.find({ outletId: { $in: outletIds }, filedAt: { $gte: from, $lt: to } }, projection).lean<T[]>();
}

/** Every complaint about one order, oldest first, whole (for the order's evidence pack). */
export function complaintsOfOrder(orderId: Types.ObjectId): Promise<ComplaintRecord[]> {
  return Complaint.find({ orderId }).sort({ createdAt: 1 }).lean<ComplaintRecord[]>();
}

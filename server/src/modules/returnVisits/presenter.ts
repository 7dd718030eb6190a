import type { Types } from 'mongoose';
import { RETURN_VISIT_REASON_LABELS, type ReturnVisitView } from '@fangxin/shared';
import { userNames } from '../users/reads';
import type { ReturnVisitRecord } from './model';

const id = (v: Types.ObjectId | null | undefined) => (v ? String(v) : null);

/** Lists every field a client sees; `overdue` is judged against the caller's now. */
export function presentReturnVisit(task: ReturnVisitRecord, now: Date, names: Map<string, string>): ReturnVisitView {
  const assigneeId = id(task.assigneeId);
  return {
    id: String(task._id),
    orderId: String(task.orderId),
    orderNo: task.orderNo,
    outletId: String(task.outletId),
    engineerId: id(task.engineerId),
    reason: task.reason,
    reasonLabel: RETURN_VISIT_REASON_LABELS[task.reason],
    surveyId: id(task.surveyId),
    complaintId: id(task.complaintId),
    assignee: assigneeId ? { id: assigneeId, name: names.get(assigneeId) ?? '' } : null,
    dueAt: new Date(task.dueAt).toISOString(),
    status: task.status,
    overdue: isOverdue(task, now),
    outcome: task.outcome
      ? {
          reached: task.outcome.reached,
          satisfied: task.outcome.satisfied,
          notes: task.outcome.notes,
          recordedBy: { id: String(task.outcome.recordedBy.id), name: task.outcome.recordedBy.name },
          recordedAt: new Date(task.outcome.recordedAt).toISOString(),
        }
      : null,
    createdAt: new Date(task.createdAt).toISOString(),
  };
}

export function isOverdue(task: Pick<ReturnVisitRecord, 'status' | 'dueAt'>, now: Date): boolean {
  return task.status === 'open' && new Date(task.dueAt).getTime() < now.getTime();
}

/** Assignee names for a page of tasks, in one query. */
export async function assigneeNames(tasks: ReturnVisitRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(tasks.map((t) => id(t.assigneeId)).filter((v): v is string => v !== null))];
  if (ids.length === 0) return new Map();
  const users = await userNames(ids);
  return new Map(users.map((u) => [String(u._id), u.name]));
}

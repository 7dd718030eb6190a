import { z } from 'zod';
import { COMPLAINT_ACTIONS, COMPLAINT_APPROVAL_STATUSES, COMPLAINT_CATEGORY_CODES, COMPLAINT_DEADLINE_KINDS, COMPLAINT_STATUSES } from '../domain/complaint';
import { DAY_RANGE_MAX, Day, ObjectId, Pagination, pageOf, withDayRange } from './common';
import { Fen } from './order';

/** Limits of complaint texts, used by the server (validation) and the apps (hints, counters). */
export const COMPLAINT_LIMITS = {
  textMin: 10,
  textMax: 1000,
  photosMax: 9,
  resolutionMax: 1000,
  reasonMax: 500,
  noteMax: 1000,
  /** 100,000 yuan: anything above is a typo. */
  compensationMaxFen: 10_000_000,
} as const;

export const FileComplaintBody = z
  .object({
    category: z.enum(COMPLAINT_CATEGORY_CODES),
    text: z.string().trim().min(COMPLAINT_LIMITS.textMin, `请至少写 ${COMPLAINT_LIMITS.textMin} 个字`).max(COMPLAINT_LIMITS.textMax),
    photoIds: z.array(ObjectId).max(COMPLAINT_LIMITS.photosMax).default([]).meta({ description: 'The customer’s own `complaint_photo` uploads' }),
  })
  .meta({ id: 'FileComplaintBody' });

export const ResolveComplaintBody = z
  .object({
    resolution: z.string().trim().min(2, '请填写处理结果').max(COMPLAINT_LIMITS.resolutionMax),
    compensationFen: Fen.max(COMPLAINT_LIMITS.compensationMaxFen).optional().meta({ description: 'Compensation offered, integer fen' }),
  })
  .meta({ id: 'ResolveComplaintBody' });

export const ReopenComplaintBody = z
  .object({ reason: z.string().trim().min(2, '请说明不满意的原因').max(COMPLAINT_LIMITS.reasonMax) })
  .meta({ id: 'ReopenComplaintBody' });

/** A platform admin rejects a compensation above the cap: the reason goes to the outlet (never to the customer). */
export const RejectCompensationBody = z
  .object({ reason: z.string().trim().min(2, '请填写驳回原因').max(COMPLAINT_LIMITS.reasonMax) })
  .meta({ id: 'RejectCompensationBody' });

export const ComplaintNoteBody = z.object({ text: z.string().trim().min(1).max(COMPLAINT_LIMITS.noteMax) }).meta({ id: 'ComplaintNoteBody' });

const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ComplaintListQuery = withDayRange(
  Pagination.extend({
  status: z.enum(COMPLAINT_STATUSES).optional().meta({ description: '`awaiting_approval`: compensations above the cap waiting for a platform admin' }),
  category: z.enum(COMPLAINT_CATEGORY_CODES).optional(),
  overdue: BoolParam.optional().meta({ description: 'true: an open deadline has passed; false: none has' }),
  from: Day.optional().meta({ description: 'Filed on or after this day (Asia/Shanghai)' }),
  to: Day.optional().meta({ description: 'Filed on or before this day (Asia/Shanghai)' }),
  }),
  DAY_RANGE_MAX.list,
);

export const ComplaintMineQuery = Pagination;

export const ComplaintDeadlineView = z.object({
  kind: z.enum(COMPLAINT_DEADLINE_KINDS),
  label: z.string(),
  startAt: z.string(),
  dueAt: z.string(),
  metAt: z.string().nullable(),
  met: z.boolean().nullable().meta({ description: 'true met in time; false missed; null open and not yet due' }),
  atRisk: z.boolean(),
  breached: z.boolean(),
});

/** What a history entry records besides its text: the category filed, the compensation offered, the deadline at risk or missed. */
export const ComplaintHistoryData = z.object({
  category: z.enum(COMPLAINT_CATEGORY_CODES).optional(),
  compensationFen: z.number().int().nullable().optional(),
  kind: z.enum(COMPLAINT_DEADLINE_KINDS).optional().meta({ description: 'The deadline at risk or missed' }),
  dueAt: z.string().optional(),
  detectedBy: z.enum(['sweeper', 'late_action']).optional().meta({ description: 'A breach: found open past due, or met after its due time' }),
});

export const ComplaintHistoryView = z.object({
  at: z.string(),
  type: z.string().meta({ description: 'filed, acknowledged, investigating, awaiting_approval, resolved, compensation_rejected, closed, reopened, note, at_risk, breach' }),
  actor: z.object({ role: z.string(), name: z.string() }),
  from: z.enum(COMPLAINT_STATUSES).nullable(),
  to: z.enum(COMPLAINT_STATUSES).nullable(),
  text: z.string().nullable(),
  data: ComplaintHistoryData,
  internal: z.boolean().meta({ description: 'Staff only (notes, escalations); never sent to the customer' }),
});

/** A compensation above the cap and the platform admin's decision on it. */
export const ComplaintApprovalView = z.object({
  status: z.enum(COMPLAINT_APPROVAL_STATUSES),
  compensationFen: z.number().int(),
  capFen: z.number().int().meta({ description: 'The cap in force when it was submitted' }),
  requestedAt: z.string(),
  requestedBy: z.string().meta({ description: 'Name of the manager who submitted it' }),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  reason: z.string().nullable().meta({ description: 'Why it was rejected' }),
});

/** SLA countdown fields, on every row and every view. */
const SlaFields = {
  ackDueAt: z.string(),
  resolveDueAt: z.string().meta({ description: 'The resolve deadline running now (restarted by a reopen)' }),
  nextDueAt: z.string().nullable().meta({ description: 'The nearest open deadline; null when none is open' }),
  atRisk: z.boolean(),
  breached: z.boolean(),
};

export const ComplaintSummary = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    orderNo: z.string(),
    outletId: ObjectId,
    category: z.enum(COMPLAINT_CATEGORY_CODES),
    categoryLabel: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    statusLabel: z.string(),
    excerpt: z.string(),
    reopenCount: z.number().int(),
    filedAt: z.string(),
    ...SlaFields,
  })
  .meta({ id: 'ComplaintSummary' });

export const ComplaintView = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    orderNo: z.string(),
    outletId: ObjectId,
    engineerId: ObjectId.nullable(),
    category: z.enum(COMPLAINT_CATEGORY_CODES),
    categoryLabel: z.string(),
    text: z.string(),
    photoIds: z.array(ObjectId),
    status: z.enum(COMPLAINT_STATUSES),
    statusLabel: z.string(),
    reopenCount: z.number().int(),
    resolution: z
      .object({ text: z.string(), compensationFen: z.number().int().nullable(), at: z.string() })
      .nullable()
      .meta({ description: 'The resolution offered. The customer sees it only once it stands (not while it awaits approval)' }),
    approval: ComplaintApprovalView.nullable().meta({ description: 'Staff only: the latest compensation that needed a platform admin’s approval; null for the customer' }),
    compensationCapFen: z.number().int().nullable().meta({ description: 'Staff only: compensation above this needs a platform admin’s approval (setting); null for the customer' }),
    deadlines: z.array(ComplaintDeadlineView),
    history: z.array(ComplaintHistoryView),
    actions: z.array(z.enum(COMPLAINT_ACTIONS)).meta({ description: 'State-machine actions the caller may take now' }),
    filedAt: z.string(),
    updatedAt: z.string(),
    ...SlaFields,
  })
  .meta({ id: 'Complaint' });

/** A page of complaint rows (the staff queue, the customer's own, one order's). */
export const ComplaintPage = pageOf(ComplaintSummary);

export type FileComplaintBody = z.infer<typeof FileComplaintBody>;
export type ResolveComplaintBody = z.infer<typeof ResolveComplaintBody>;
export type RejectCompensationBody = z.infer<typeof RejectCompensationBody>;
export type ComplaintApprovalView = z.infer<typeof ComplaintApprovalView>;
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;
export type ComplaintView = z.infer<typeof ComplaintView>;
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;
export type ComplaintHistoryData = z.infer<typeof ComplaintHistoryData>;
export type ComplaintPage = z.infer<typeof ComplaintPage>;

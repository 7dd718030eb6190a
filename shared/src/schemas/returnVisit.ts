import { z } from 'zod';
import { ObjectId, Pagination, pageOf } from './common';

/** Why a customer is called back: a low survey (S7), a resolved complaint (S9), or a random sample of closed orders. */
export const RETURN_VISIT_REASONS = ['low_survey', 'complaint_resolved', 'sample'] as const;
export type ReturnVisitReason = (typeof RETURN_VISIT_REASONS)[number];
export const RETURN_VISIT_REASON_LABELS: Record<ReturnVisitReason, string> = {
  low_survey: '低分评价回访',
  complaint_resolved: '投诉处理后回访',
  sample: '抽样回访',
};

export const RETURN_VISIT_STATUSES = ['open', 'done'] as const;
export type ReturnVisitStatus = (typeof RETURN_VISIT_STATUSES)[number];

export const RETURN_VISIT_LIMITS = { notesMax: 1000 } as const;

const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ReturnVisitListQuery = Pagination.extend({
  mine: BoolParam.optional().meta({ description: 'true: only tasks assigned to me' }),
  status: z.enum(RETURN_VISIT_STATUSES).optional(),
  overdue: BoolParam.optional().meta({ description: 'true: open and past due; false: done or not yet due' }),
  reason: z.enum(RETURN_VISIT_REASONS).optional(),
  outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet' }),
  orderId: ObjectId.optional(),
});

export const ReturnVisitOutcomeBody = z
  .object({
    reached: z.boolean().meta({ description: 'Whether the customer was reached' }),
    satisfied: z.boolean().nullable().optional().meta({ description: 'Required when reached; absent or null when not' }),
    notes: z.string().trim().min(2, '请填写回访记录').max(RETURN_VISIT_LIMITS.notesMax),
  })
  .superRefine((b, ctx) => {
    if (b.reached && (b.satisfied === undefined || b.satisfied === null)) ctx.addIssue({ code: 'custom', path: ['satisfied'], message: '已联系到客户时请选择客户是否满意' });
    if (!b.reached && b.satisfied !== undefined && b.satisfied !== null) ctx.addIssue({ code: 'custom', path: ['satisfied'], message: '未联系到客户时不能填写满意度' });
  })
  .meta({ id: 'ReturnVisitOutcomeBody' });

export const AssignReturnVisitBody = z.object({ assigneeId: ObjectId }).meta({ id: 'AssignReturnVisitBody' });

export const ReturnVisitView = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    orderNo: z.string(),
    outletId: ObjectId,
    engineerId: ObjectId.nullable(),
    reason: z.enum(RETURN_VISIT_REASONS),
    reasonLabel: z.string(),
    surveyId: ObjectId.nullable(),
    complaintId: ObjectId.nullable(),
    assignee: z.object({ id: ObjectId, name: z.string() }).nullable(),
    dueAt: z.string(),
    status: z.enum(RETURN_VISIT_STATUSES),
    overdue: z.boolean().meta({ description: 'Open and past its due time' }),
    outcome: z
      .object({ reached: z.boolean(), satisfied: z.boolean().nullable(), notes: z.string(), recordedBy: z.object({ id: ObjectId, name: z.string() }), recordedAt: z.string() })
      .nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReturnVisit' });

export const ReturnVisitPage = pageOf(ReturnVisitView);

export type ReturnVisitListQuery = z.infer<typeof ReturnVisitListQuery>;
export type ReturnVisitOutcomeBody = z.infer<typeof ReturnVisitOutcomeBody>;
export type ReturnVisitView = z.infer<typeof ReturnVisitView>;
export type AssignReturnVisitBody = z.infer<typeof AssignReturnVisitBody>;
export type ReturnVisitPage = z.infer<typeof ReturnVisitPage>;

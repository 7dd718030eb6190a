import { z } from 'zod';
import { RECTIFICATION_ACTIONS, RECTIFICATION_STATUSES, SANCTION_FINE_MAX_FEN, SANCTION_KINDS } from '../domain/governance';
import { ObjectId, Pagination, pageOf } from './common';

/** `2026-11`: a calendar month (years 2000–2099). */
export const MonthField = z
  .string()
  .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .meta({ description: 'A calendar month, YYYY-MM', example: '2026-11' });

export const PublishMonthBody = z.object({ month: MonthField }).strict().meta({ id: 'PublishMonthBody' });
export const RankingQuery = z.object({ month: MonthField.optional().meta({ description: 'A published month; default the latest published' }) }).strict();

const RankedOutlet = z.object({
  id: ObjectId,
  name: z.string(),
  code: z.string(),
  rank: z.number().int().nullable(),
  score: z.number().nullable(),
  orders: z.number().int(),
  closed: z.number().int(),
  bottom: z.boolean().meta({ description: 'Named at the bottom of the month (bottomOutletIds): a rectification task follows' }),
});
const RankedEngineer = z.object({
  id: ObjectId,
  name: z.string(),
  code: z.string(),
  outletId: ObjectId,
  outletName: z.string(),
  rank: z.number().int().nullable(),
  score: z.number().nullable(),
  closed: z.number().int(),
  exemplar: z.boolean().meta({ description: 'Named 服务标兵 for the month' }),
});

export const MonthRanking = z
  .object({
    month: MonthField,
    period: z.object({ from: z.string(), to: z.string() }),
    publishedAt: z.string(),
    publishedBy: z.string(),
    outlets: z.array(RankedOutlet),
    engineers: z.array(RankedEngineer).meta({ description: 'Managers: their own outlet’s engineers and every 服务标兵' }),
    tasks: z.number().int().meta({ description: 'Rectification tasks opened by the publication' }),
  })
  .meta({ id: 'MonthRanking' });
export type MonthRanking = z.infer<typeof MonthRanking>;

export const RankingView = z
  .object({
    months: z.array(MonthField).meta({ description: 'Every published month, newest first' }),
    nextMonth: MonthField.nullable().meta({ description: 'The latest ended month not yet published, if any' }),
    ranking: MonthRanking.nullable(),
  })
  .meta({ id: 'GovernanceRanking' });

export const RECTIFICATION_LIMITS = { textMin: 10, textMax: 2000, photosMax: 9, reasonMax: 500 } as const;

export const SubmitRectificationBody = z
  .object({
    causes: z.string().trim().min(RECTIFICATION_LIMITS.textMin, `问题原因至少 ${RECTIFICATION_LIMITS.textMin} 个字`).max(RECTIFICATION_LIMITS.textMax),
    measures: z.string().trim().min(RECTIFICATION_LIMITS.textMin, `整改措施至少 ${RECTIFICATION_LIMITS.textMin} 个字`).max(RECTIFICATION_LIMITS.textMax),
    photoIds: z.array(ObjectId).max(RECTIFICATION_LIMITS.photosMax).default([]).meta({ description: 'Evidence: the manager’s own `rectification_photo` uploads' }),
  })
  .strict()
  .meta({ id: 'SubmitRectificationBody' });
export type SubmitRectificationBody = z.input<typeof SubmitRectificationBody>;

export const ReturnRectificationBody = z
  .object({ reason: z.string().trim().min(2, '请填写退回原因').max(RECTIFICATION_LIMITS.reasonMax) })
  .strict()
  .meta({ id: 'ReturnRectificationBody' });

export const RectificationListQuery = Pagination.extend({
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  outletId: ObjectId.optional(),
}).strict();

const RectificationHistoryView = z.object({
  at: z.string(),
  action: z.enum(['opened', 'overdue', ...RECTIFICATION_ACTIONS]),
  actorName: z.string(),
  text: z.string().meta({ description: 'What happened, in words' }),
});

export const RectificationView = z
  .object({
    id: ObjectId,
    month: MonthField,
    outletId: ObjectId,
    outletName: z.string(),
    rank: z.number().int().nullable(),
    score: z.number().nullable(),
    status: z.enum(RECTIFICATION_STATUSES),
    statusLabel: z.string(),
    dueAt: z.string(),
    overdue: z.boolean().meta({ description: 'Marked by the overdue job: past its deadline while still owed' }),
    report: z
      .object({ causes: z.string(), measures: z.string(), photoIds: z.array(ObjectId), submittedAt: z.string(), submittedBy: z.string() })
      .nullable(),
    returnReason: z.string().nullable(),
    history: z.array(RectificationHistoryView),
    actions: z.array(z.enum(RECTIFICATION_ACTIONS)).meta({ description: 'What the caller may do now' }),
  })
  .meta({ id: 'Rectification' });
export type RectificationView = z.infer<typeof RectificationView>;
export const RectificationPage = pageOf(RectificationView).meta({ id: 'RectificationPage' });

export const CreateSanctionBody = z
  .object({
    subjectType: z.enum(['outlet', 'engineer']),
    subjectId: ObjectId,
    kind: z.enum(SANCTION_KINDS),
    amountFen: z.number().int('金额须为整数（分）').min(1, '罚款金额须大于 0').max(SANCTION_FINE_MAX_FEN, '单笔罚款不能超过 ¥50,000.00').nullable().default(null),
    reason: z.string().trim().min(4, '请写明原因（至少 4 个字）').max(500),
    orderNo: z.string().trim().regex(/^FX\d{8}-\d{5}$/, '订单号格式不正确').nullable().default(null),
  })
  .strict()
  .refine((b) => (b.kind === 'fine') === (b.amountFen !== null), { path: ['amountFen'], message: '罚款须填写金额，警告不填金额' })
  .meta({ id: 'CreateSanctionBody' });
export type CreateSanctionBody = z.input<typeof CreateSanctionBody>;

export const SanctionListQuery = Pagination.extend({
  subjectType: z.enum(['outlet', 'engineer']).optional(),
  subjectId: ObjectId.optional(),
}).strict();

export const SanctionView = z
  .object({
    id: ObjectId,
    subjectType: z.enum(['outlet', 'engineer']),
    subjectId: ObjectId,
    subjectName: z.string(),
    outletId: ObjectId,
    kind: z.enum(SANCTION_KINDS),
    kindLabel: z.string(),
    amountFen: z.number().int().nullable(),
    reason: z.string(),
    orderNo: z.string().nullable(),
    byName: z.string(),
    at: z.string(),
  })
  .meta({ id: 'Sanction' });
export type SanctionView = z.infer<typeof SanctionView>;
export const SanctionPage = pageOf(SanctionView).meta({ id: 'SanctionPage' });

export const ExemplarTitle = z.object({ month: MonthField, title: z.string(), rank: z.number().int().nullable(), score: z.number().nullable() });

/** What an engineer's page shows of the governance loop. */
export const EngineerGovernance = z
  .object({
    exemplars: z.array(ExemplarTitle).meta({ description: 'Months the engineer was named 服务标兵, newest first' }),
    sanctions: z.array(SanctionView),
  })
  .meta({ id: 'EngineerGovernance' });

/** What an outlet's page shows of the governance loop. */
export const OutletGovernance = z
  .object({
    tasks: z.array(RectificationView),
    sanctions: z.array(SanctionView),
  })
  .meta({ id: 'OutletGovernance' });

/** The signed-in engineer's titles (the engineer's home). */
export const MyGovernance = z.object({ exemplars: z.array(ExemplarTitle) }).meta({ id: 'MyGovernance' });

/** The published promises' numbers (the settings in force), public. */
export const PublishedPromises = z
  .object({
    respondHours: z.number().int(),
    resolveHours: z.number().int(),
    reworkWarrantyDays: z.number().int(),
    complaintAckHours: z.number().int(),
    complaintResolveHours: z.number().int(),
    customerChangeCutoffHours: z.number(),
    hotline: z.string(),
  })
  .meta({ id: 'PublishedPromises' });
export type PublishedPromises = z.infer<typeof PublishedPromises>;

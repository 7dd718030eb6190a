import { z } from 'zod';
import {
  APPEAL_DECISION_REASON_MAX,
  APPEAL_DECISIONS,
  APPEAL_EVIDENCE_MAX,
  APPEAL_KINDS,
  APPEAL_REASON_MAX,
  APPEAL_REASON_MIN,
  APPEAL_STATES,
} from '../domain/appeals';
import { ObjectId, Pagination, pageOf } from './common';

const CLOCKS = ['respond', 'arrive', 'resolve'] as const;

/** Issue 20.2: an appeal filed on an order (rules in shared/src/domain/appeals.ts). */
export const FileAppealBody = z
  .object({
    kind: z.enum(APPEAL_KINDS).meta({ description: 'complaint | survey (outlet managers only) | breach' }),
    complaintId: ObjectId.optional().meta({ description: 'kind complaint: the complaint of this order' }),
    clock: z.enum(CLOCKS).optional().meta({ description: 'kind breach: the missed deadline of this order' }),
    reason: z
      .string()
      .trim()
      .min(APPEAL_REASON_MIN, `请写明申诉理由（至少 ${APPEAL_REASON_MIN} 个字）`)
      .max(APPEAL_REASON_MAX, `申诉理由最多 ${APPEAL_REASON_MAX} 个字`),
    timelineSeqs: z
      .array(z.number().int().min(1, '请选择本单的记录'))
      .max(APPEAL_EVIDENCE_MAX, `最多选择 ${APPEAL_EVIDENCE_MAX} 条记录`)
      .default([])
      .meta({ description: 'Evidence: sequence numbers of entries of this order’s timeline' }),
    photoIds: z
      .array(ObjectId)
      .max(APPEAL_EVIDENCE_MAX, `最多附 ${APPEAL_EVIDENCE_MAX} 张照片`)
      .default([])
      .meta({ description: 'Evidence: photos of this order (an engineer: those he may see), including `appeal_photo` uploads' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'complaint' && !b.complaintId) ctx.addIssue({ code: 'custom', path: ['complaintId'], message: '请选择要申诉的投诉' });
    if (b.kind === 'breach' && !b.clock) ctx.addIssue({ code: 'custom', path: ['clock'], message: '请选择要申诉的超时记录' });
    if (b.kind !== 'complaint' && b.complaintId) ctx.addIssue({ code: 'custom', path: ['complaintId'], message: '只有投诉申诉需要选择投诉' });
    if (b.kind !== 'breach' && b.clock) ctx.addIssue({ code: 'custom', path: ['clock'], message: '只有超时申诉需要选择时限' });
  })
  .meta({ id: 'FileAppealBody' });
export type FileAppealBody = z.input<typeof FileAppealBody>;

export const DecideAppealBody = z
  .object({
    decision: z.enum(APPEAL_DECISIONS),
    reason: z.string().trim().min(2, '请写明理由').max(APPEAL_DECISION_REASON_MAX, `理由最多 ${APPEAL_DECISION_REASON_MAX} 个字`),
  })
  .strict()
  .meta({ id: 'DecideAppealBody' });
export type DecideAppealBody = z.input<typeof DecideAppealBody>;

export const AppealListQuery = Pagination.extend({
  state: z.enum(APPEAL_STATES).optional(),
  orderId: ObjectId.optional(),
}).strict();

/** One item of an order that counts against its engineer, and whether the caller may appeal it now. */
export const AppealItemView = z
  .object({
    kind: z.enum(APPEAL_KINDS),
    complaintId: ObjectId.nullable(),
    clock: z.enum(CLOCKS).nullable(),
    text: z.string().meta({ description: 'The item in words (投诉（维修质量）, 上门超时, 本单客户评价)' }),
    textEn: z.string(),
    at: z.string().meta({ description: 'When the item happened (the window runs from here)' }),
    appealBy: z.string().meta({ description: 'The last moment to file' }),
    appealable: z.boolean(),
    refusal: z.string().nullable().meta({ description: 'Why it cannot be appealed now, in words' }),
    appealId: ObjectId.nullable(),
    state: z.enum(APPEAL_STATES).nullable(),
  })
  .meta({ id: 'AppealItem' });

export const OrderAppealItems = z
  .object({ orderId: ObjectId, orderNo: z.string(), windowDays: z.number().int(), items: z.array(AppealItemView) })
  .meta({ id: 'OrderAppealItems' });
export type OrderAppealItems = z.infer<typeof OrderAppealItems>;

const AppealHistoryView = z.object({
  at: z.string(),
  action: z.enum(['filed', 'upheld', 'rejected', 'withdrawn']),
  actorName: z.string(),
  text: z.string(),
});

export const AppealSummary = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    orderNo: z.string(),
    outletId: ObjectId,
    outletName: z.string(),
    engineerId: ObjectId.nullable(),
    engineerName: z.string(),
    kind: z.enum(APPEAL_KINDS),
    complaintId: ObjectId.nullable(),
    clock: z.enum(CLOCKS).nullable(),
    itemText: z.string(),
    itemTextEn: z.string(),
    itemAt: z.string(),
    reason: z.string(),
    state: z.enum(APPEAL_STATES),
    stateLabel: z.string(),
    filedAt: z.string(),
    filedBy: z.object({ name: z.string(), role: z.enum(['engineer', 'outlet_manager']) }),
    decision: z
      .object({ decision: z.enum(APPEAL_DECISIONS), reason: z.string(), at: z.string(), byName: z.string() })
      .nullable()
      .meta({ description: 'The platform admin’s decision and its reason' }),
    evidenceCount: z.object({ timeline: z.number().int(), photos: z.number().int() }),
    actions: z.array(z.enum(['decide', 'withdraw'])).meta({ description: 'What the caller may do now' }),
  })
  .meta({ id: 'AppealSummary' });
export type AppealSummary = z.infer<typeof AppealSummary>;

export const AppealEvidenceEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  label: z.string(),
  labelEn: z.string(),
  detail: z.string().nullable(),
  detailEn: z.string().nullable(),
  actorName: z.string(),
});

export const AppealEvidencePhoto = z.object({
  id: ObjectId,
  kindLabel: z.string(),
  url: z.string().meta({ description: 'A short-lived signed link (as the order’s photo links)' }),
  width: z.number().int(),
  height: z.number().int(),
});

export const AppealDetail = AppealSummary.extend({
  evidence: z.object({
    timeline: z.array(AppealEvidenceEntry),
    photos: z.array(AppealEvidencePhoto),
    photosExpireAt: z.string(),
  }),
  history: z.array(AppealHistoryView),
}).meta({ id: 'AppealDetail' });
export type AppealDetail = z.infer<typeof AppealDetail>;

export const AppealPage = pageOf(AppealSummary).meta({ id: 'AppealPage' });
export type AppealPage = z.infer<typeof AppealPage>;

import { z } from 'zod';
import { SURVEY_ELEMENT_KEYS, SURVEY_LIMITS, SURVEY_REQUIRED_ELEMENT, type SurveyElementKey } from '../domain/survey';
import { DAY_RANGE_MAX, Day, ObjectId, Pagination, pageOf, withDayRange } from './common';

const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

const Score = z
  .number({ error: `评分须为 ${SURVEY_LIMITS.scoreMin}-${SURVEY_LIMITS.scoreMax} 的整数` })
  .int(`评分须为 ${SURVEY_LIMITS.scoreMin}-${SURVEY_LIMITS.scoreMax} 的整数`)
  .min(SURVEY_LIMITS.scoreMin, `评分须为 ${SURVEY_LIMITS.scoreMin}-${SURVEY_LIMITS.scoreMax} 的整数`)
  .max(SURVEY_LIMITS.scoreMax, `评分须为 ${SURVEY_LIMITS.scoreMin}-${SURVEY_LIMITS.scoreMax} 的整数`);

/** One score per element of the template answered; an unknown key is refused. Which keys are required depends on the template. */
export const SurveyScoresInput = z
  .strictObject(Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, Score.optional()])) as Record<SurveyElementKey, z.ZodOptional<typeof Score>>)
  .meta({ id: 'SurveyScores', description: 'Scores 1–5 keyed by element (punctuality, appearance, explanation, transparent_charges, diagnosis, problem_solved, clean_site, courtesy, overall)' });

export const SubmitSurveyBody = z
  .object({
    templateId: ObjectId.optional().meta({ description: 'The template the customer was shown (GET …/survey); the current default when absent' }),
    scores: SurveyScoresInput,
    problemSolved: z.boolean({ error: '请选择问题是否已解决' }).meta({ description: 'Yes/no: was the problem solved?' }),
    recommendation: z
      .number()
      .int()
      .min(SURVEY_LIMITS.recommendationMin, `推荐意愿须为 ${SURVEY_LIMITS.recommendationMin}-${SURVEY_LIMITS.recommendationMax} 的整数`)
      .max(SURVEY_LIMITS.recommendationMax, `推荐意愿须为 ${SURVEY_LIMITS.recommendationMin}-${SURVEY_LIMITS.recommendationMax} 的整数`)
      .nullable()
      .optional()
      .meta({ description: '0–10: how likely the customer is to recommend the service (only when the template asks)' }),
    comment: z.string().trim().max(SURVEY_LIMITS.commentMax, `评语不能超过 ${SURVEY_LIMITS.commentMax} 字`).optional(),
  })
  .meta({ id: 'SubmitSurveyBody' });

const ElementInput = z.object({
  key: z.enum(SURVEY_ELEMENT_KEYS),
  label: z.string().trim().min(2).max(30),
  labelEn: z.string().trim().max(60).optional(),
});

const Elements = z
  .array(ElementInput)
  .min(1)
  .max(SURVEY_ELEMENT_KEYS.length)
  .refine((els) => new Set(els.map((e) => e.key)).size === els.length, '同一评价项不能重复')
  .refine((els) => els.some((e) => e.key === SURVEY_REQUIRED_ELEMENT), '模板必须包含“总体满意度”（overall）');

export const SurveyTemplateInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '模板代码为 2-40 位小写字母、数字或连字符')
      .meta({ description: 'Stable, unique code (for seeding and references)' }),
    name: z.string().trim().min(2).max(60),
    elements: Elements.meta({ description: 'Elements asked, in order; keys from the nine S7 elements, `overall` required' }),
    askRecommendation: z.boolean().default(true),
    recommendationQuestion: z.string().trim().min(4).max(100).default('您有多大可能向亲友推荐我们的服务？'),
    active: z.boolean().default(true),
  })
  .meta({ id: 'SurveyTemplateInput' });

export const SurveyTemplatePatch = z
  .object({
    name: z.string().trim().min(2).max(60).optional(),
    elements: Elements.optional(),
    askRecommendation: z.boolean().optional(),
    recommendationQuestion: z.string().trim().min(4).max(100).optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, '至少修改一项')
  .meta({ id: 'SurveyTemplatePatch', description: 'Questions (elements, recommendation) can change only while no survey was answered with the template; create a new template otherwise.' });

export const SurveyTemplateView = z
  .object({
    id: ObjectId,
    code: z.string(),
    name: z.string(),
    elements: z.array(z.object({ key: z.enum(SURVEY_ELEMENT_KEYS), label: z.string(), labelEn: z.string() })),
    scale: z.object({ min: z.number().int(), max: z.number().int() }),
    problemSolvedQuestion: z.string(),
    askRecommendation: z.boolean(),
    recommendationQuestion: z.string(),
    commentMax: z.number().int(),
    active: z.boolean(),
    isDefault: z.boolean(),
    inUse: z.boolean().meta({ description: 'Answered at least once: its questions are frozen' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SurveyTemplate' });

/** Every survey template, newest first (a short list: no pages). */
export const SurveyTemplateList = z.object({ items: z.array(SurveyTemplateView) }).meta({ id: 'SurveyTemplateList' });

export const SurveyLowReasonView = z.object({
  code: z.enum(['element_low', 'overall_low', 'problem_not_solved']),
  element: z.enum(SURVEY_ELEMENT_KEYS).optional(),
  score: z.number().int().optional(),
  text: z.string(),
});

export const SurveyView = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    orderNo: z.string(),
    outletId: ObjectId,
    engineerId: ObjectId.nullable(),
    templateId: ObjectId,
    scores: z.record(z.string(), z.number().int()),
    problemSolved: z.boolean(),
    recommendation: z.number().int().nullable(),
    comment: z.string(),
    low: z.boolean(),
    lowReasons: z.array(SurveyLowReasonView),
    returnVisitTaskId: ObjectId.nullable(),
    submittedAt: z.string(),
  })
  .meta({ id: 'Survey' });

export const SurveyPage = pageOf(SurveyView);

export const SurveyFollowUp = z
  .object({
    returnVisitTaskId: ObjectId,
    canRequestRework: z.boolean().meta({ description: 'A free second visit can be requested now: POST /api/v1/orders/{id}/rework' }),
    canComplain: z.literal(true).meta({ description: 'A complaint can be filed: POST /api/v1/orders/{id}/complaints' }),
  })
  .meta({ id: 'SurveyFollowUp' });

export const SubmitSurveyResult = z.object({ survey: SurveyView, followUp: SurveyFollowUp.nullable() }).meta({ id: 'SubmitSurveyResult' });

export const OrderSurveyView = z
  .object({
    orderId: ObjectId,
    orderNo: z.string(),
    template: SurveyTemplateView.nullable().meta({ description: 'The template to answer, or the one the answer was given with' }),
    canAnswer: z.boolean(),
    reason: z.enum(['not_closed', 'window_closed', 'submitted']).nullable().meta({ description: 'Why it cannot be answered now' }),
    until: z.string().nullable().meta({ description: 'Answers are accepted until this instant' }),
    survey: SurveyView.nullable(),
    followUp: SurveyFollowUp.nullable().meta({ description: 'For a low answer: the second visit or complaint still on offer' }),
  })
  .meta({ id: 'OrderSurvey' });

/** Filters shared by the staff list, the summary and the export. Days are Asia/Shanghai days of submission, inclusive. */
const SurveyFilterFields = {
  from: Day.optional().meta({ description: 'Answered on or after this day (Asia/Shanghai)' }),
  to: Day.optional().meta({ description: 'Answered on or before this day (Asia/Shanghai)' }),
  outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet (others are always scoped to their own)' }),
  engineerId: ObjectId.optional(),
  low: BoolParam.optional().meta({ description: 'true: only low results; false: only the others' }),
  element: z.enum(SURVEY_ELEMENT_KEYS).optional().meta({ description: 'With `atMost`: only answers scoring this element at most `atMost`' }),
  atMost: z.coerce.number().int().min(SURVEY_LIMITS.scoreMin).max(SURVEY_LIMITS.scoreMax).optional(),
};

type FilterShape = { from?: string; to?: string; element?: string; atMost?: number };
const elementPair = (q: FilterShape) => (q.element === undefined) === (q.atMost === undefined);

export const SurveyFilterQuery = withDayRange(z.object(SurveyFilterFields), DAY_RANGE_MAX.list).refine(elementPair, { message: 'element 与 atMost 须同时提供', path: ['atMost'] });

export const SurveyListQuery = withDayRange(Pagination.extend(SurveyFilterFields), DAY_RANGE_MAX.list).refine(elementPair, { message: 'element 与 atMost 须同时提供', path: ['atMost'] });

export const SurveyExportQuery = withDayRange(
  z.object({
    from: Day.meta({ description: 'Answered on or after this day (Asia/Shanghai)' }),
    to: Day.meta({ description: 'Answered on or before this day (Asia/Shanghai)' }),
    outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet (all when absent). Outlet managers: their own only.' }),
  }),
  SURVEY_LIMITS.exportMaxDays,
);

export const SurveySummary = z
  .object({
    count: z.number().int(),
    lowCount: z.number().int(),
    overallAverage: z.number().nullable(),
    problemSolved: z.object({ yes: z.number().int(), no: z.number().int() }),
    recommendation: z.object({ count: z.number().int(), average: z.number().nullable() }),
    elements: z.array(z.object({ key: z.enum(SURVEY_ELEMENT_KEYS), label: z.string(), average: z.number().nullable(), count: z.number().int() })),
  })
  .meta({ id: 'SurveySummary' });

export type SubmitSurveyBody = z.infer<typeof SubmitSurveyBody>;
export type SurveyTemplateInput = z.infer<typeof SurveyTemplateInput>;
export type SurveyTemplatePatch = z.infer<typeof SurveyTemplatePatch>;
export type SurveyTemplateView = z.infer<typeof SurveyTemplateView>;
export type SurveyView = z.infer<typeof SurveyView>;
export type OrderSurveyView = z.infer<typeof OrderSurveyView>;
export type SurveyFilterQuery = z.infer<typeof SurveyFilterQuery>;
export type SurveyListQuery = z.infer<typeof SurveyListQuery>;
export type SurveyExportQuery = z.infer<typeof SurveyExportQuery>;
export type SurveySummary = z.infer<typeof SurveySummary>;
export type SurveyTemplateList = z.infer<typeof SurveyTemplateList>;
export type SurveyPage = z.infer<typeof SurveyPage>;
export type SurveyFollowUp = z.infer<typeof SurveyFollowUp>;
export type SubmitSurveyResult = z.infer<typeof SubmitSurveyResult>;

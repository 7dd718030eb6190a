import { Types, type PipelineStage } from 'mongoose';
import { SURVEY_ELEMENTS, type SurveyElementKey, type SurveyFilterQuery, type SurveyListQuery, type SurveySummary } from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import { findScopedOr404, outletScope } from '../../lib/scope';
import { Survey, type SurveyRecord } from './model';
import { presentSurvey } from './presenter';

/** The staff filters as one match, always inside the caller's outlet scope. */
export function surveyMatch(user: AuthUser, q: SurveyFilterQuery): Record<string, unknown> {
  const and: Record<string, unknown>[] = [outletScope(user)];
  if (q.outletId) and.push({ outletId: new Types.ObjectId(q.outletId) });
  if (q.engineerId) and.push({ engineerId: new Types.ObjectId(q.engineerId) });
  if (q.from) and.push({ submittedDay: { $gte: q.from } });
  if (q.to) and.push({ submittedDay: { $lte: q.to } });
  if (q.low !== undefined) and.push({ low: q.low });
  if (q.element && q.atMost !== undefined) and.push({ [`scores.${q.element}`]: { $lte: q.atMost } });
  return { $and: and };
}

/** Staff list, newest first. */
export async function listSurveys(user: AuthUser, q: SurveyListQuery) {
  const filter = surveyMatch(user, q);
  const [items, total] = await Promise.all([
    Survey.find(filter).sort({ submittedAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<SurveyRecord[]>(),
    Survey.countDocuments(filter),
  ]);
  return { items: items.map(presentSurvey), total, page: q.page, pageSize: q.pageSize };
}

export async function getSurvey(user: AuthUser, id: string) {
  return presentSurvey(await findScopedOr404<SurveyRecord>(Survey, id, user, { what: '评价' }));
}

const round2 = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) / 100 : null);
const countIf = (cond: unknown) => ({ $sum: { $cond: [cond, 1, 0] } });

/**
 * One $group over the matched surveys: count, low count, yes/no on the problem, recommendation, and per element
 * the average and how many answers scored it (templates may ask fewer than nine).
 */
async function aggregateStats(match: Record<string, unknown>) {
  const group: Record<string, unknown> = {
    _id: null,
    count: { $sum: 1 },
    lowCount: countIf('$low'),
    solved: countIf('$problemSolved'),
    recommendationAvg: { $avg: '$recommendation' },
    recommendationCount: countIf({ $gte: [{ $ifNull: ['$recommendation', -1] }, 0] }),
  };
  for (const { key } of SURVEY_ELEMENTS) {
    group[`avg_${key}`] = { $avg: `$scores.${key}` };
    group[`n_${key}`] = countIf({ $gt: [{ $ifNull: [`$scores.${key}`, 0] }, 0] });
  }
  const [row] = await Survey.aggregate<Record<string, number | null>>([{ $match: match }, { $group: group as PipelineStage.Group['$group'] }]);
  return row ?? null;
}

export async function surveySummary(user: AuthUser, q: SurveyFilterQuery): Promise<SurveySummary> {
  const row = await aggregateStats(surveyMatch(user, q));
  const count = row?.count ?? 0;
  const solved = row?.solved ?? 0;
  return {
    count,
    lowCount: row?.lowCount ?? 0,
    overallAverage: row ? round2(row.avg_overall) : null,
    problemSolved: { yes: solved, no: count - solved },
    recommendation: { count: row?.recommendationCount ?? 0, average: row && row.recommendationCount ? round2(row.recommendationAvg) : null },
    elements: SURVEY_ELEMENTS.map((e) => ({ key: e.key, label: e.label, average: row && row[`n_${e.key}`] ? round2(row[`avg_${e.key}`]) : null, count: row?.[`n_${e.key}`] ?? 0 })),
  };
}

export interface SurveyStats {
  count: number;
  /** Average per element (null when no answer scored it), two decimals. */
  averages: Record<SurveyElementKey, number | null>;
  overallAverage: number | null;
  lowCount: number;
}

/**
 * Aggregates for the quality scores and analytics (S11): no per-survey data leaves this function. `from` is
 * inclusive and `to` exclusive, on the submission time.
 */
export async function surveyStatsFor(filter: { outletId?: Types.ObjectId; engineerId?: Types.ObjectId; from?: Date; to?: Date }): Promise<SurveyStats> {
  const match: Record<string, unknown> = {};
  if (filter.outletId) match.outletId = new Types.ObjectId(String(filter.outletId));
  if (filter.engineerId) match.engineerId = new Types.ObjectId(String(filter.engineerId));
  if (filter.from || filter.to) match.submittedAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  const row = await aggregateStats(match);
  const averages = Object.fromEntries(SURVEY_ELEMENTS.map((e) => [e.key, row && row[`n_${e.key}`] ? round2(row[`avg_${e.key}`]) : null])) as Record<SurveyElementKey, number | null>;
  return { count: row?.count ?? 0, averages, overallAverage: averages.overall, lowCount: row?.lowCount ?? 0 };
}

// ---- For the analytics rollup (issue 17: it calls these, never the Survey model) --------------------------------

type IdRange = { $gte: Types.ObjectId } | { $gt: Types.ObjectId };

/** Surveys created in an `_id` range (null: every survey, the first run), with the given fields. */
export function surveysCreatedIn<T>(idRange: IdRange | null, projection: Record<string, 0 | 1>): Promise<T[]> {
  return Survey.find(idRange ? { _id: idRange } : {}, projection).lean<T[]>();
}

/** Surveys of these outlets submitted on one of these days (Asia/Shanghai day keys), with the given fields. */
export function surveysSubmittedOn<T>(outletIds: Types.ObjectId[], days: string[], projection: Record<string, 0 | 1>): Promise<T[]> {
  return Survey.find({ outletId: { $in: outletIds }, submittedDay: { $in: days } }, projection).lean<T[]>();
}

/** The survey of one order, or null (for the order's evidence pack). */
export function surveyOfOrder(orderId: Types.ObjectId): Promise<SurveyRecord | null> {
  return Survey.findOne({ orderId }).lean<SurveyRecord>();
}

import { Types } from 'mongoose';
import {
  addQualityCounts,
  emptyQualityCounts,
  explainScore,
  priorFrom,
  QUALITY_PRIOR_K,
  QUALITY_TERM_KEYS,
  QUALITY_TERM_LABELS,
  QUALITY_WEIGHTS,
  type Period,
  type PeriodQuery,
  type QualityBreakdown,
  type QualityCounts,
  type QualityExplanation,
  type QualityPrior,
  type QualityTermKey,
  type Rankings,
  type RankingsQuery,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import type { EngineerRecord } from '../network/model';
import { engineerOfUser, engineersOf, outletNamesAndCodes, scopedEngineerOr404, scopedOutletOr404 } from '../network/reads';
import { writeQualityScores } from '../network/service';
import { readDays, resolvePeriod, resolveScope, type Scope } from '../analytics/period';
import { addEngineerDay, emptyEngineerDay } from '../analytics/stats';
import type { DailyStatRecord, EngineerDay } from '../analytics/model';
import { OutletScore } from './model';

/**
 * S11 scores, computed on read from the daily statistics (a handful of small documents per period) with the
 * formula in @fangxin/shared, and stored by `recomputeQualityScores` where dispatch needs them at once.
 */

const FORMULA = `质量分 = Σ 权重 × 达成度（${QUALITY_TERM_KEYS.map((k) => `${QUALITY_TERM_LABELS[k]} ${QUALITY_WEIGHTS[k]}`).join('，')}）；各项按同期平台平均做贝叶斯平滑（k = ${QUALITY_PRIOR_K}）`;

/** The platform's averages over a period: what every subject's record is smoothed toward. */
export async function platformPrior(period: Period): Promise<QualityPrior> {
  const days = await readDays(period, null, { quality: 1 });
  return priorFrom(days.reduce((sum, d) => addQualityCounts(sum, d.quality), emptyQualityCounts()));
}

export function termSummary(explanation: QualityExplanation): Record<QualityTermKey, { value: number | null; contribution: number }> {
  return Object.fromEntries(explanation.terms.map((t) => [t.key, { value: t.value, contribution: t.contribution }])) as Record<
    QualityTermKey,
    { value: number | null; contribution: number }
  >;
}

/** Each engineer's record summed over the given days (outlet documents; `only`: one engineer). */
function sumEngineerDays(days: Array<Pick<DailyStatRecord, 'engineers'>>, only?: string): Map<string, EngineerDay> {
  const records = new Map<string, EngineerDay>();
  for (const day of days) {
    for (const [id, e] of Object.entries(day.engineers ?? {})) {
      if (only && id !== only) continue;
      addEngineerDay(records.get(id) ?? records.set(id, emptyEngineerDay()).get(id)!, e);
    }
  }
  return records;
}

async function engineerRecords(period: Period, outlets: Types.ObjectId | 'outlets', only?: string): Promise<Map<string, EngineerDay>> {
  return sumEngineerDays(await readDays(period, outlets, only ? { [`engineers.${only}`]: 1 } : { engineers: 1 }), only);
}

function breakdown(subject: QualityBreakdown['subject'], period: Period, explanation: QualityExplanation, storedScore: number | null): QualityBreakdown {
  return { subject, period, score: explanation.score, storedScore, terms: explanation.terms, formula: FORMULA };
}

async function explainEngineer(clock: Clock, engineer: EngineerRecord, q: PeriodQuery): Promise<QualityBreakdown> {
  const period = resolvePeriod(clock, q);
  const id = String(engineer._id);
  const [prior, records] = await Promise.all([platformPrior(period), engineerRecords(period, engineer.outletId, id)]);
  const explanation = explainScore(records.get(id) ?? emptyQualityCounts(), prior);
  return breakdown({ type: 'engineer', id, name: engineer.name, outletId: String(engineer.outletId) }, period, explanation, engineer.qualityScore ?? null);
}

/** The signed-in engineer's own breakdown (engineers never see another engineer's). */
export async function myQualityBreakdown(clock: Clock, user: AuthUser, q: PeriodQuery): Promise<QualityBreakdown> {
  const engineer = await engineerOfUser(user.id);
  if (!engineer) throw new AppError('not_found', '没有工程师档案');
  return explainEngineer(clock, engineer, q);
}

/** One engineer's breakdown for staff; another outlet's engineer is 404. */
export async function engineerQualityBreakdown(clock: Clock, user: AuthUser, engineerId: string, q: PeriodQuery): Promise<QualityBreakdown> {
  const engineer = await scopedEngineerOr404(user, engineerId);
  return explainEngineer(clock, engineer, q);
}

/** One outlet's breakdown for staff; another outlet is 404 for a manager. */
export async function outletQualityBreakdown(clock: Clock, user: AuthUser, outletId: string, q: PeriodQuery): Promise<QualityBreakdown> {
  const outlet = await scopedOutletOr404(user, outletId);
  const period = resolvePeriod(clock, q);
  const [prior, days] = await Promise.all([platformPrior(period), readDays(period, outlet._id, { quality: 1 })]);
  const counts = days.reduce((sum, d) => addQualityCounts(sum, d.quality), emptyQualityCounts());
  const stored = await OutletScore.findById(outlet._id, { score: 1 }).lean();
  return breakdown({ type: 'outlet', id: String(outlet._id), name: outlet.name, outletId: String(outlet._id) }, period, explainScore(counts, prior), stored?.score ?? null);
}

export type RankingItem = Rankings['items'][number];

/** Sorted best first; equal scores share a rank (1, 2, 2, 4); ties listed by code for a stable order. */
function ranked<T extends { score: number; code: string }>(items: T[]): Array<T & { rank: number }> {
  const sorted = [...items].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || sorted[i - 1]!.score !== item.score) rank = i + 1;
    return { ...item, rank };
  });
}

/** Every outlet, scored for the period; the five lowest are flagged (S11). Outlets without data score the platform average. */
export async function rankOutlets(period: Period): Promise<RankingItem[]> {
  const [outlets, days, prior] = await Promise.all([
    outletNamesAndCodes(),
    readDays(period, 'outlets', { outletId: 1, quality: 1, created: 1, closed: 1 }),
    platformPrior(period),
  ]);
  const records = new Map<string, { counts: QualityCounts; orders: number; closed: number }>();
  for (const d of days) {
    const key = String(d.outletId);
    const r = records.get(key) ?? records.set(key, { counts: emptyQualityCounts(), orders: 0, closed: 0 }).get(key)!;
    addQualityCounts(r.counts, d.quality);
    r.orders += d.created;
    r.closed += d.closed;
  }
  const items = ranked(
    outlets.map((o) => {
      const r = records.get(String(o._id));
      const explanation = explainScore(r?.counts ?? emptyQualityCounts(), prior);
      return { id: String(o._id), name: o.name, code: o.code, outletId: String(o._id), score: explanation.score, orders: r?.orders ?? 0, closed: r?.closed ?? 0, terms: termSummary(explanation) };
    }),
  );
  return items.map((item, i) => ({ ...item, bottomFive: i >= items.length - 5 }));
}

/**
 * Engineers of a scope (one outlet, or all), scored for the period. Engineers without data score the platform average.
 * `outletDays`: the outlet's daily statistics of the period with their `engineers`, when the caller reads them anyway
 * (the dashboard), so they are not read a second time.
 */
export async function rankEngineers(period: Period, outletId: Types.ObjectId | null, outletDays?: Promise<DailyStatRecord[]>): Promise<RankingItem[]> {
  const [engineers, records, prior] = await Promise.all([
    engineersOf(outletId),
    outletId && outletDays ? outletDays.then((days) => sumEngineerDays(days)) : engineerRecords(period, outletId ?? 'outlets'),
    platformPrior(period),
  ]);
  return ranked(
    engineers.map((e) => {
      const r = records.get(String(e._id));
      const explanation = explainScore(r ?? emptyQualityCounts(), prior);
      return {
        id: String(e._id),
        name: e.name,
        code: e.employeeNo,
        outletId: String(e.outletId),
        score: explanation.score,
        orders: r?.orders ?? 0,
        closed: r?.closed ?? 0,
        terms: termSummary(explanation),
        bottomFive: false,
      };
    }),
  );
}

/**
 * Rankings for a period. Every manager sees the outlet ranking (where their outlet stands) but only their own
 * outlet's engineers; platform admins see all engineers or one outlet's.
 */
export async function qualityRankings(clock: Clock, user: AuthUser, q: RankingsQuery): Promise<Rankings> {
  const period = resolvePeriod(clock, q);
  if (q.scope === 'outlets') return { scope: 'outlets', period, items: await rankOutlets(period) };
  const scope: Scope = await resolveScope(user, q.outletId);
  return { scope: 'engineers', period, items: await rankEngineers(period, scope.outletId) };
}

/**
 * The recompute job: scores every engineer and outlet over the last 90 days, writes `Engineer.qualityScore` (dispatch
 * suggestions and offer tiers rank by it, S11) and `outlet_scores`. Idempotent: the same data writes the same numbers,
 * and an engineer whose score did not move is not written at all.
 */
export async function recomputeQualityScores(clock: Clock): Promise<{ engineers: number; changed: number; outlets: number }> {
  const period = resolvePeriod(clock, {});
  const [outlets, engineers] = await Promise.all([rankOutlets(period), rankEngineers(period, null)]);
  const computedAt = clock.now();
  if (outlets.length) {
    await OutletScore.bulkWrite(
      outlets.map((o) => ({
        replaceOne: {
          filter: { _id: new Types.ObjectId(o.id) },
          replacement: { _id: new Types.ObjectId(o.id), score: o.score, rank: o.rank, bottomFive: o.bottomFive, terms: o.terms, period: { from: period.from, to: period.to }, computedAt },
          upsert: true,
        },
      })),
    );
  }
  let changed = 0;
  if (engineers.length) {
    changed = await writeQualityScores(engineers);
  }
  return { engineers: engineers.length, changed, outlets: outlets.length };
}

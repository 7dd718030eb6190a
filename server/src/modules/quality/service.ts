import { Types } from 'mongoose';
import {
  addQualityCounts,
  bottomOutletIds,
  emptyQualityCounts,
  explainScore,
  explanationForEngineer,
  hasQualitySample,
  priorFrom,
  QUALITY_EXPLANATION,
  rankByScore,
  type Period,
  type PeriodQuery,
  type QualityBreakdown,
  type QualityCounts,
  type QualityExplanation,
  type QualityPrior,
  type QualityTerm,
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
import { EngineerScore, OutletScore, type ScoreRecord } from './model';

/**
 * S11 scores: one number per engineer and outlet. The recompute job scores the last 90 days with the formula in
 * @fangxin/shared and stores it (`engineer_scores`, `outlet_scores`, and `Engineer.qualityScore`); every reader of
 * the default period — dispatch suggestions, the engineer list, the work card, the rankings, the breakdowns and the
 * engineer's own page — reads that stored score, so they all show the same number. Another period is computed on
 * read from the daily statistics (a handful of small documents per period), with the same formula.
 */

/** The platform's averages over a period: what every subject's record is smoothed toward. */
export async function platformPrior(period: Period): Promise<QualityPrior> {
  const days = await readDays(period, null, { quality: 1 });
  return priorFrom(days.reduce((sum, d) => addQualityCounts(sum, d.quality), emptyQualityCounts()));
}

export function termSummary(explanation: { terms: QualityTerm[] }): Record<QualityTermKey, { value: number | null; contribution: number }> {
  return Object.fromEntries(explanation.terms.map((t) => [t.key, { value: t.value, contribution: t.contribution }])) as Record<
    QualityTermKey,
    { value: number | null; contribution: number }
  >;
}

/** A record's score (null without any sample: 暂无评分) and the explanation behind it. */
function scored(counts: QualityCounts, prior: QualityPrior): { score: number | null; explanation: QualityExplanation } {
  const explanation = explainScore(counts, prior);
  return { score: hasQualitySample(counts) ? explanation.score : null, explanation };
}

/** Whether a period is the default one (the last 90 days to today): the one the stored scores cover. */
function isDefaultPeriod(clock: Clock, period: Period): boolean {
  const standard = resolvePeriod(clock, {});
  return period.from === standard.from && period.to === standard.to;
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

function breakdown(subject: QualityBreakdown['subject'], period: Period, score: number | null, terms: QualityTerm[], storedScore: number | null): QualityBreakdown {
  return { subject, period, score, storedScore, terms, formula: QUALITY_EXPLANATION };
}

/** A subject's breakdown: the stored one for the default period (an unscored subject: empty terms), else computed. */
async function explainSubject(
  clock: Clock,
  q: PeriodQuery,
  stored: () => Promise<Pick<ScoreRecord, 'score' | 'explained'> | null>,
  counts: (period: Period) => Promise<QualityCounts>,
): Promise<{ period: Period; score: number | null; terms: QualityTerm[]; storedScore: number | null }> {
  const period = resolvePeriod(clock, q);
  const [snapshot, prior] = await Promise.all([stored(), platformPrior(period)]);
  if (isDefaultPeriod(clock, period)) {
    if (snapshot && snapshot.explained.length) return { period, score: snapshot.score, terms: snapshot.explained, storedScore: snapshot.score };
    return { period, score: null, terms: explainScore(emptyQualityCounts(), prior).terms, storedScore: snapshot?.score ?? null };
  }
  const { score, explanation } = scored(await counts(period), prior);
  return { period, score, terms: explanation.terms, storedScore: snapshot?.score ?? null };
}

async function explainEngineer(clock: Clock, engineer: EngineerRecord, q: PeriodQuery): Promise<QualityBreakdown> {
  const id = String(engineer._id);
  const r = await explainSubject(
    clock,
    q,
    () => EngineerScore.findById(engineer._id, { score: 1, explained: 1 }).lean<ScoreRecord>(),
    async (period) => (await engineerRecords(period, engineer.outletId, id)).get(id) ?? emptyQualityCounts(),
  );
  return breakdown({ type: 'engineer', id, name: engineer.name, outletId: String(engineer.outletId) }, r.period, r.score, r.terms, r.storedScore);
}

/**
 * The signed-in engineer's own breakdown (engineers never see another engineer's). S7 survey privacy: no survey
 * average below SURVEY_PRIVACY_MIN surveys (`explanationForEngineer`).
 */
export async function myQualityBreakdown(clock: Clock, user: AuthUser, q: PeriodQuery): Promise<QualityBreakdown> {
  const engineer = await engineerOfUser(user.id);
  if (!engineer) throw new AppError('not_found', '没有工程师档案');
  return explanationForEngineer(await explainEngineer(clock, engineer, q));
}

/** One engineer's breakdown for staff; another outlet's engineer is 404. */
export async function engineerQualityBreakdown(clock: Clock, user: AuthUser, engineerId: string, q: PeriodQuery): Promise<QualityBreakdown> {
  const engineer = await scopedEngineerOr404(user, engineerId);
  return explainEngineer(clock, engineer, q);
}

/** One outlet's breakdown for staff; another outlet is 404 for a manager. */
export async function outletQualityBreakdown(clock: Clock, user: AuthUser, outletId: string, q: PeriodQuery): Promise<QualityBreakdown> {
  const outlet = await scopedOutletOr404(user, outletId);
  const r = await explainSubject(
    clock,
    q,
    () => OutletScore.findById(outlet._id, { score: 1, explained: 1 }).lean<ScoreRecord>(),
    async (period) => (await readDays(period, outlet._id, { quality: 1 })).reduce((sum, d) => addQualityCounts(sum, d.quality), emptyQualityCounts()),
  );
  return breakdown({ type: 'outlet', id: String(outlet._id), name: outlet.name, outletId: String(outlet._id) }, r.period, r.score, r.terms, r.storedScore);
}

export type RankingItem = Rankings['items'][number];
/** A ranking row with the full explanation it was scored with (stored by the recompute job, not sent). */
export type ScoredItem = RankingItem & { explained: QualityTerm[] };

const withoutExplanation = ({ explained: _explained, ...item }: ScoredItem): RankingItem => item;

/**
 * Flags the outlets named at the bottom (S11): the shared rule `bottomOutletIds` — only outlets ranked on enough
 * closed orders, at most five and at most half of them, never one sharing the best score.
 */
function flagBottomFive<T extends { id: string; score: number | null; rank: number | null; closed: number; bottomFive: boolean }>(items: T[]): T[] {
  const bottom = bottomOutletIds(items);
  return items.map((item) => ({ ...item, bottomFive: bottom.has(item.id) }));
}

/** Every outlet, scored for the period; the bottom ones are flagged (S11, `bottomOutletIds`). Outlets without any data: 暂无评分. */
export async function rankOutlets(period: Period): Promise<ScoredItem[]> {
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
  const items = outlets.map((o) => {
    const r = records.get(String(o._id));
    const { score, explanation } = scored(r?.counts ?? emptyQualityCounts(), prior);
    return { id: String(o._id), name: o.name, code: o.code, outletId: String(o._id), score, orders: r?.orders ?? 0, closed: r?.closed ?? 0, terms: termSummary(explanation), explained: explanation.terms, bottomFive: false };
  });
  return flagBottomFive(rankByScore(items, (i) => i.code));
}

/**
 * Engineers of a scope (one outlet, or all), scored for the period. Engineers without any data: 暂无评分, after the
 * scored ones. `outletDays`: the outlet's daily statistics of the period with their `engineers`, when the caller reads
 * them anyway (the dashboard), so they are not read a second time.
 */
export async function rankEngineers(period: Period, outletId: Types.ObjectId | null, outletDays?: Promise<DailyStatRecord[]>): Promise<ScoredItem[]> {
  const [engineers, records, prior] = await Promise.all([
    engineersOf(outletId),
    outletId && outletDays ? outletDays.then((days) => sumEngineerDays(days)) : engineerRecords(period, outletId ?? 'outlets'),
    platformPrior(period),
  ]);
  const items = engineers.map((e) => {
    const r = records.get(String(e._id));
    const { score, explanation } = scored(r ?? emptyQualityCounts(), prior);
    return {
      id: String(e._id),
      name: e.name,
      code: e.employeeNo,
      outletId: String(e.outletId),
      score,
      orders: r?.orders ?? 0,
      closed: r?.closed ?? 0,
      terms: termSummary(explanation),
      explained: explanation.terms,
      bottomFive: false,
    };
  });
  return rankByScore(items, (i) => i.code);
}

/** When the stored scores were computed (the recompute job's last run), or null before the first run. */
async function scoresAsOf(scope: 'outlets' | 'engineers'): Promise<string | null> {
  const model = scope === 'outlets' ? OutletScore : EngineerScore;
  const last = await model.findOne({}, { computedAt: 1 }).sort({ computedAt: -1 }).lean<Pick<ScoreRecord, 'computedAt'>>();
  return last ? new Date(last.computedAt).toISOString() : null;
}

/** The stored scores of the default period, ranked: the same numbers dispatch, lists and cards show. */
async function storedRankings(scope: 'outlets' | 'engineers', outletId: Types.ObjectId | null): Promise<RankingItem[]> {
  const subjects =
    scope === 'outlets'
      ? (await outletNamesAndCodes()).map((o) => ({ id: String(o._id), name: o.name, code: o.code, outletId: String(o._id) }))
      : (await engineersOf(outletId)).map((e) => ({ id: String(e._id), name: e.name, code: e.employeeNo, outletId: String(e.outletId) }));
  const model = scope === 'outlets' ? OutletScore : EngineerScore;
  const stored = await model.find({ _id: { $in: subjects.map((s) => new Types.ObjectId(s.id)) } }, { explained: 0 }).lean<ScoreRecord[]>();
  const byId = new Map(stored.map((r) => [String(r._id), r]));
  const empty = termSummary(explainScore(emptyQualityCounts(), priorFrom(emptyQualityCounts())));
  const items = subjects.map((s) => {
    const r = byId.get(s.id);
    return { ...s, score: r?.score ?? null, orders: r?.orders ?? 0, closed: r?.closed ?? 0, terms: r?.terms ?? empty, bottomFive: r?.bottomFive ?? false };
  });
  return rankByScore(items, (i) => i.code);
}

/**
 * Rankings for a period. Every manager sees the outlet ranking (where their outlet stands) but only their own
 * outlet's engineers; platform admins see all engineers or one outlet's. The default period reads the stored scores.
 */
export async function qualityRankings(clock: Clock, user: AuthUser, q: RankingsQuery): Promise<Rankings> {
  const period = resolvePeriod(clock, q);
  const stored = isDefaultPeriod(clock, period);
  const asOf = stored ? await scoresAsOf(q.scope) : null;
  if (q.scope === 'outlets') return { scope: 'outlets', period, asOf, items: stored ? await storedRankings('outlets', null) : (await rankOutlets(period)).map(withoutExplanation) };
  const scope: Scope = await resolveScope(user, q.outletId);
  return { scope: 'engineers', period, asOf, items: stored ? await storedRankings('engineers', scope.outletId) : (await rankEngineers(period, scope.outletId)).map(withoutExplanation) };
}

const snapshot = (item: ScoredItem, period: Period, computedAt: Date) => ({
  _id: new Types.ObjectId(item.id),
  outletId: new Types.ObjectId(item.outletId),
  score: item.score,
  rank: item.rank,
  bottomFive: item.bottomFive,
  orders: item.orders,
  closed: item.closed,
  terms: item.terms,
  explained: item.explained,
  period: { from: period.from, to: period.to },
  computedAt,
});

/**
 * The recompute job: scores every engineer and outlet over the last 90 days, stores each score with its explanation,
 * and writes `Engineer.qualityScore` (dispatch suggestions, offer tiers, the engineer list and the work card read it,
 * S11). Idempotent: the same data writes the same numbers, and an engineer whose score did not move is not counted
 * as changed.
 */
export async function recomputeQualityScores(clock: Clock): Promise<{ engineers: number; changed: number; outlets: number }> {
  const period = resolvePeriod(clock, {});
  const [outlets, engineers] = await Promise.all([rankOutlets(period), rankEngineers(period, null)]);
  const computedAt = clock.now();
  const store = (model: typeof OutletScore, items: ScoredItem[]) =>
    items.length
      ? model.bulkWrite(items.map((item) => ({ replaceOne: { filter: { _id: new Types.ObjectId(item.id) }, replacement: snapshot(item, period, computedAt), upsert: true } })))
      : null;
  await Promise.all([store(OutletScore, outlets), store(EngineerScore, engineers)]);
  const changed = engineers.length ? await writeQualityScores(engineers) : 0;
  return { engineers: engineers.length, changed, outlets: outlets.length };
}

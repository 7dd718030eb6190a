import { appealExcludedNote } from './appeals';

/**
 * S11 quality score: one number 0–100 for an engineer or an outlet over a period, built from five terms.
 *
 *   score = Σ contribution(term),  contribution = round₁(weight × goodness)   (round₁: to 0.1 point)
 *
 * so the explanation adds up to the score exactly (the score is defined as the sum of the rounded parts).
 * Each term's goodness is 0–1, computed from a *smoothed* measure:
 *
 *   smoothed = (observed total + k × prior) / (sample + k),   k = QUALITY_PRIOR_K = 5
 *
 * (Bayesian smoothing toward the platform average of the same period: with one order an engineer sits almost at the
 * platform average, with fifty the own record dominates; the platform average itself leans on DEFAULT_QUALITY_PRIOR
 * while the platform has little data, so one bad order on a young platform does not set everybody's average).
 * Satisfaction counts only from SURVEY_PRIVACY_MIN surveys on (below that the platform average stands in), so neither
 * the score nor its explanation can give away a single customer's answer. A subject without any sample at all has no
 * score (null, 暂无评分) and is ranked after every scored one. Terms and their period attribution:
 *
 * | term | measure | sample | goodness |
 * |---|---|---|---|
 * | satisfaction (35) | average "overall" survey score, 1–5 | surveys submitted in the period | (avg − 1) / 4 |
 * | sla (25) | share of orders with no SLA breach | orders created in the period (cancelled ones only if breached) | share |
 * | first_time_fix (20) | share of closed orders without a second visit | orders closed in the period | share |
 * | complaints (15) | complaints per closed order | orders closed in the period | 1 − min(1, rate / 0.2) |
 * | off_catalogue (5) | orders with an off-catalogue item per quoted order | quoted orders created in the period | 1 − min(1, rate / 0.5) |
 *
 * Rates that count against the score reach zero goodness at a "zero point" (20 complaints per 100 closed orders,
 * off-catalogue items on half of the quotes), so ordinary differences between engineers stay visible.
 * Pure and platform-free: the server computes with it, the apps can show the same explanation.
 */

export const QUALITY_TERM_KEYS = ['satisfaction', 'sla', 'first_time_fix', 'complaints', 'off_catalogue'] as const;
export type QualityTermKey = (typeof QUALITY_TERM_KEYS)[number];

/** Points each term can contribute; they sum to 100. */
export const QUALITY_WEIGHTS: Record<QualityTermKey, number> = {
  satisfaction: 35,
  sla: 25,
  first_time_fix: 20,
  complaints: 15,
  off_catalogue: 5,
};

export const QUALITY_TERM_LABELS: Record<QualityTermKey, string> = {
  satisfaction: '客户满意度',
  sla: '服务时效达标率',
  first_time_fix: '一次修复率',
  complaints: '投诉率',
  off_catalogue: '价目表外收费率',
};

/** Pseudo-observations of the platform average added to every subject's record (see the module comment). */
export const QUALITY_PRIOR_K = 5;

/** Pseudo-observations of DEFAULT_QUALITY_PRIOR added to the platform's own record when averaging it. */
export const PLATFORM_PRIOR_K = 20;

/**
 * Survey privacy (S7): survey scores reach an engineer only as aggregates over at least this many surveys, and
 * satisfaction counts in a score only from this many on, so no single answer can be read back from either.
 */
export const SURVEY_PRIVACY_MIN = 5;

/** Shown instead of a number to an engineer with fewer surveys than SURVEY_PRIVACY_MIN. */
export const SURVEY_PRIVACY_NOTE = `评价满 ${SURVEY_PRIVACY_MIN} 份后显示平均分，保护客户隐私`;

/** Shown instead of a score for a subject without any scored order in the period. */
export const NO_QUALITY_SCORE = '暂无评分';

/** How the score is made, in words staff and engineers read (instead of the formula). */
export const QUALITY_EXPLANATION =
  `综合评分（满分 100）按近 90 天的客户评价、准时率、一次修好率、投诉和价目表外收费计算；单数少时向全平台平均分靠拢，避免一两单决定分数；` +
  `客户评价满 ${SURVEY_PRIVACY_MIN} 份后才计入，保护客户隐私；客户不在家、上门未遇的那次上门不计超时；` +
  `工程师或网点申诉成立的投诉、评价和超时记录不再计入，明细中注明“申诉成立，已不计入”；近 90 天没有订单时显示“${NO_QUALITY_SCORE}”。`;

/** A score for people: one decimal, or 暂无评分. */
export function qualityScoreText(score: number | null | undefined): string {
  return typeof score === 'number' ? score.toFixed(1) : NO_QUALITY_SCORE;
}

/** Complaint rate (per closed order) at which the complaints term gives nothing. */
export const COMPLAINT_RATE_ZERO = 0.2;
/** Off-catalogue rate (per quoted order) at which that term gives nothing. */
export const OFF_CATALOGUE_RATE_ZERO = 0.5;

/** Default lookback of a score when no period is given (days, today included). */
export const QUALITY_DEFAULT_DAYS = 90;

/**
 * The observed record of one subject (or of the whole platform) over a period: plain counts, so records of days,
 * engineers and outlets simply add up.
 */
export interface QualityCounts {
  /** Surveys answered, and the sum of their "overall" scores (1–5 each). */
  surveys: number;
  overallSum: number;
  /** Orders whose SLA counts (created in the period; cancelled only if breached), and those without any breach. */
  slaOrders: number;
  slaMet: number;
  /** Orders closed in the period, and those of them for which a free second visit was requested. */
  closed: number;
  reworked: number;
  /** Complaints filed in the period. */
  complaints: number;
  /** Orders created in the period that got a quote, and those of them with an off-catalogue item. */
  quoted: number;
  offCatalogue: number;
  /**
   * Issue 20.2: items removed from the record by an upheld appeal (domain/appeals.ts) — complaints no longer in
   * `complaints`, surveys no longer in `surveys`/`overallSum`, orders whose missed deadline was excused (now met in
   * `slaMet`). Counted only to say so in the explanation.
   */
  appealedComplaints: number;
  appealedSurveys: number;
  appealedBreaches: number;
}

export const EMPTY_QUALITY_COUNTS: Readonly<QualityCounts> = Object.freeze({
  surveys: 0,
  overallSum: 0,
  slaOrders: 0,
  slaMet: 0,
  closed: 0,
  reworked: 0,
  complaints: 0,
  quoted: 0,
  offCatalogue: 0,
  appealedComplaints: 0,
  appealedSurveys: 0,
  appealedBreaches: 0,
});

export function emptyQualityCounts(): QualityCounts {
  return { ...EMPTY_QUALITY_COUNTS };
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addQualityCounts(a: QualityCounts, b: Partial<QualityCounts>): QualityCounts {
  for (const key of Object.keys(EMPTY_QUALITY_COUNTS) as Array<keyof QualityCounts>) a[key] += b[key] ?? 0;
  return a;
}

/** The averages the smoothing pulls toward: satisfaction on the 1–5 scale, the others as rates 0–1. */
export interface QualityPrior {
  satisfaction: number;
  sla: number;
  firstTimeFix: number;
  complaintRate: number;
  offCatalogueRate: number;
}

/** Used for a term the platform itself has no data for yet (a fresh installation). */
export const DEFAULT_QUALITY_PRIOR: Readonly<QualityPrior> = Object.freeze({
  satisfaction: 4.5,
  sla: 0.9,
  firstTimeFix: 0.9,
  complaintRate: 0.02,
  offCatalogueRate: 0.05,
});

/** The platform's averages over a period, term by term; a term without data falls back to DEFAULT_QUALITY_PRIOR. */
export function priorFrom(platform: QualityCounts): QualityPrior {
  const d = DEFAULT_QUALITY_PRIOR;
  const k = PLATFORM_PRIOR_K;
  return {
    satisfaction: smooth(platform.overallSum, platform.surveys, d.satisfaction, k),
    sla: smooth(platform.slaMet, platform.slaOrders, d.sla, k),
    firstTimeFix: smooth(platform.closed - platform.reworked, platform.closed, d.firstTimeFix, k),
    complaintRate: smooth(platform.complaints, platform.closed, d.complaintRate, k),
    offCatalogueRate: smooth(platform.offCatalogue, platform.quoted, d.offCatalogueRate, k),
  };
}

/** Whether a record has anything to score: at least one order, closed order, quote or survey in the period. */
export function hasQualitySample(counts: QualityCounts): boolean {
  return counts.slaOrders + counts.closed + counts.quoted + counts.surveys > 0;
}

export interface QualityTerm {
  key: QualityTermKey;
  label: string;
  /** The subject's own measure, unsmoothed (null without any sample). Satisfaction 1–5, the others rates 0–1. */
  value: number | null;
  /** The measure after smoothing toward the prior: what the score uses. */
  smoothed: number;
  /** The platform average it was pulled toward. */
  prior: number;
  /** How many observations the subject has for this term. */
  sample: number;
  /** 0–1: how much of the weight is earned. */
  goodness: number;
  weight: number;
  /** Points earned, to 0.1: round(weight × goodness, 1). The contributions add up to the score. */
  contribution: number;
  /** One line in Chinese a person can read. */
  detail: string;
}

export interface QualityExplanation {
  score: number;
  terms: QualityTerm[];
}

/** `；申诉成立，已不计入：投诉 1 起` when an upheld appeal removed items from a term, else nothing. */
function excludedNote(n: number | undefined, what: (n: number) => string): string {
  return n && n > 0 ? `；${appealExcludedNote(what(n))}` : '';
}
/** The satisfaction term's note of surveys removed by appeal: never shown to the engineer (S7, explanationForEngineer). */
const SURVEY_APPEAL_NOTE = /；申诉成立，已不计入：\d+ 份评价/;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
function smooth(total: number, sample: number, prior: number, k: number): number {
  return (total + k * prior) / (sample + k);
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Explains (and thereby computes) the score of one record against a prior. Contributions are integers of tenths
 * added up in tenths, so `score === Σ contribution` holds exactly, not merely within floating-point error.
 */
export function explainScore(counts: QualityCounts, prior: QualityPrior, k: number = QUALITY_PRIOR_K): QualityExplanation {
  const smoothedNote = (sample: number) => (sample === 0 ? '暂无样本，按平台平均计' : sample < 20 ? '单数少，向平台平均靠拢' : '计入平台平均的少量权重');
  const rows: Array<Omit<QualityTerm, 'label' | 'weight' | 'contribution' | 'detail'> & { describe: (t: { smoothed: number; goodness: number }) => string }> = [];

  // Satisfaction counts from SURVEY_PRIVACY_MIN surveys on; below that the platform average stands in.
  const surveysCounted = counts.surveys >= SURVEY_PRIVACY_MIN;
  const sat = surveysCounted ? smooth(counts.overallSum, counts.surveys, prior.satisfaction, k) : prior.satisfaction;
  rows.push({
    key: 'satisfaction',
    value: counts.surveys > 0 ? counts.overallSum / counts.surveys : null,
    smoothed: sat,
    prior: prior.satisfaction,
    sample: counts.surveys,
    goodness: clamp01((sat - 1) / 4),
    describe: ({ smoothed }) =>
      (surveysCounted
        ? `${counts.surveys} 份评价，整体评分平均 ${(counts.overallSum / counts.surveys).toFixed(2)} 分；${smoothedNote(counts.surveys)}后 ${smoothed.toFixed(2)} 分（满分 5 分，1 分记 0）`
        : `${counts.surveys} 份评价，满 ${SURVEY_PRIVACY_MIN} 份后计入；暂按平台平均 ${smoothed.toFixed(2)} 分计（满分 5 分，1 分记 0）`) +
      excludedNote(counts.appealedSurveys, (n) => `${n} 份评价`),
  });

  const sla = smooth(counts.slaMet, counts.slaOrders, prior.sla, k);
  rows.push({
    key: 'sla',
    value: counts.slaOrders > 0 ? counts.slaMet / counts.slaOrders : null,
    smoothed: sla,
    prior: prior.sla,
    sample: counts.slaOrders,
    goodness: clamp01(sla),
    describe: ({ smoothed }) =>
      `${counts.slaOrders} 单中 ${counts.slaMet} 单无超时（响应、上门、完工）；${smoothedNote(counts.slaOrders)}后达标率 ${pct(smoothed)}` +
      excludedNote(counts.appealedBreaches, (n) => `超时 ${n} 单`),
  });

  const ftf = smooth(counts.closed - counts.reworked, counts.closed, prior.firstTimeFix, k);
  rows.push({
    key: 'first_time_fix',
    value: counts.closed > 0 ? (counts.closed - counts.reworked) / counts.closed : null,
    smoothed: ftf,
    prior: prior.firstTimeFix,
    sample: counts.closed,
    goodness: clamp01(ftf),
    describe: ({ smoothed }) =>
      `已关闭 ${counts.closed} 单，其中 ${counts.reworked} 单申请了保修期内二次上门；${smoothedNote(counts.closed)}后一次修复率 ${pct(smoothed)}`,
  });

  const complaintRate = smooth(counts.complaints, counts.closed, prior.complaintRate, k);
  rows.push({
    key: 'complaints',
    value: counts.closed > 0 ? counts.complaints / counts.closed : null,
    smoothed: complaintRate,
    prior: prior.complaintRate,
    sample: counts.closed,
    goodness: clamp01(1 - complaintRate / COMPLAINT_RATE_ZERO),
    describe: ({ smoothed }) =>
      `${counts.complaints} 起投诉 / 已关闭 ${counts.closed} 单；${smoothedNote(counts.closed)}后投诉率 ${pct(smoothed)}（达到 ${pct(COMPLAINT_RATE_ZERO)} 记 0 分）` +
      excludedNote(counts.appealedComplaints, (n) => `投诉 ${n} 起`),
  });

  const offRate = smooth(counts.offCatalogue, counts.quoted, prior.offCatalogueRate, k);
  rows.push({
    key: 'off_catalogue',
    value: counts.quoted > 0 ? counts.offCatalogue / counts.quoted : null,
    smoothed: offRate,
    prior: prior.offCatalogueRate,
    sample: counts.quoted,
    goodness: clamp01(1 - offRate / OFF_CATALOGUE_RATE_ZERO),
    describe: ({ smoothed }) =>
      `报价 ${counts.quoted} 单，其中 ${counts.offCatalogue} 单含价目表外项目；${smoothedNote(counts.quoted)}后占比 ${pct(smoothed)}（达到 ${pct(OFF_CATALOGUE_RATE_ZERO)} 记 0 分）`,
  });

  let tenths = 0;
  const terms = rows.map(({ describe, ...row }): QualityTerm => {
    const weight = QUALITY_WEIGHTS[row.key];
    const contributionTenths = Math.round(weight * row.goodness * 10);
    tenths += contributionTenths;
    return {
      ...row,
      label: QUALITY_TERM_LABELS[row.key],
      value: row.value === null ? null : round(row.value, 4),
      smoothed: round(row.smoothed, 4),
      prior: round(row.prior, 4),
      goodness: round(row.goodness, 4),
      weight,
      contribution: contributionTenths / 10,
      detail: describe({ smoothed: row.smoothed, goodness: row.goodness }),
    };
  });
  return { score: tenths / 10, terms };
}

/** The score of a record: `explainScore`'s number, or null (暂无评分) when the record has nothing to score. */
export function qualityScore(counts: QualityCounts, prior: QualityPrior, k: number = QUALITY_PRIOR_K): number | null {
  return hasQualitySample(counts) ? explainScore(counts, prior, k).score : null;
}

/**
 * What an engineer may see of their own explanation (S7 survey privacy): below SURVEY_PRIVACY_MIN surveys the
 * satisfaction term shows no average, only the count and SURVEY_PRIVACY_NOTE (the score does not use those surveys,
 * so nothing else in the explanation depends on them).
 */
export function explanationForEngineer<T extends { terms: QualityTerm[] }>(explanation: T): T {
  return {
    ...explanation,
    terms: explanation.terms.map((t) =>
      t.key !== 'satisfaction'
        ? t
        : t.sample < SURVEY_PRIVACY_MIN
          ? { ...t, value: null, detail: `已收到 ${t.sample} 份评价；${SURVEY_PRIVACY_NOTE}` }
          : { ...t, detail: t.detail.replace(SURVEY_APPEAL_NOTE, '') },
    ),
  };
}

/**
 * Competition ranking of scored subjects, best first: equal scores share a rank and the next rank skips (1, 1, 3);
 * ties are listed by `tieBreak` (an employee number or outlet code) so the order is the same on every read. Subjects
 * without a score (null) get no rank and are listed after every scored one, by `tieBreak`.
 */
export function rankByScore<T extends { score: number | null }>(items: readonly T[], tieBreak: (item: T) => string): Array<T & { rank: number | null }> {
  const sorted = [...items].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === b.score ? tieBreak(a).localeCompare(tieBreak(b)) : a.score === null ? 1 : -1;
    return b.score - a.score || tieBreak(a).localeCompare(tieBreak(b));
  });
  let rank = 0;
  return sorted.map((item, i) => {
    if (item.score === null) return { ...item, rank: null };
    if (i === 0 || sorted[i - 1]!.score !== item.score) rank = i + 1;
    return { ...item, rank };
  });
}

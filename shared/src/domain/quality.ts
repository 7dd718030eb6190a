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
 * platform average, with fifty the own record dominates). Terms and their period attribution:
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
  return {
    satisfaction: platform.surveys > 0 ? platform.overallSum / platform.surveys : d.satisfaction,
    sla: platform.slaOrders > 0 ? platform.slaMet / platform.slaOrders : d.sla,
    firstTimeFix: platform.closed > 0 ? (platform.closed - platform.reworked) / platform.closed : d.firstTimeFix,
    complaintRate: platform.closed > 0 ? platform.complaints / platform.closed : d.complaintRate,
    offCatalogueRate: platform.quoted > 0 ? platform.offCatalogue / platform.quoted : d.offCatalogueRate,
  };
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

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const smooth = (total: number, sample: number, prior: number, k: number) => (total + k * prior) / (sample + k);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Explains (and thereby computes) the score of one record against a prior. Contributions are integers of tenths
 * added up in tenths, so `score === Σ contribution` holds exactly, not merely within floating-point error.
 */
export function explainScore(counts: QualityCounts, prior: QualityPrior, k: number = QUALITY_PRIOR_K): QualityExplanation {
  const smoothedNote = (sample: number) => (sample === 0 ? '暂无样本，按平台平均计' : `含 ${k} 个平台平均样本的平滑`);
  const rows: Array<Omit<QualityTerm, 'label' | 'weight' | 'contribution' | 'detail'> & { describe: (t: { smoothed: number; goodness: number }) => string }> = [];

  const sat = smooth(counts.overallSum, counts.surveys, prior.satisfaction, k);
  rows.push({
    key: 'satisfaction',
    value: counts.surveys > 0 ? counts.overallSum / counts.surveys : null,
    smoothed: sat,
    prior: prior.satisfaction,
    sample: counts.surveys,
    goodness: clamp01((sat - 1) / 4),
    describe: ({ smoothed }) =>
      `${counts.surveys} 份评价${counts.surveys ? `，整体评分平均 ${(counts.overallSum / counts.surveys).toFixed(2)} 分` : ''}；${smoothedNote(counts.surveys)}后 ${smoothed.toFixed(2)} 分（满分 5 分，1 分记 0）`,
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
      `${counts.slaOrders} 单中 ${counts.slaMet} 单无超时（响应、上门、完工）；${smoothedNote(counts.slaOrders)}后达标率 ${pct(smoothed)}`,
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
      `${counts.complaints} 起投诉 / 已关闭 ${counts.closed} 单；${smoothedNote(counts.closed)}后投诉率 ${pct(smoothed)}（达到 ${pct(COMPLAINT_RATE_ZERO)} 记 0 分）`,
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

/** Just the number (same rules as `explainScore`). */
export function qualityScore(counts: QualityCounts, prior: QualityPrior, k: number = QUALITY_PRIOR_K): number {
  return explainScore(counts, prior, k).score;
}

/**
 * S7 satisfaction survey: the nine service elements, the score scales and the low-result rule. Pure functions and
 * constants, used by the server (enforcement, return-visit triggers) and the apps (the form, the follow-up offer).
 */

export const SURVEY_ELEMENTS = [
  { key: 'punctuality', label: '准时上门', labelEn: 'Punctuality' },
  { key: 'appearance', label: '仪容仪表与工作证', labelEn: 'Appearance and work card' },
  { key: 'explanation', label: '服务前介绍说明', labelEn: 'Explanation before work' },
  { key: 'transparent_charges', label: '收费透明无额外索要', labelEn: 'Transparent charges, no extra demands' },
  { key: 'diagnosis', label: '专业诊断', labelEn: 'Professional diagnosis' },
  { key: 'problem_solved', label: '问题解决', labelEn: 'Problem solved' },
  { key: 'clean_site', label: '现场清洁', labelEn: 'Site left clean' },
  { key: 'courtesy', label: '礼貌礼仪', labelEn: 'Courtesy' },
  { key: 'overall', label: '总体满意度', labelEn: 'Overall satisfaction' },
] as const;

export type SurveyElementKey = (typeof SURVEY_ELEMENTS)[number]['key'];
export const SURVEY_ELEMENT_KEYS = SURVEY_ELEMENTS.map((e) => e.key) as [SurveyElementKey, ...SurveyElementKey[]];
export const SURVEY_ELEMENT_LABELS = Object.fromEntries(SURVEY_ELEMENTS.map((e) => [e.key, e.label])) as Record<SurveyElementKey, string>;

/** Every template asks `overall`: the low-result rule and the quality scores (S11) are built on it. */
export const SURVEY_REQUIRED_ELEMENT: SurveyElementKey = 'overall';

export const SURVEY_LIMITS = {
  scoreMin: 1,
  scoreMax: 5,
  recommendationMin: 0,
  recommendationMax: 10,
  commentMax: 500,
  /** Reminder to a customer who has not answered, this long after the order closed. */
  reminderAfterHours: 24,
  /** Longest period one CSV export covers. */
  exportMaxDays: 366,
} as const;

/** A result is low when any element is at most `elementAtMost`, overall is at most `overallAtMost`, or the problem was not solved. */
export const SURVEY_LOW_RULE = { elementAtMost: 2, overallAtMost: 3 } as const;

export type SurveyScores = Partial<Record<SurveyElementKey, number>>;

export type SurveyLowReason =
  | { code: 'element_low'; element: SurveyElementKey; score: number }
  | { code: 'overall_low'; score: number }
  | { code: 'problem_not_solved' };

export interface SurveyLowResult {
  low: boolean;
  reasons: SurveyLowReason[];
}

/**
 * The low-result rule, with the reasons that triggered it (in element order). Overall is judged by its own,
 * stricter threshold only, so an overall of 2 reads as one reason, not two.
 */
export function surveyLowResult(answer: { scores: SurveyScores; problemSolved: boolean }): SurveyLowResult {
  const reasons: SurveyLowReason[] = [];
  for (const { key } of SURVEY_ELEMENTS) {
    const score = answer.scores[key];
    if (score === undefined || score === null) continue;
    if (key === 'overall') {
      if (score <= SURVEY_LOW_RULE.overallAtMost) reasons.push({ code: 'overall_low', score });
    } else if (score <= SURVEY_LOW_RULE.elementAtMost) {
      reasons.push({ code: 'element_low', element: key, score });
    }
  }
  if (!answer.problemSolved) reasons.push({ code: 'problem_not_solved' });
  return { low: reasons.length > 0, reasons };
}

/** One line per reason, for staff lists and notifications. */
export function describeLowReason(reason: SurveyLowReason): string {
  switch (reason.code) {
    case 'element_low':
      return `${SURVEY_ELEMENT_LABELS[reason.element]} ${reason.score} 分`;
    case 'overall_low':
      return `${SURVEY_ELEMENT_LABELS.overall} ${reason.score} 分`;
    case 'problem_not_solved':
      return '客户反馈问题未解决';
  }
}

export type SurveyUnavailableReason = 'not_closed' | 'window_closed' | 'submitted';

export interface SurveyAvailability {
  canAnswer: boolean;
  /** Why it cannot be answered now, or null. */
  reason: SurveyUnavailableReason | null;
  /** The last instant an answer is accepted (closing time + window), or null before the order closes. */
  until: Date | null;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Whether the customer may answer now: only a closed order (the customer accepted the work, or did not object in
 * time), only once, and only within `windowDays` of closing.
 */
export function surveyAvailability(order: { status: string; closedAt: Date | string | null | undefined }, submitted: boolean, windowDays: number, now: Date): SurveyAvailability {
  const until = order.closedAt ? new Date(new Date(order.closedAt).getTime() + windowDays * DAY_MS) : null;
  if (submitted) return { canAnswer: false, reason: 'submitted', until };
  if (order.status !== 'closed' || !until) return { canAnswer: false, reason: 'not_closed', until };
  if (now.getTime() > until.getTime()) return { canAnswer: false, reason: 'window_closed', until };
  return { canAnswer: true, reason: null, until };
}

import type { SlaClock } from './sla';

/**
 * Issue 20.2, appeals: an engineer (or his outlet manager) contests what counts against him in the quality score
 * (S11), with a reason and evidence from the order; a platform admin decides. The rules, written once:
 *
 * - **What can be appealed** (an *item*): a complaint on the engineer's order; each deadline breach of his order
 *   (respond, arrive, resolve: one item per missed clock); a survey of his order that counts against him — a *low*
 *   survey, overall score at most APPEAL_SURVEY_LOW_MAX (2) of 5.
 * - **Who may file**: the engineer of the order, or a manager of the order's outlet. Platform admins decide, they do
 *   not file; customers neither.
 * - **Survey privacy (S7)**: an engineer never sees a survey's answers, nor that a given order's survey was low.
 *   So surveys are items only for the outlet manager, who files on the engineer's behalf: the engineer's list of
 *   items counting against him holds complaints and breaches only, an engineer filing a survey appeal gets 404 as if
 *   there were none, and survey appeals never reach him — not in his appeal list, not as a notification, not on the
 *   order's timeline (which the engineer and the customer read; a survey appeal is recorded in the appeal's own
 *   history and the audit log instead). Nothing any engineer receives carries a survey score.
 * - **Window**: an item can be appealed within `appealWindowDays` (30, *setting*) of the item itself (the complaint
 *   filed, the survey submitted, the breach recorded).
 * - **One live appeal per item**: while an appeal is submitted, or once it was decided, no other appeal of the same
 *   item can be filed (a unique key, so two filings at once give one appeal). A withdrawn appeal frees the item; a
 *   decision is final.
 * - **Evidence**: entries of the order's own timeline (by their sequence number; an engineer cannot cite the survey
 *   entry he may not read) and photos of the order (an engineer: those he may see — not the customer's complaint
 *   photos), including new ones uploaded for the appeal (`appeal_photo`).
 * - **States**: submitted → upheld | rejected (a platform admin, with a reason, always); submitted → withdrawn (the
 *   filer or the outlet's manager). Each step is one compare-and-set on the state: of two admins deciding at once,
 *   one decides and the other is told it was decided meanwhile.
 * - **Upheld** removes the item from the score: a complaint from the complaints term, a survey from satisfaction, a
 *   breach from the deadlines term (the order's clock is excused, as for a customer no-show). The score explanation
 *   says how many were removed (申诉成立，已不计入：…), and the decision triggers a recompute of the stored scores.
 *   **Rejected** says why, in the admin's words, to the engineer and the manager.
 */

export const APPEAL_KINDS = ['complaint', 'survey', 'breach'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

export const APPEAL_STATES = ['submitted', 'upheld', 'rejected', 'withdrawn'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

export const APPEAL_DECISIONS = ['upheld', 'rejected'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/** A survey counts against the engineer (and may be appealed) when its overall score is at most this, of 5. */
export const APPEAL_SURVEY_LOW_MAX = 2;

/** Default of the `appealWindowDays` setting. */
export const APPEAL_WINDOW_DAYS_DEFAULT = 30;

export const APPEAL_REASON_MIN = 5;
export const APPEAL_REASON_MAX = 500;
export const APPEAL_DECISION_REASON_MAX = 300;
export const APPEAL_EVIDENCE_MAX = 20;

export const APPEAL_KIND_LABELS: Record<AppealKind, string> = { complaint: '投诉', survey: '客户评价', breach: '超时记录' };
export const APPEAL_KIND_LABELS_EN: Record<AppealKind, string> = { complaint: 'Complaint', survey: 'Customer survey', breach: 'Missed deadline' };

export const APPEAL_STATE_LABELS: Record<AppealState, string> = { submitted: '审核中', upheld: '申诉成立', rejected: '申诉未成立', withdrawn: '已撤回' };
export const APPEAL_STATE_LABELS_EN: Record<AppealState, string> = { submitted: 'Under review', upheld: 'Upheld', rejected: 'Rejected', withdrawn: 'Withdrawn' };

const CLOCK_WORDS: Record<SlaClock, { zh: string; en: string }> = {
  respond: { zh: '接单响应超时', en: 'Late to respond' },
  arrive: { zh: '上门超时', en: 'Late arrival' },
  resolve: { zh: '完工超时', en: 'Late to finish' },
};

/** Words for one item: 投诉（维修质量）, 上门超时, 本单客户评价. */
export function appealItemText(item: { kind: AppealKind; clock?: SlaClock | null; categoryLabel?: string | null }, lang: 'zh' | 'en' = 'zh'): string {
  if (item.kind === 'breach') return item.clock ? CLOCK_WORDS[item.clock][lang] : lang === 'en' ? 'Missed deadline' : '超时记录';
  if (item.kind === 'survey') return lang === 'en' ? 'Customer survey of this order' : '本单客户评价';
  return item.categoryLabel ? (lang === 'en' ? `Complaint (${item.categoryLabel})` : `投诉（${item.categoryLabel}）`) : APPEAL_KIND_LABELS.complaint;
}

/** The one key of an item: an appeal of it is unique while live (submitted or decided). */
export function appealItemKey(orderId: string, item: { kind: AppealKind; complaintId?: string | null; clock?: SlaClock | null }): string {
  if (item.kind === 'complaint') return `complaint:${item.complaintId}`;
  if (item.kind === 'breach') return `breach:${orderId}:${item.clock}`;
  return `survey:${orderId}`;
}

/** Whether a survey's overall score counts against the engineer (an appealable low survey). */
export function surveyCountsAgainst(overall: number | null | undefined): boolean {
  return typeof overall === 'number' && overall <= APPEAL_SURVEY_LOW_MAX;
}

/** Who may file an appeal of this kind: engineers never file (nor see) survey items (S7). */
export function mayFileAppeal(role: string, kind: AppealKind): boolean {
  if (role === 'outlet_manager') return true;
  if (role === 'engineer') return kind !== 'survey';
  return false;
}

/** Whether a caller of this role may learn of an appeal of this kind at all (S7: never a survey appeal to an engineer). */
export function appealVisibleTo(role: string, kind: AppealKind): boolean {
  return role !== 'engineer' || kind !== 'survey';
}

/** The last moment an item can be appealed. */
export function appealDeadline(itemAt: Date, windowDays: number): Date {
  return new Date(itemAt.getTime() + windowDays * 24 * 3600_000);
}

/** Why an item cannot be appealed now, in words, or null when it can. */
export function appealRefusal(input: { itemAt: Date; windowDays: number; now: Date; live: { state: AppealState } | null }): string | null {
  if (input.live?.state === 'submitted') return '此项已有申诉在审核中';
  if (input.live?.state === 'upheld') return '此项申诉已成立，不再计入质量分';
  if (input.live?.state === 'rejected') return '此项申诉已有结论，不能再次申诉';
  if (input.now.getTime() > appealDeadline(input.itemAt, input.windowDays).getTime()) return `已超过申诉期限（${input.windowDays} 天）`;
  return null;
}

export type AppealAction = 'decide' | 'withdraw';

/** Actions the caller may take on an appeal in this state. */
export function appealActions(state: AppealState, role: string, isFilerOrManager: boolean): AppealAction[] {
  if (state !== 'submitted') return [];
  if (role === 'platform_admin') return ['decide'];
  return isFilerOrManager ? ['withdraw'] : [];
}

/** What the engineer and manager are told of a decision. */
export function appealDecisionMessage(decision: AppealDecision, itemText: string, orderNo: string, reason: string): { title: string; body: string } {
  return decision === 'upheld'
    ? { title: '申诉成立', body: `订单 ${orderNo} 的“${itemText}”申诉成立，已不计入质量分。说明：${reason}` }
    : { title: '申诉未成立', body: `订单 ${orderNo} 的“${itemText}”申诉未成立。原因：${reason}` };
}

/** The note each score term adds for items removed by upheld appeals (or no-shows), e.g. 申诉成立，已不计入：投诉 1 起. */
export function appealExcludedNote(what: string): string {
  return `申诉成立，已不计入：${what}`;
}

import { shanghaiDay } from './slots';

/**
 * The outlet governance loop (issue 19, part 3), pure: the rules the server enforces and the apps show.
 *
 * - **Bottom of the ranking** (`bottomOutletIds`): an outlet is named among the bottom only when it was ranked on
 *   enough work (at least BOTTOM_MIN_CLOSED closed orders in the period), and of n such outlets at most
 *   min(BOTTOM_MAX, ⌊n/2⌋) — the lowest ones — are named; an outlet that shares the best score is never named. So a
 *   platform of one outlet names none, of three names one, of ten or more names five.
 * - **Monthly publication**: a platform admin publishes the ranking of a month once it has ended (Asia/Shanghai); it
 *   is frozen as it was then. Each outlet named at the bottom receives a rectification task due RECTIFICATION days
 *   later (`rectificationDays`, *setting*); the best engineers of the month are named 服务标兵 (`exemplarIds`).
 * - **Rectification tasks**: open → submitted (the outlet manager hands in causes, measures and evidence) → accepted
 *   or returned (a platform admin, with a reason) → submitted again. A task still open or returned past its deadline
 *   is marked overdue once (it stays owed).
 * - **Warnings and fines** against an outlet or an engineer: a reason always, an amount for a fine.
 */

/** Closed orders in the period an outlet needs before it can be named at the bottom (too little work proves nothing). */
export const BOTTOM_MIN_CLOSED = 5;
/** At most this many outlets are named at the bottom ("末五位"). */
export const BOTTOM_MAX = 5;
/** Engineers named 服务标兵 each month, and the closed orders each needs in that month. */
export const EXEMPLAR_COUNT = 3;
export const EXEMPLAR_MIN_CLOSED = 5;
/** The title the month's best engineers are given. */
export const EXEMPLAR_TITLE = '服务标兵';

/** The rule in words, for the docs and the admin's publish dialog. */
export const BOTTOM_RULE_TEXT =
  `已结单满 ${BOTTOM_MIN_CLOSED} 单的网点参与排名；其中得分最低的网点列入末位，最多 ${BOTTOM_MAX} 个，且不超过参与排名网点数的一半；` +
  `与第一名同分的网点不列入末位。`;
export const EXEMPLAR_RULE_TEXT = `当月结单满 ${EXEMPLAR_MIN_CLOSED} 单、全平台综合得分前 ${EXEMPLAR_COUNT} 名的工程师评为“${EXEMPLAR_TITLE}”。`;

export interface RankedSubject {
  id: string;
  score: number | null;
  /** Competition rank (1, 1, 3); null when unscored. */
  rank: number | null;
  closed: number;
}

/**
 * The outlets named at the bottom of a ranking (see the module comment). `items` in any order; ties at the cut are
 * broken as the ranking lists them (ascending rank, then the given order).
 */
export function bottomOutletIds(items: readonly RankedSubject[]): Set<string> {
  const eligible = items
    .filter((i) => i.score !== null && i.rank !== null && i.closed >= BOTTOM_MIN_CLOSED)
    .sort((a, b) => a.rank! - b.rank!);
  const count = Math.min(BOTTOM_MAX, Math.floor(eligible.length / 2));
  if (count === 0) return new Set();
  const best = Math.max(...eligible.map((i) => i.score!));
  return new Set(
    eligible
      .slice(eligible.length - count)
      .filter((i) => i.score! < best && i.rank! > 1)
      .map((i) => i.id),
  );
}

/** The month's 服务标兵: scored engineers with enough closed orders, the best EXEMPLAR_COUNT by rank (ties included). */
export function exemplarIds(items: readonly RankedSubject[]): Set<string> {
  const eligible = items.filter((i) => i.score !== null && i.rank !== null && i.closed >= EXEMPLAR_MIN_CLOSED).sort((a, b) => a.rank! - b.rank!);
  const cut = eligible[EXEMPLAR_COUNT - 1]?.score ?? null;
  return new Set(eligible.filter((i, n) => n < EXEMPLAR_COUNT || (cut !== null && i.score === cut)).map((i) => i.id));
}

/** `2026-11`: a calendar month. */
export type Month = string;

/** The first and last days of a month (Asia/Shanghai days, both included). */
export function monthPeriod(month: Month): { from: string; to: string; days: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, days: last };
}

/** The month an instant falls in, in Asia/Shanghai. */
export function monthOf(instant: Date): Month {
  return shanghaiDay(instant).slice(0, 7);
}

/** The month before. */
export function previousMonth(month: Month): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** 2026年11月 */
export function monthText(month: Month): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${y}年${m}月`;
}

/** Why a month cannot be published now, or null: only a month that has ended (in Asia/Shanghai). */
export function monthPublishError(month: Month, now: Date): string | null {
  return month >= monthOf(now) ? `${monthText(month)}还没有结束，月底之后才能发布排名` : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Rectification tasks
// ---------------------------------------------------------------------------------------------------------------

export const RECTIFICATION_STATUSES = ['open', 'submitted', 'returned', 'accepted'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '待提交整改报告',
  submitted: '待平台审核',
  returned: '已退回，待重新提交',
  accepted: '整改已通过',
};

/** Statuses in which the outlet still owes a report (the deadline runs). */
export const RECTIFICATION_OWED: readonly RectificationStatus[] = ['open', 'returned'];

export type RectificationActor = 'outlet_manager' | 'platform_admin';

export const RECTIFICATION_TRANSITIONS = {
  submit: { from: ['open', 'returned'], to: 'submitted', by: ['outlet_manager'], label: '提交整改报告' },
  accept: { from: ['submitted'], to: 'accepted', by: ['platform_admin'], label: '通过整改' },
  return: { from: ['submitted'], to: 'returned', by: ['platform_admin'], label: '退回整改报告' },
} as const satisfies Record<string, { from: readonly RectificationStatus[]; to: RectificationStatus; by: readonly RectificationActor[]; label: string }>;

export type RectificationAction = keyof typeof RECTIFICATION_TRANSITIONS;
export const RECTIFICATION_ACTIONS = Object.keys(RECTIFICATION_TRANSITIONS) as RectificationAction[];

/** Why an action is refused (`forbidden` for the wrong role, `illegal_transition` in the wrong status), or null. */
export function rectificationTransitionError(action: RectificationAction, status: RectificationStatus, role: string): 'forbidden' | 'illegal_transition' | null {
  const t = RECTIFICATION_TRANSITIONS[action];
  if (!(t.by as readonly string[]).includes(role)) return 'forbidden';
  if (!(t.from as readonly string[]).includes(status)) return 'illegal_transition';
  return null;
}

/** The actions a role may take on a task now (for the apps' buttons). */
export function rectificationActions(status: RectificationStatus, role: string): RectificationAction[] {
  return RECTIFICATION_ACTIONS.filter((a) => rectificationTransitionError(a, status, role) === null);
}

/** Whether a task is past its deadline and still owed (what the overdue job marks, once). */
export function rectificationIsOverdue(task: { status: RectificationStatus; dueAt: Date | string }, now: Date): boolean {
  return RECTIFICATION_OWED.includes(task.status) && now.getTime() > new Date(task.dueAt).getTime();
}

// ---------------------------------------------------------------------------------------------------------------
// Warnings and fines
// ---------------------------------------------------------------------------------------------------------------

export const SANCTION_KINDS = ['warning', 'fine'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];
export const SANCTION_KIND_LABELS: Record<SanctionKind, string> = { warning: '警告', fine: '罚款' };
/** The largest fine one entry may record, fen (¥50,000.00). */
export const SANCTION_FINE_MAX_FEN = 5_000_000;

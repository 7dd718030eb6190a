import type { OrderStatus } from './orderMachine';

/**
 * S9 complaints: the state machine and the deadline rules, pure (no clock of their own: callers pass `now`).
 * The server enforces the machine with a compare-and-set on the current status; the apps offer only legal actions.
 *
 * submitted → acknowledged → investigating → resolved → closed (the customer accepts)
 *                                  ↑             ↓
 *                               reopened ←───────┘ (the customer does not accept; once)
 *
 * A resolution whose compensation is above the cap goes from investigating to awaiting_approval instead; a platform
 * admin approves it (→ resolved) or rejects it with a reason (→ investigating, on a new resolve deadline).
 */
export const COMPLAINT_CATEGORIES = [
  { code: 'attitude', label: '服务态度' },
  { code: 'overcharging', label: '乱收费' },
  { code: 'quality', label: '维修质量' },
  { code: 'no_show', label: '未按约上门' },
  { code: 'damage', label: '物品损坏' },
  { code: 'privacy', label: '泄露隐私' },
  { code: 'other', label: '其他' },
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]['code'];
export const COMPLAINT_CATEGORY_CODES = COMPLAINT_CATEGORIES.map((c) => c.code) as [ComplaintCategory, ...ComplaintCategory[]];
export const COMPLAINT_CATEGORY_LABELS = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c.code, c.label])) as Record<ComplaintCategory, string>;

export const COMPLAINT_STATUSES = ['submitted', 'acknowledged', 'investigating', 'awaiting_approval', 'resolved', 'reopened', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  submitted: '待受理',
  acknowledged: '已受理',
  investigating: '调查处理中',
  awaiting_approval: '待平台审批',
  resolved: '已处理待确认',
  reopened: '客户不满意，重新处理',
  closed: '已结案',
};

/** Statuses in which the outlet still owes work (a deadline may be running). */
export const COMPLAINT_OPEN_STATUSES: readonly ComplaintStatus[] = ['submitted', 'acknowledged', 'investigating', 'reopened'];

/** A complaint may be reopened this many times; the next attempt is 409 complaint_reopen_limit. */
export const COMPLAINT_MAX_REOPENS = 1;

/** A closed (or cancelled) order may be complained about for this many days. */
export const COMPLAINT_FILING_WINDOW_DAYS = 90;

/** Order statuses from acceptance on: an engineer has been committed, so there is something to complain about. */
export const COMPLAINABLE_ORDER_STATUSES: readonly OrderStatus[] = ['accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts', 'completed', 'closed'];

export type ComplaintActor = 'customer' | 'outlet_manager' | 'platform_admin';
const STAFF = ['outlet_manager', 'platform_admin'] as const;

export interface ComplaintTransition {
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  by: readonly ComplaintActor[];
  label: string;
}

export const COMPLAINT_TRANSITIONS = {
  acknowledge: { from: ['submitted'], to: 'acknowledged', by: STAFF, label: '受理' },
  /** Starts (or, after a reopen, restarts) the investigation. */
  investigate: { from: ['acknowledged', 'reopened'], to: 'investigating', by: STAFF, label: '开始调查' },
  /** To `resolved`, or to `awaiting_approval` when the compensation needs a platform admin's approval (compensationNeedsApproval). */
  resolve: { from: ['investigating'], to: 'resolved', by: STAFF, label: '提交处理结果' },
  /** A platform admin approves a compensation above the cap: the resolution stands and is shown to the customer. */
  approve: { from: ['awaiting_approval'], to: 'resolved', by: ['platform_admin'], label: '批准赔偿' },
  /** A platform admin rejects it (with a reason): the outlet resolves again, on a new resolve deadline. */
  reject_compensation: { from: ['awaiting_approval'], to: 'investigating', by: ['platform_admin'], label: '驳回赔偿' },
  /** The customer accepts the resolution. */
  accept: { from: ['resolved'], to: 'closed', by: ['customer'], label: '接受处理结果' },
  /** The customer does not accept the resolution (once). */
  reopen: { from: ['resolved'], to: 'reopened', by: ['customer'], label: '不满意，重新处理' },
} as const satisfies Record<string, ComplaintTransition>;

export type ComplaintAction = keyof typeof COMPLAINT_TRANSITIONS;
export const COMPLAINT_ACTIONS = Object.keys(COMPLAINT_TRANSITIONS) as ComplaintAction[];

/**
 * Compensation cap (issue 18): a resolution whose compensation is above the platform's cap (`complaintCompensationCapFen`,
 * a setting) does not stand on an outlet manager's word: it waits in `awaiting_approval`, unseen by the customer,
 * until a platform admin approves or rejects it. A platform admin's own resolution is that approval. The cap is one
 * amount for every order: compensation for damage may rightly exceed the price of the job, so the order's total is
 * shown next to it but does not lower the cap.
 */
export function compensationNeedsApproval(compensationFen: number | null | undefined, capFen: number, actorRole: string): boolean {
  return actorRole !== 'platform_admin' && (compensationFen ?? 0) > capFen;
}

export const COMPLAINT_APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ComplaintApprovalStatus = (typeof COMPLAINT_APPROVAL_STATUSES)[number];

/** Why an action is refused, as an error id of the shared vocabulary, or null when it is legal. */
export function complaintTransitionError(
  action: ComplaintAction,
  complaint: { status: ComplaintStatus; reopenCount: number },
  actor: string,
): 'illegal_transition' | 'forbidden' | 'complaint_reopen_limit' | null {
  const t: ComplaintTransition = COMPLAINT_TRANSITIONS[action];
  if (!t.by.includes(actor as ComplaintActor)) return 'forbidden';
  if (!t.from.includes(complaint.status)) return 'illegal_transition';
  if (action === 'reopen' && complaint.reopenCount >= COMPLAINT_MAX_REOPENS) return 'complaint_reopen_limit';
  return null;
}

/** Actions this actor may take now (the apps show exactly these; the server enforces the same). */
export function legalComplaintActions(complaint: { status: ComplaintStatus; reopenCount: number }, actor: string): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => complaintTransitionError(a, complaint, actor) === null);
}

/** When a complaint may be filed against an order: from acceptance on, until the window after closing ends. */
export function complaintFilingError(
  order: { status: OrderStatus; acceptedAt?: Date | null; closedAt?: Date | null; cancelledAt?: Date | null },
  now: Date,
): { id: 'illegal_transition'; message: string } | null {
  // A cancelled order counts when an engineer had accepted it first (a no-show is exactly such a case).
  const eligible = COMPLAINABLE_ORDER_STATUSES.includes(order.status) || (order.status === 'cancelled' && Boolean(order.acceptedAt));
  if (!eligible) return { id: 'illegal_transition', message: '工程师接单后才能投诉此订单' };
  const endedAt = order.status === 'closed' ? order.closedAt : order.status === 'cancelled' ? order.cancelledAt : null;
  if (endedAt && now.getTime() > new Date(endedAt).getTime() + COMPLAINT_FILING_WINDOW_DAYS * 86400_000) {
    return { id: 'illegal_transition', message: `订单结束已超过 ${COMPLAINT_FILING_WINDOW_DAYS} 天，不能再投诉` };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines. Acknowledge within `ackHours` of filing, resolve within `resolveHours`; a reopen starts a new resolve
// deadline. Each deadline is fixed when it starts (later changes to the settings do not move it).

export const COMPLAINT_DEADLINE_KINDS = ['ack', 'resolve', 'resolve_reopened'] as const;
export type ComplaintDeadlineKind = (typeof COMPLAINT_DEADLINE_KINDS)[number];

export const COMPLAINT_DEADLINE_LABELS: Record<ComplaintDeadlineKind, string> = {
  ack: '受理时限',
  resolve: '处理时限',
  resolve_reopened: '重新处理时限',
};

export interface ComplaintDeadline {
  startAt: Date;
  dueAt: Date;
  /** When the share `atRiskRatio` of the time is used up. */
  riskAt: Date;
  /** When the deadline was met (acknowledged, resolved), late or not; null while open. */
  metAt: Date | null;
}

export type ComplaintDeadlines = Partial<Record<ComplaintDeadlineKind, ComplaintDeadline>>;

export function startDeadline(startAt: Date, hours: number, atRiskRatio: number): ComplaintDeadline {
  const ms = hours * 3600_000;
  return { startAt, dueAt: new Date(startAt.getTime() + ms), riskAt: new Date(startAt.getTime() + Math.round(ms * atRiskRatio)), metAt: null };
}

/** The resolve deadline currently running (or last run): the reopened one after a reopen. */
export function currentResolveKind(reopenCount: number): ComplaintDeadlineKind {
  return reopenCount > 0 ? 'resolve_reopened' : 'resolve';
}

export interface ComplaintDeadlineState {
  kind: ComplaintDeadlineKind;
  label: string;
  startAt: Date;
  dueAt: Date;
  metAt: Date | null;
  /** true: met in time; false: missed (met late, or still open past due); null: open and not yet due. */
  met: boolean | null;
  /** Open, not yet due, and at least `atRiskRatio` of the time used. */
  atRisk: boolean;
  /** Missed: past due while open, or met late. */
  breached: boolean;
}

export function complaintDeadlineState(kind: ComplaintDeadlineKind, d: ComplaintDeadline, now: Date): ComplaintDeadlineState {
  const due = new Date(d.dueAt).getTime();
  const met = d.metAt ? new Date(d.metAt).getTime() <= due : now.getTime() >= due ? false : null;
  return {
    kind,
    label: COMPLAINT_DEADLINE_LABELS[kind],
    startAt: new Date(d.startAt),
    dueAt: new Date(d.dueAt),
    metAt: d.metAt ? new Date(d.metAt) : null,
    met,
    atRisk: !d.metAt && now.getTime() >= new Date(d.riskAt).getTime() && now.getTime() < due,
    breached: met === false,
  };
}

/** Every deadline the complaint has had, in the order they started. */
export function complaintDeadlineStates(deadlines: ComplaintDeadlines, now: Date): ComplaintDeadlineState[] {
  return COMPLAINT_DEADLINE_KINDS.flatMap((kind) => (deadlines[kind] ? [complaintDeadlineState(kind, deadlines[kind], now)] : []));
}

/** The nearest deadline still open, or null when none is (resolved, closed). */
export function nextComplaintDueAt(status: ComplaintStatus, deadlines: ComplaintDeadlines): Date | null {
  if (!COMPLAINT_OPEN_STATUSES.includes(status)) return null;
  const open = COMPLAINT_DEADLINE_KINDS.flatMap((k) => (deadlines[k] && !deadlines[k].metAt ? [new Date(deadlines[k].dueAt).getTime()] : []));
  return open.length ? new Date(Math.min(...open)) : null;
}

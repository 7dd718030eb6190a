import type { Role } from '../roles';
import { isOneOf } from '../guards';

/**
 * The order lifecycle: the single source of truth for the server (which enforces it with compare-and-set on the
 * current status) and the apps (which offer only the actions legal now).
 *
 * pending → dispatched → accepted → on_the_way → arrived → quoted → in_service → completed → closed
 * in_service ⇄ awaiting_parts; a declined dispatch returns to pending; cancelled from any state before in_service.
 */
export const ORDER_STATUSES = [
  'pending',
  'dispatched',
  'accepted',
  'on_the_way',
  'arrived',
  'quoted',
  'in_service',
  'awaiting_parts',
  'completed',
  'closed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: '待派单',
  dispatched: '已派单',
  accepted: '已接单',
  on_the_way: '工程师已出发',
  arrived: '工程师已到达',
  quoted: '待确认报价',
  in_service: '服务中',
  awaiting_parts: '等待配件',
  completed: '已完工',
  closed: '已关闭',
  cancelled: '已取消',
};

/** Who performs an action: a role, or the platform itself (timers). */
export type Actor = Role | 'system';

export interface Transition {
  from: readonly OrderStatus[];
  /** The status after the action; null: the status stays (the action changes something else about the order). */
  to: OrderStatus | null;
  by: readonly Actor[];
  label: string;
}

const BEFORE_SERVICE = ['pending', 'dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted'] as const;
const STAFF = ['outlet_manager', 'platform_admin'] as const;

export const ORDER_TRANSITIONS = {
  /** Manager assigns an engineer (or the platform, for a second visit by the same engineer). */
  dispatch: { from: ['pending'], to: 'dispatched', by: [...STAFF, 'system'], label: '派单' },
  /** Manager moves the order to another engineer; the new one must accept. */
  reassign: { from: ['dispatched', 'accepted', 'on_the_way'], to: 'dispatched', by: STAFF, label: '改派' },
  /** The assigned engineer accepts the dispatch. */
  accept: { from: ['dispatched'], to: 'accepted', by: ['engineer'], label: '接单' },
  /** An engineer takes an offered order; the first one wins. */
  claim: { from: ['pending'], to: 'accepted', by: ['engineer'], label: '抢单' },
  /** The assigned engineer declines with a reason; the order goes back to the outlet. */
  decline: { from: ['dispatched'], to: 'pending', by: ['engineer'], label: '拒单' },
  depart: { from: ['accepted'], to: 'on_the_way', by: ['engineer'], label: '出发' },
  /** By scanning the customer's service code. */
  check_in: { from: ['on_the_way'], to: 'arrived', by: ['engineer'], label: '到达签到' },
  /** A first quote, a revised quote after rejection, or a new quote during service (needs a new confirmation). */
  quote: { from: ['arrived', 'quoted', 'in_service'], to: 'quoted', by: ['engineer'], label: '报价' },
  /** Customer confirms the itemised quote; work may start. Status stays `quoted` until the engineer starts. */
  confirm_quote: { from: ['quoted'], to: 'quoted', by: ['customer'], label: '确认报价' },
  /** Customer rejects the quote; the engineer may quote again, or the order may be cancelled. */
  reject_quote: { from: ['quoted'], to: 'arrived', by: ['customer'], label: '拒绝报价' },
  start: { from: ['quoted'], to: 'in_service', by: ['engineer'], label: '开始服务' },
  wait_for_parts: { from: ['in_service'], to: 'awaiting_parts', by: ['engineer'], label: '等待配件' },
  resume: { from: ['awaiting_parts'], to: 'in_service', by: ['engineer'], label: '恢复服务' },
  /** Report submitted and payment settled. */
  complete: { from: ['in_service'], to: 'completed', by: ['engineer'], label: '完工' },
  /** Customer accepts the finished work. */
  accept_work: { from: ['completed'], to: 'closed', by: ['customer'], label: '确认完成' },
  /** No objection within the acceptance window. */
  auto_close: { from: ['completed'], to: 'closed', by: ['system'], label: '自动关闭' },
  cancel: { from: BEFORE_SERVICE, to: 'cancelled', by: ['customer', ...STAFF], label: '取消订单' },
  /** Move the booking to another window: before the engineer sets off (the customer also before the cutoff). */
  reschedule: { from: ['pending', 'dispatched', 'accepted'], to: null, by: ['customer', ...STAFF], label: '改约' },
  /** The customer shows the service code the engineer scans on arrival (S4): accepted, not yet arrived. */
  show_service_code: { from: ['accepted', 'on_the_way'], to: null, by: ['customer'], label: '出示服务码' },
  /** The customer asks for a free second visit for the same fault (S8), within the warranty of the work. */
  request_rework: { from: ['completed', 'closed'], to: null, by: ['customer'], label: '申请免费返修' },
  /** The customer rates the service (S7): on a closed order, once (the server offers it only while no survey exists). */
  rate_service: { from: ['closed'], to: null, by: ['customer'], label: '评价本次服务' },
  /** Issue 20.1 (domain/noShow.ts): at the door, nobody answers; with the location and a site photo, the wait starts. */
  report_nobody_home: { from: ['on_the_way'], to: null, by: ['engineer'], label: '已到达，无人应答' },
  /** The customer answers while the engineer waits: the visit goes on (check-in as usual). */
  answer_door: { from: ['on_the_way'], to: null, by: ['customer'], label: '我在家，马上开门' },
  /** After the wait ran out unanswered: the visit ends as a customer no-show, the order waits for a new window. */
  end_no_show: { from: ['on_the_way'], to: 'accepted', by: ['engineer'], label: '记为上门未遇' },
  /** After a no-show the customer picks a new window (no cutoff: the missed window is past). */
  rebook_after_no_show: { from: ['accepted'], to: null, by: ['customer'], label: '重新预约上门时间' },
  /** After the engineer has set off, a new window only by agreement: one side proposes, the other accepts or declines. */
  propose_reschedule: { from: ['on_the_way'], to: null, by: ['engineer', 'customer'], label: '提议改约' },
  accept_reschedule: { from: ['on_the_way'], to: 'accepted', by: ['engineer', 'customer'], label: '同意改约' },
  decline_reschedule: { from: ['on_the_way'], to: null, by: ['engineer', 'customer'], label: '不同意改约' },
} as const satisfies Record<string, Transition>;

export type OrderAction = keyof typeof ORDER_TRANSITIONS;
export const ORDER_ACTIONS = Object.keys(ORDER_TRANSITIONS) as OrderAction[];

export function canTransition(action: OrderAction, from: OrderStatus, actor: Actor): boolean {
  const t: Transition = ORDER_TRANSITIONS[action];
  return t.from.includes(from) && t.by.includes(actor);
}

/** Actions this actor may take from this status (the apps show exactly these; the server enforces the same). */
export function legalActions(status: OrderStatus, actor: Actor): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => canTransition(a, status, actor));
}

/**
 * Statuses in which an order occupies its engineer's window: an engineer holds at most one such order per day and
 * window (the server reserves the engineer's window atomically before any change that gives him one).
 */
export const ACTIVE_STATUSES = ['dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts'] as const satisfies readonly OrderStatus[];

export function isActive(status: OrderStatus): boolean {
  return isOneOf(ACTIVE_STATUSES, status);
}

/** The status an action leaves the order in (the same one for actions that do not move it). */
export function statusAfter(action: OrderAction, from: OrderStatus): OrderStatus {
  return ORDER_TRANSITIONS[action].to ?? from;
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

/** Statuses in which an assigned engineer may see the customer's full phone and address (S10). */
export const ENGINEER_PII_STATUSES: readonly OrderStatus[] = ['accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts', 'completed'];

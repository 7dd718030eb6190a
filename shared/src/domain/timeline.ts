/**
 * Every kind of event an order's hash-chained timeline records, with its words for people: zh-CN (both apps) and
 * English (the admin's second language). The server types each event it writes with this list, and the timeline
 * response declares it, so an event without words cannot reach a screen.
 */
export const TIMELINE_EVENT_TYPES = [
  'created',
  'dispatched',
  'reassigned',
  'offered',
  'claimed',
  'accepted',
  'declined',
  'departed',
  'rescheduled',
  'service_code_issued',
  'checked_in',
  'service_code_rejected',
  'card_verified',
  'quoted',
  'quote_confirmed',
  'quote_rejected',
  'started',
  'waiting_for_parts',
  'resumed',
  'report_submitted',
  'payment_recorded',
  'completed',
  'work_accepted',
  'auto_closed',
  'cancelled',
  'sla_at_risk',
  'sla_breached',
  'survey_submitted',
  'complaint_filed',
  'complaint_resolved',
  'return_visit_recorded',
  'rework_requested',
  'rework_request_failed',
  // Issue 19: an order left undispatched past the setting, escalated once per wait.
  'escalated',
  // Offline card checks and the customer-not-home protocol (issues 19.7, 20.1).
  'card_verified_offline',
  'nobody_home',
  'customer_answered',
  'no_show_wait_over',
  'no_show',
  'reschedule_proposed',
  'reschedule_agreed',
  'reschedule_declined',
  // Issue 20.2: appeals of a complaint or a missed deadline (survey appeals never reach the timeline: S7).
  'appeal_filed',
  'appeal_decided',
  'appeal_withdrawn',
  // Written by earlier versions (a manager viewing the full contact); still shown on old orders.
  'contact_revealed',
] as const;

export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export const TIMELINE_EVENT_LABELS: Record<TimelineEventType, string> = {
  created: '客户提交预约',
  dispatched: '网点派单',
  reassigned: '网点改派',
  offered: '发布抢单',
  claimed: '工程师抢单成功',
  accepted: '工程师接单',
  declined: '工程师拒单',
  departed: '工程师出发',
  rescheduled: '改约时间',
  service_code_issued: '客户出示服务码',
  checked_in: '工程师到达签到',
  service_code_rejected: '服务码核对未通过',
  card_verified: '客户核验工作证',
  quoted: '工程师报价',
  quote_confirmed: '客户确认报价',
  quote_rejected: '客户拒绝报价',
  started: '开始服务',
  waiting_for_parts: '等待配件',
  resumed: '恢复服务',
  report_submitted: '提交服务报告',
  payment_recorded: '登记收款',
  completed: '完工',
  work_accepted: '客户确认完成',
  auto_closed: '超时自动关闭',
  cancelled: '取消订单',
  sla_at_risk: '时限即将超时',
  sla_breached: '时限已超时',
  survey_submitted: '客户提交评价',
  complaint_filed: '客户提交投诉',
  complaint_resolved: '投诉已处理',
  return_visit_recorded: '完成回访',
  rework_requested: '申请免费二次上门',
  rework_request_failed: '二次上门申请未成功',
  escalated: '超时未派单，已升级处理',
  card_verified_offline: '离线核验（联网后补记）',
  nobody_home: '工程师已到达，无人应答',
  customer_answered: '客户已应门',
  no_show_wait_over: '等待客户超时',
  no_show: '上门未遇（客户不在家）',
  reschedule_proposed: '提议改约时间',
  reschedule_agreed: '双方同意改约',
  reschedule_declined: '改约提议被拒绝',
  appeal_filed: '提出申诉',
  appeal_decided: '申诉已有结论',
  appeal_withdrawn: '申诉已撤回',
  contact_revealed: '查看完整联系方式',
};

export const TIMELINE_EVENT_LABELS_EN: Record<TimelineEventType, string> = {
  created: 'Order placed',
  dispatched: 'Dispatched',
  reassigned: 'Reassigned',
  offered: 'Offered to engineers',
  claimed: 'Claimed by engineer',
  accepted: 'Accepted by engineer',
  declined: 'Declined by engineer',
  departed: 'Engineer on the way',
  rescheduled: 'Rescheduled',
  service_code_issued: 'Service code shown by customer',
  checked_in: 'Checked in',
  service_code_rejected: 'Wrong service code entered',
  card_verified: 'Work card verified by customer',
  quoted: 'Quoted',
  quote_confirmed: 'Quote confirmed by customer',
  quote_rejected: 'Quote rejected by customer',
  started: 'Service started',
  waiting_for_parts: 'Waiting for parts',
  resumed: 'Service resumed',
  report_submitted: 'Service report submitted',
  payment_recorded: 'Payment recorded',
  completed: 'Completed',
  work_accepted: 'Work accepted by customer',
  auto_closed: 'Closed automatically',
  cancelled: 'Cancelled',
  sla_at_risk: 'Deadline at risk',
  sla_breached: 'Deadline missed',
  survey_submitted: 'Survey submitted',
  complaint_filed: 'Complaint filed',
  complaint_resolved: 'Complaint resolved',
  return_visit_recorded: 'Return visit recorded',
  rework_requested: 'Free second visit requested',
  rework_request_failed: 'Second visit request failed',
  escalated: 'Escalated: not dispatched in time',
  card_verified_offline: 'Card checked offline (recorded once online)',
  nobody_home: 'Engineer arrived, nobody answered',
  customer_answered: 'Customer answered',
  no_show_wait_over: 'Waiting time over',
  no_show: 'Customer not home (no-show)',
  reschedule_proposed: 'New time proposed',
  reschedule_agreed: 'New time agreed',
  reschedule_declined: 'New time declined',
  appeal_filed: 'Appeal filed',
  appeal_decided: 'Appeal decided',
  appeal_withdrawn: 'Appeal withdrawn',
  contact_revealed: 'Full contact viewed',
};

/** Words for an event type, also for a type this version does not know (shown as a neutral phrase, never a key). */
export function timelineEventLabel(type: string, labels: Record<TimelineEventType, string> = TIMELINE_EVENT_LABELS): string {
  return (labels as Record<string, string>)[type] ?? (labels === TIMELINE_EVENT_LABELS ? '订单更新' : 'Order updated');
}

/**
 * The chain check (S12) in plain words: whether the order's record is complete and unaltered. For customers and
 * staff alike — no hashes, no technical reasons.
 */
export function chainVerdictText(verdict: { valid: boolean; events: number; brokenAt?: number | null }, lang: 'zh' | 'en' = 'zh'): string {
  if (lang === 'en') {
    return verdict.valid ? `Record complete and unaltered (${verdict.events} entries)` : `Record check failed: altered from entry ${verdict.brokenAt ?? '?'} on`;
  }
  return verdict.valid
    ? `记录完整，没有被改动过（共 ${verdict.events} 条）`
    : `记录校验未通过：从第 ${verdict.brokenAt ?? '?'} 条起可能被改动过，请联系平台客服`;
}

import type { DeadlineState } from './sla';

/**
 * Display labels (zh-CN) that both apps show, defined once so a customer, an engineer and a manager read the same
 * word for the same thing. The admin's English translations live in its own locale file.
 */
export const PAYMENT_METHODS = ['wechat', 'cash', 'transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  wechat: '微信支付',
  cash: '现金',
  transfer: '银行转账',
};

/** How a deadline stands (see deadlinesOf in ./sla). */
export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = {
  met: '已达成',
  early: '提前到达',
  missed: '超时完成',
  pending: '进行中',
  at_risk: '即将超时',
  breached: '已超时',
  paused: '已暂停（等待配件）',
  not_started: '未开始',
  void: '不适用',
};

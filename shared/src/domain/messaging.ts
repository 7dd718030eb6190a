/**
 * Messages that reach people outside the app (issue 19.1). The in-app inbox always gets every message; besides it a
 * message may go out as a WeChat subscribe message (订阅消息, mini-program users) and, for the key customer events,
 * as an SMS (customers with a phone, the H5 app). Written once here; the server enforces it, the apps read it.
 *
 * - WeChat subscribe messages are one-time: each 允许 the user taps allows exactly one message of that template. The
 *   server keeps a count per user and template, spends one per message (atomically), and does not call WeChat when
 *   the count is zero (recorded as `no_consent`).
 * - The customer chooses channels in 我的 → 消息通知方式: the inbox is always on; WeChat and SMS can be turned off
 *   (recorded as `channel_off` when a message is skipped for it).
 * - Every attempt on an outside channel is recorded once per message, channel and recipient (a retry never sends
 *   twice), with its outcome; the outlet's managers and platform admins see an order's records.
 */

/** Channels besides the in-app inbox. */
export const MESSAGE_CHANNELS = ['wechat_subscribe', 'sms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const MESSAGE_CHANNEL_LABELS: Record<MessageChannel | 'in_app', string> = {
  in_app: '站内消息',
  wechat_subscribe: '微信服务通知',
  sms: '短信',
};

/** What became of one attempt. */
/**
 * How one attempt ended. `interrupted`: the attempt was claimed but its outcome never recorded (the process stopped
 * mid-send), so whether the provider delivered it is unknown; a sweep marks such attempts after
 * DELIVERY_INTERRUPTED_AFTER_MS instead of leaving them pending for ever. They are not retried: a retry could send the
 * message twice.
 */
export const DELIVERY_OUTCOMES = ['sent', 'no_consent', 'channel_off', 'provider_error', 'interrupted'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const DELIVERY_OUTCOME_LABELS: Record<DeliveryOutcome, string> = {
  sent: '已发送',
  no_consent: '未获订阅授权，未发送',
  channel_off: '对方已关闭此渠道，未发送',
  provider_error: '发送失败',
  interrupted: '发送中断，未知是否送达',
};

/** A claimed attempt still without an outcome this long after it started was interrupted (see DELIVERY_OUTCOMES). */
export const DELIVERY_INTERRUPTED_AFTER_MS = 10 * 60_000;

/**
 * When the mini-program asks for subscribe consent, and for which message types (each maps to the template the
 * server configures for it). WeChat asks for at most 3 templates at a time, and only right after a tap:
 * - `booked`: the customer has just tapped 提交预约 — the steps they wait for next.
 * - `quote_waiting`: the customer taps to confirm or refuse a quote — a revised quote and the completion.
 * - `engineer_departed`: the engineer taps 出发 — the customer's answer to the quote on site, and the next order.
 * - `maintenance`: the customer turns an appliance's maintenance reminders on — the reminder (issue 20.3).
 */
export const SUBSCRIBE_MOMENTS = {
  booked: ['order_on_the_way', 'order_quoted', 'order_completed'],
  quote_waiting: ['order_quoted', 'order_completed'],
  engineer_departed: ['quote_confirmed', 'order_dispatched'],
  /** Issue 20.3: the customer turns maintenance reminders on for an appliance in 我的家电 — the reminder to come. */
  maintenance: ['maintenance_due'],
} as const satisfies Record<string, readonly string[]>;
export type SubscribeMoment = keyof typeof SUBSCRIBE_MOMENTS;
export const SUBSCRIBE_MOMENT_NAMES = Object.keys(SUBSCRIBE_MOMENTS) as SubscribeMoment[];

/** WeChat's limit on templates in one requestSubscribeMessage. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

/** The answers WeChat's requestSubscribeMessage gives per template; only `accept` grants a message. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

export interface SmsMessage {
  /** The template code registered with the SMS provider. */
  template: string;
  /** The approved wording, `{orderNo}` filled from the order. */
  text: string;
}

/**
 * The events a customer hears about by SMS (customers with a phone number: H5 sign-in), with the provider template
 * and its wording. Parameters: `orderNo`.
 */
export const SMS_MESSAGES = {
  order_on_the_way: { template: 'FX_ORDER_ON_THE_WAY', text: '【放心服务】您的订单{orderNo}的工程师已出发，请保持电话畅通。' },
  order_quoted: { template: 'FX_ORDER_QUOTED', text: '【放心服务】您的订单{orderNo}有新的报价，请打开放心服务查看，您确认后工程师才会开工。' },
  order_completed: { template: 'FX_ORDER_COMPLETED', text: '【放心服务】您的订单{orderNo}已完工，请打开放心服务确认服务结果。' },
  complaint_resolved: { template: 'FX_COMPLAINT_RESOLVED', text: '【放心服务】您对订单{orderNo}的投诉已有处理结果，请打开放心服务查看并确认是否满意。' },
} as const satisfies Record<string, SmsMessage>;
export type SmsEvent = keyof typeof SMS_MESSAGES;

export function isSmsEvent(event: string): event is SmsEvent {
  return Object.hasOwn(SMS_MESSAGES, event);
}

/** The SMS text as the customer reads it. */
export function smsText(event: SmsEvent, params: { orderNo: string }): string {
  return SMS_MESSAGES[event].text.replace('{orderNo}', params.orderNo);
}

/** A user's channel choice; the in-app inbox is always on. Both outside channels are on until the user turns them off. */
export interface MessageChannelChoice {
  wechatSubscribe: boolean;
  sms: boolean;
}
export const DEFAULT_CHANNEL_CHOICE: MessageChannelChoice = { wechatSubscribe: true, sms: true };

/** Which choice field governs a channel. */
export const CHANNEL_CHOICE_FIELD: Record<MessageChannel, keyof MessageChannelChoice> = {
  wechat_subscribe: 'wechatSubscribe',
  sms: 'sms',
};

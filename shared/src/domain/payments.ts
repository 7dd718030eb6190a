import { noShowFeeFen } from './noShow';

/**
 * Issue 20.4, online payment with refunds. The rules, written once (the server enforces them, the apps read them):
 *
 * - What is due online (`paymentsDue`): the confirmed quote's total while the work is in service and nothing has been
 *   paid for it yet, and the wasted-trip fee (空跑费) once a visit ended as a customer no-show, when the catalogue
 *   published one and the booking screen showed it (`noShowFeeFen`). One payment intent per order, purpose and
 *   amount: asking again for the same amount gives back the open one; a changed amount closes the old one first.
 * - An order counts as paid only on a verified WeChat Pay notification or a query answer showing SUCCESS, and only for
 *   exactly the amount due. Anything else is a mismatch: the order is not paid and the money is refunded in full.
 *   Marking paid is a compare-and-set on the order, so a duplicate notification counts once.
 * - A notification is believed only when signed by the platform key we know (serial), signed less than five minutes
 *   ago, for our merchant and app, and decryptable with our APIv3 key; anything else is refused and changes nothing.
 * - Refunds go back to the WeChat payment they refund: complaint compensation once resolved (and approved above the
 *   cap), overpayments, payments arriving for a cancelled order. The refunds of a payment never add up to more than
 *   was paid (an atomic reservation). A compensation with no online payment to refund against, or above what is left
 *   of it, is recorded as owed by the outlet and paid to the customer by the outlet in cash.
 * - Cash and bank transfers are still recorded by the engineer; an order paid online cannot be recorded again.
 */

export const PAYMENT_PURPOSES = ['service', 'no_show_fee'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export const PAYMENT_PURPOSE_LABELS: Record<PaymentPurpose, string> = { service: '服务费', no_show_fee: '空跑费' };
export const PAYMENT_PURPOSE_LABELS_EN: Record<PaymentPurpose, string> = { service: 'Service fee', no_show_fee: 'Wasted-trip fee' };

/** How the customer pays: inside the WeChat mini-program (JSAPI), or from a phone browser (H5, WeChat's cashier page). */
export const PAYMENT_CHANNELS = ['jsapi', 'h5'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
export const PAYMENT_CHANNEL_LABELS: Record<PaymentChannel, string> = { jsapi: '微信小程序支付', h5: '手机浏览器微信支付' };

/**
 * A payment intent: `open` (waiting for the customer to pay), `paid` (verified, exactly the amount due), `closed`
 * (expired, replaced by a new amount, or the order no longer needs it), `mismatch` (money arrived but not for exactly
 * what was due, or for an order already paid: not counted, refunded in full).
 */
export const PAYMENT_STATES = ['open', 'paid', 'closed', 'mismatch'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export const PAYMENT_STATE_LABELS: Record<PaymentState, string> = { open: '待支付', paid: '已支付', closed: '已关闭', mismatch: '金额不符，已原路退回' };
export const PAYMENT_STATE_LABELS_EN: Record<PaymentState, string> = { open: 'awaiting payment', paid: 'paid', closed: 'closed', mismatch: 'amount mismatch, refunded' };

/**
 * A refund: `queued` (recorded, not yet accepted by WeChat Pay; retried), `processing` (WeChat Pay is returning the
 * money), `success` (back with the customer), `failed` (WeChat Pay could not return it; staff follow up), `owed_cash`
 * (no online payment to refund against: the outlet pays the customer in cash).
 */
export const REFUND_STATES = ['queued', 'processing', 'success', 'failed', 'owed_cash'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
export const REFUND_STATE_LABELS: Record<RefundState, string> = {
  queued: '等待退款',
  processing: '退款处理中',
  success: '已退款',
  failed: '退款未成功，网点会联系您',
  owed_cash: '由网点线下支付',
};
export const REFUND_STATE_LABELS_EN: Record<RefundState, string> = {
  queued: 'queued',
  processing: 'processing',
  success: 'refunded',
  failed: 'failed, staff follow up',
  owed_cash: 'owed by the outlet in cash',
};

export const REFUND_REASONS = ['complaint_compensation', 'overpayment', 'cancellation'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
export const REFUND_REASON_LABELS: Record<RefundReason, string> = { complaint_compensation: '投诉赔偿', overpayment: '多付退回', cancellation: '订单取消退款' };
export const REFUND_REASON_LABELS_EN: Record<RefundReason, string> = { complaint_compensation: 'Complaint compensation', overpayment: 'Overpayment returned', cancellation: 'Cancelled order' };

/** An open payment is closed (and WeChat's transaction with it) after this long; the prepay's time_expire says so. */
export const PAYMENT_EXPIRE_MINUTES = 30;
/** The sweeper asks WeChat Pay about open payments older than this (a lost notification still marks the order paid). */
export const PAYMENT_QUERY_AFTER_MINUTES = 3;
/** A refund not settled after this long is listed in reconciliation. */
export const REFUND_PENDING_TOO_LONG_HOURS = 24;
/** A notification signed longer ago than this (either way) is refused as a replay. */
export const NOTIFY_MAX_AGE_SECONDS = 300;

/**
 * What the daily reconciliation lists: money that arrived but not for exactly what was due, money WeChat Pay says
 * arrived that we have not counted, refunds unsettled too long or failed, WeChat Pay's state differing from ours (or
 * not answering), and compensation owed in cash.
 */
export const RECONCILIATION_ISSUES = ['amount_mismatch', 'paid_not_marked', 'refund_pending_too_long', 'refund_failed', 'remote_differs', 'remote_unreachable', 'owed_cash'] as const;
export type ReconciliationIssue = (typeof RECONCILIATION_ISSUES)[number];
export const RECONCILIATION_ISSUE_LABELS: Record<ReconciliationIssue, string> = {
  amount_mismatch: '金额与应付不符',
  paid_not_marked: '已付款但订单未记为已付',
  refund_pending_too_long: '退款超时未完成',
  refund_failed: '退款未成功',
  remote_differs: '与微信支付记录不一致',
  remote_unreachable: '无法向微信支付核对',
  owed_cash: '待网点线下赔付',
};
export const RECONCILIATION_ISSUE_LABELS_EN: Record<ReconciliationIssue, string> = {
  amount_mismatch: 'amount differs from the amount due',
  paid_not_marked: 'paid but the order is not marked paid',
  refund_pending_too_long: 'refund pending too long',
  refund_failed: 'refund failed',
  remote_differs: 'differs from WeChat Pay',
  remote_unreachable: 'WeChat Pay could not be asked',
  owed_cash: 'owed by the outlet in cash',
};

/** What the rules read of an order. */
export interface PayableOrder {
  status: string;
  quotes: ReadonlyArray<{ no: number; status: string; totalFen: number }>;
  confirmedQuoteNo: number | null;
  payment: { amountFen: number } | null;
  noShow?: { state: string } | null;
  noShowTerms?: { feeFen: number; shownAtBooking: boolean } | null;
  /** The wasted-trip fee paid online (null/absent until then). */
  feePayment?: { amountFen: number } | null;
}

export interface PaymentDue {
  purpose: PaymentPurpose;
  amountFen: number;
  /** The confirmed quote the service fee settles; null for the wasted-trip fee. */
  quoteNo: number | null;
  /** In words for the customer: 服务费 ¥295.00. */
  text: string;
}

export const yuanText = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** The confirmed quote, when it is the latest one and still confirmed. */
function confirmedTotal(order: PayableOrder): { no: number; totalFen: number } | null {
  const latest = order.quotes.at(-1);
  if (!latest || latest.status !== 'confirmed' || order.confirmedQuoteNo !== latest.no) return null;
  return { no: latest.no, totalFen: latest.totalFen };
}

/** Every amount the customer may pay online now, the wasted-trip fee first (it was due first). */
export function paymentsDue(order: PayableOrder): PaymentDue[] {
  const due: PaymentDue[] = [];
  const fee = noShowFeeFen(order.noShowTerms);
  if (fee > 0 && (order.noShow?.state === 'no_show' || order.noShow?.state === 'rebooked') && !order.feePayment) {
    due.push({ purpose: 'no_show_fee', amountFen: fee, quoteNo: null, text: `${PAYMENT_PURPOSE_LABELS.no_show_fee} ${yuanText(fee)}` });
  }
  const quote = order.status === 'in_service' && !order.payment ? confirmedTotal(order) : null;
  if (quote && quote.totalFen > 0) {
    due.push({ purpose: 'service', amountFen: quote.totalFen, quoteNo: quote.no, text: `${PAYMENT_PURPOSE_LABELS.service} ${yuanText(quote.totalFen)}` });
  }
  return due;
}

/** The amount due for a purpose (the first one due when none is named); 0 when nothing is. */
export function amountDueFen(order: PayableOrder, purpose?: PaymentPurpose): number {
  const due = paymentsDue(order);
  return (purpose ? due.find((d) => d.purpose === purpose) : due[0])?.amountFen ?? 0;
}

/** Whether a received amount settles what is due: exactly, never more or less. */
export function settlesExactly(paidFen: number, dueFen: number): boolean {
  return dueFen > 0 && paidFen === dueFen;
}

/**
 * How a compensation is paid back: refunded against the order's online payments (what is left of them to refund),
 * the rest owed by the outlet in cash.
 */
export function splitCompensation(compensationFen: number, refundableFen: number): { refundFen: number; owedCashFen: number } {
  const refundFen = Math.max(0, Math.min(compensationFen, refundableFen));
  return { refundFen, owedCashFen: Math.max(0, compensationFen - refundFen) };
}

/** The customer's words for a refund. */
export function refundText(reason: RefundReason, state: RefundState, amountFen: number): string {
  const what = `${REFUND_REASON_LABELS[reason]} ${yuanText(amountFen)}`;
  switch (state) {
    case 'queued':
      return `${what}，正在提交退款，将原路退回您的微信。`;
    case 'processing':
      return `${what}，微信支付正在处理，一般几分钟内退回您的微信。`;
    case 'success':
      return `${what}，已退回您的微信。`;
    case 'failed':
      return `${what}，微信退款未成功，网点会联系您处理。`;
    case 'owed_cash':
      return `${what}，由网点以现金或转账方式付给您。`;
  }
}

/** The customer's words for a payment. */
export function paymentText(purpose: PaymentPurpose, state: PaymentState, amountFen: number): string {
  const what = `${PAYMENT_PURPOSE_LABELS[purpose]} ${yuanText(amountFen)}`;
  switch (state) {
    case 'open':
      return `${what}，待支付。`;
    case 'paid':
      return `${what}，已通过微信支付。`;
    case 'closed':
      return `${what}，本次支付已关闭，未扣款。`;
    case 'mismatch':
      return `${what}，收到的金额与应付金额不符，这笔钱会原路退回您的微信。`;
  }
}

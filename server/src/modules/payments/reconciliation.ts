import { Types } from 'mongoose';
import {
  RECONCILIATION_ISSUE_LABELS,
  REFUND_PENDING_TOO_LONG_HOURS,
  yuanText,
  type ReconciliationIssue,
  type ReconciliationIssueView,
  type ReconciliationQuery,
  type ReconciliationView,
} from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import { outletScope } from '../../lib/scope';
import type { OrderRecord } from '../orders/model';
import { ordersByIds } from '../orders/reads';
import { Payment, Refund, type PaymentRecord, type RefundRecord } from './model';
import { presentPayment, presentRefund, type PaymentDeps } from './service';

/** How many of the day's payments are compared with WeChat Pay's own answer (one query each). */
const REMOTE_CHECKS = 100;

const REMOTE_STATE: Record<string, string> = { SUCCESS: '已支付', REFUND: '已支付（有退款）', NOTPAY: '未支付', CLOSED: '已关闭', PAYERROR: '支付失败' };
const REMOTE_STATE_EN: Record<string, string> = { SUCCESS: 'paid', REFUND: 'paid (refunded in part)', NOTPAY: 'not paid', CLOSED: 'closed', PAYERROR: 'payment failed' };

/**
 * The day's payments (opened or paid that Asia/Shanghai day), refunds (recorded that day) and what does not add up:
 * amounts that differ from what was due, money WeChat Pay says arrived that the order does not show, refunds pending
 * too long or failed, compensation owed in cash, and WeChat Pay's state differing from ours (asked now).
 */
export async function reconciliation(deps: PaymentDeps, user: AuthUser, query: ReconciliationQuery): Promise<ReconciliationView> {
  const scope = user.role === 'platform_admin' ? (query.outletId ? { outletId: new Types.ObjectId(query.outletId) } : {}) : outletScope(user);
  const [payments, refunds] = await Promise.all([
    Payment.find({ ...scope, $or: [{ day: query.day }, { paidDay: query.day }] }).sort({ createdAt: 1 }).limit(2000).lean<PaymentRecord[]>(),
    Refund.find({ ...scope, day: query.day }).sort({ createdAt: 1 }).limit(2000).lean<RefundRecord[]>(),
  ]);
  const orderIds = [...new Set([...payments, ...refunds].map((x) => String(x.orderId)))].map((id) => new Types.ObjectId(id));
  const orders = new Map((await ordersByIds<OrderRecord>(orderIds, { orderNo: 1, outletId: 1, payment: 1, feePayment: 1 })).map((o) => [String(o._id), o]));
  const orderNo = (id: Types.ObjectId) => orders.get(String(id))?.orderNo ?? '';

  const issues: ReconciliationIssueView[] = [];
  const issue = (kind: ReconciliationIssue, orderId: Types.ObjectId, ids: { paymentId?: Types.ObjectId; refundId?: Types.ObjectId }, text: string, textEn: string) =>
    issues.push({ kind, label: RECONCILIATION_ISSUE_LABELS[kind], orderId: String(orderId), orderNo: orderNo(orderId), paymentId: ids.paymentId ? String(ids.paymentId) : null, refundId: ids.refundId ? String(ids.refundId) : null, text, textEn });

  const marked = (p: PaymentRecord) => {
    const o = orders.get(String(p.orderId));
    const receipt = p.purpose === 'service' ? o?.payment : o?.feePayment;
    return !!receipt && receipt.receiptNo === p.transactionId;
  };

  for (const p of payments) {
    if (p.state === 'mismatch') {
      issue('amount_mismatch', p.orderId, { paymentId: p._id }, `${p.mismatchReason ?? '金额不符'}，已原路退回`, `paid ${yuanText(p.paidFen ?? 0)}, due ${yuanText(p.amountFen)}: refunded`);
    }
    if (p.state === 'paid' && !marked(p)) {
      issue('paid_not_marked', p.orderId, { paymentId: p._id }, `微信支付已到账 ${yuanText(p.paidFen ?? 0)}，但订单未记为已付`, `WeChat Pay received ${yuanText(p.paidFen ?? 0)} but the order is not marked paid`);
    }
  }

  let checkedRemote = 0;
  const toCheck = payments.filter((p) => p.state === 'open' || p.state === 'paid' || p.state === 'closed').slice(0, REMOTE_CHECKS);
  if (deps.wechatPay.enabled && toCheck.length) {
    const gateway = await deps.wechatPay.gateway().catch(() => null);
    for (const p of toCheck) {
      if (!gateway) break;
      try {
        const remote = await gateway.query(p.outTradeNo);
        checkedRemote++;
        const theirs = remote?.trade_state ?? 'NONE';
        const paidThere = theirs === 'SUCCESS' || theirs === 'REFUND';
        const ours = p.state === 'paid';
        const amountThere = remote?.amount?.total;
        if (paidThere !== ours || (ours && amountThere !== p.paidFen)) {
          const there = REMOTE_STATE[theirs] ?? '没有这笔记录';
          const thereEn = REMOTE_STATE_EN[theirs] ?? 'no such payment';
          issue(
            paidThere && !ours ? 'paid_not_marked' : 'remote_differs',
            p.orderId,
            { paymentId: p._id },
            `我方记录为「${p.state === 'paid' ? '已支付' : p.state === 'open' ? '待支付' : '已关闭'}」，微信支付为「${there}」${amountThere !== undefined ? `（${yuanText(amountThere)}）` : ''}`,
            `ours: ${p.state}; WeChat Pay: ${thereEn}${amountThere !== undefined ? ` (${yuanText(amountThere)})` : ''}`,
          );
        }
      } catch {
        issue('remote_unreachable', p.orderId, { paymentId: p._id }, '微信支付暂时无法查询，稍后再核对', 'WeChat Pay did not answer; check again later');
      }
    }
  }

  const tooLong = new Date(deps.clock.now().getTime() - REFUND_PENDING_TOO_LONG_HOURS * 3600_000);
  for (const r of refunds) {
    if ((r.state === 'queued' || r.state === 'processing') && r.createdAt <= tooLong) {
      issue('refund_pending_too_long', r.orderId, { refundId: r._id }, `退款 ${yuanText(r.amountFen)} 超过 ${REFUND_PENDING_TOO_LONG_HOURS} 小时未完成`, `refund of ${yuanText(r.amountFen)} pending over ${REFUND_PENDING_TOO_LONG_HOURS} hours`);
    }
    if (r.state === 'failed') issue('refund_failed', r.orderId, { refundId: r._id }, `退款 ${yuanText(r.amountFen)} 未成功，请联系客户处理`, `refund of ${yuanText(r.amountFen)} failed; contact the customer`);
    if (r.state === 'owed_cash') issue('owed_cash', r.orderId, { refundId: r._id }, `赔偿 ${yuanText(r.amountFen)} 由网点线下支付给客户`, `compensation of ${yuanText(r.amountFen)} to be paid by the outlet in cash`);
  }
  // Older refunds still unsettled are listed on every day until they settle.
  const older = await Refund.find({ ...scope, state: { $in: ['queued', 'processing'] }, createdAt: { $lte: tooLong }, day: { $ne: query.day } }).limit(200).lean<RefundRecord[]>();
  for (const r of older) {
    if (!orders.has(String(r.orderId))) {
      const [o] = await ordersByIds<OrderRecord>([r.orderId], { orderNo: 1, outletId: 1 });
      if (o) orders.set(String(o._id), o);
    }
    issue('refund_pending_too_long', r.orderId, { refundId: r._id }, `退款 ${yuanText(r.amountFen)} 超过 ${REFUND_PENDING_TOO_LONG_HOURS} 小时未完成`, `refund of ${yuanText(r.amountFen)} pending over ${REFUND_PENDING_TOO_LONG_HOURS} hours`);
  }

  const paidToday = payments.filter((p) => p.state === 'paid' && p.paidDay === query.day);
  const refundedToday = refunds.filter((r) => r.state === 'success');
  const row = (orderId: Types.ObjectId, outletId: Types.ObjectId) => ({ orderId: String(orderId), orderNo: orderNo(orderId), outletId: String(outletId) });
  return {
    day: query.day,
    outletId: user.role === 'platform_admin' ? (query.outletId ?? null) : (user.outletId ?? null),
    totals: {
      paidCount: paidToday.length,
      paidFen: paidToday.reduce((s, p) => s + (p.paidFen ?? 0), 0),
      refundCount: refundedToday.length,
      refundedFen: refundedToday.reduce((s, r) => s + r.amountFen, 0),
      owedCashFen: refunds.filter((r) => r.state === 'owed_cash').reduce((s, r) => s + r.amountFen, 0),
      netFen: paidToday.reduce((s, p) => s + (p.paidFen ?? 0), 0) - refundedToday.reduce((s, r) => s + r.amountFen, 0),
    },
    payments: payments.map((p) => ({ ...row(p.orderId, p.outletId), payment: presentPayment(p), refund: null })),
    refunds: refunds.map((r) => ({ ...row(r.orderId, r.outletId), payment: null, refund: presentRefund(r) })),
    issues,
    checkedRemote,
  };
}

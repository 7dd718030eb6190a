import { Types } from 'mongoose';
import {
  PAYMENT_EXPIRE_MINUTES,
  PAYMENT_PURPOSE_LABELS,
  PAYMENT_QUERY_AFTER_MINUTES,
  PAYMENT_STATE_LABELS,
  REFUND_REASON_LABELS,
  REFUND_STATE_LABELS,
  paymentText,
  paymentsDue,
  refundText,
  shanghaiDay,
  splitCompensation,
  yuanText,
  type OrderPaymentsView,
  type PaymentChannel,
  type PaymentPurpose,
  type PaymentView,
  type PrepayView,
  type RefundReason,
  type RefundView,
  type TimelineEventType,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import { recordAudit } from '../audit/service';
import { changeOrder, type EventActor } from '../orders/mutate';
import type { OrderRecord } from '../orders/model';
import { orderSummary, ordersByIds } from '../orders/reads';
import { wechatOpenIdOf } from '../users/reads';
import { Payment, Refund, type PaymentRecord, type RefundRecord } from './model';
import type { WechatPayProvider } from './provider';
import { merchantNo, type RemoteRefund, type RemoteTransaction, type WechatPayGateway } from './wechatPay';

/** What the payment steps need from the app. */
export interface PaymentDeps {
  clock: Clock;
  wechatPay: WechatPayProvider;
  logger?: Logger;
}

/** WeChat Pay's own word on the order's timeline: the platform, named so people read who said it. */
const WECHAT_PAY_ACTOR: EventActor = { id: null, role: 'system', name: '微信支付' };
const MAX_REFUND_ATTEMPTS = 5;

/** One order (all its fields unless a projection is given), or null. */
async function orderById(id: Types.ObjectId, projection: Record<string, 0 | 1> = {}): Promise<OrderRecord | null> {
  return (await ordersByIds<OrderRecord>([id], projection))[0] ?? null;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function presentPayment(p: PaymentRecord): PaymentView {
  const amount = p.paidFen ?? p.amountFen;
  return {
    id: String(p._id),
    orderId: String(p.orderId),
    outTradeNo: p.outTradeNo,
    purpose: p.purpose,
    purposeLabel: PAYMENT_PURPOSE_LABELS[p.purpose],
    channel: p.channel,
    amountFen: p.amountFen,
    paidFen: p.paidFen,
    refundedFen: p.refundedFen,
    state: p.state,
    stateLabel: PAYMENT_STATE_LABELS[p.state],
    transactionId: p.transactionId,
    createdAt: iso(p.createdAt)!,
    paidAt: iso(p.paidAt),
    expiresAt: iso(p.expiresAt)!,
    text: paymentText(p.purpose, p.state, amount),
  };
}

export function presentRefund(r: RefundRecord): RefundView {
  return {
    id: String(r._id),
    orderId: String(r.orderId),
    paymentId: r.paymentId ? String(r.paymentId) : null,
    outRefundNo: r.outRefundNo,
    reason: r.reason,
    reasonLabel: REFUND_REASON_LABELS[r.reason],
    amountFen: r.amountFen,
    state: r.state,
    stateLabel: REFUND_STATE_LABELS[r.state],
    complaintId: r.complaintId ? String(r.complaintId) : null,
    createdAt: iso(r.createdAt)!,
    doneAt: iso(r.doneAt),
    text: refundText(r.reason, r.state, r.amountFen),
  };
}

/** The order's payments in the contract's terms. */
export async function orderPayments(provider: WechatPayProvider, order: OrderRecord): Promise<OrderPaymentsView> {
  const [payments, refunds] = await Promise.all([
    Payment.find({ orderId: order._id }).sort({ createdAt: 1 }).lean<PaymentRecord[]>(),
    Refund.find({ orderId: order._id }).sort({ createdAt: 1 }).lean<RefundRecord[]>(),
  ]);
  return {
    orderId: String(order._id),
    online: { enabled: provider.enabled, standIn: provider.standIn, reason: provider.reason },
    due: paymentsDue(order).map((d) => ({ purpose: d.purpose, purposeLabel: PAYMENT_PURPOSE_LABELS[d.purpose], amountFen: d.amountFen, quoteNo: d.quoteNo, text: d.text })),
    payments: payments.map(presentPayment),
    refunds: refunds.map(presentRefund),
    paidFen: payments.filter((p) => p.state === 'paid').reduce((s, p) => s + (p.paidFen ?? 0), 0),
    refundedFen: refunds.filter((r) => r.paymentId && r.state !== 'failed').reduce((s, r) => s + r.amountFen, 0),
    owedCashFen: refunds.filter((r) => r.state === 'owed_cash').reduce((s, r) => s + r.amountFen, 0),
  };
}

/** An audit entry about the order (`order:<number>`, as the audit log names orders), by the user or the platform. */
async function audit(clock: Clock, action: string, order: Pick<OrderRecord, '_id' | 'outletId'> & { orderNo?: string }, data: Record<string, unknown>, user?: AuthUser | null) {
  const orderNo = order.orderNo ?? (await orderSummary(order._id))?.orderNo ?? String(order._id);
  await recordAudit(clock, {
    action,
    actorId: user?.id ?? null,
    actorRole: user?.role ?? 'system',
    outletId: String(order.outletId),
    target: `order:${orderNo}`,
    data: { ...data, orderId: String(order._id) },
  });
}

/** A step on the order's timeline that changes nothing else (a payment's or refund's news). */
async function onTimeline(clock: Clock, orderId: Types.ObjectId, type: TimelineEventType, data: Record<string, unknown>, actor: EventActor = WECHAT_PAY_ACTOR) {
  await changeOrder(clock, orderId, actor, () => ({ type, data }));
}

// ---- Prepay ------------------------------------------------------------------------------------------------------

export interface PrepayInput {
  channel: PaymentChannel;
  purpose?: PaymentPurpose | undefined;
  returnPath?: string | undefined;
  clientIp: string;
  publicBaseUrl: string;
}

/**
 * The customer starts paying what is due. One open payment per order, purpose and amount: the same again answers
 * the open one; another amount closes the old one at WeChat Pay first (a payment WeChat says is paid meanwhile is
 * settled instead, and the customer is told it is paid).
 */
export async function prepay(deps: PaymentDeps, user: AuthUser, order: OrderRecord, input: PrepayInput): Promise<PrepayView> {
  const { clock } = deps;
  const due = paymentsDue(order);
  const item = input.purpose ? due.find((d) => d.purpose === input.purpose) : due[0];
  if (!item) {
    const paid = input.purpose === 'service' ? !!order.payment : input.purpose === 'no_show_fee' ? !!order.feePayment : !!order.payment;
    if (paid) throw new AppError('conflict', '该款项已支付');
    throw new AppError('illegal_transition', '当前没有需要在线支付的款项');
  }
  const gateway = await deps.wechatPay.gateway();
  let openid = '';
  if (input.channel === 'jsapi') {
    openid = (await wechatOpenIdOf(user.id)) ?? '';
    if (!openid) throw new AppError('online_payment_unavailable', '小程序内支付需要用微信登录；请在手机浏览器中支付，或向工程师当面付款');
  }
  let payment: PaymentRecord | null = null;
  // One open payment per order and purpose (`openKey`, unique while open): a request racing another for the same
  // order finds the other's payment and answers it, once its prepay is there.
  for (let attempt = 0; attempt < 3 && !payment; attempt++) {
    const open = await Payment.find({ orderId: order._id, purpose: item.purpose, state: 'open' }).lean<PaymentRecord[]>();
    let reuse: PaymentRecord | null = null;
    for (const p of open) {
      if (!reuse && p.amountFen === item.amountFen && p.channel === input.channel && p.expiresAt > clock.now()) {
        reuse = p;
        continue;
      }
      // Another amount (or channel, or about to expire): closed at WeChat Pay before a new one is opened.
      await closePayment(deps, gateway, p, 'replaced');
    }
    if (reuse) {
      payment = await prepared(reuse);
      break;
    }
    // A payment of the old amount may have been paid meanwhile (settled by closePayment): read the order again.
    if (open.length) {
      const fresh = await orderById(order._id);
      if (!fresh || !paymentsDue(fresh).some((d) => d.purpose === item.purpose && d.amountFen === item.amountFen)) throw new AppError('conflict', '该款项已支付');
    }
    payment = await openPayment(deps, gateway, user, order, item, input, openid);
  }
  if (!payment) throw new AppError('conflict', '支付正在发起，请稍后重试');
  let h5Url: string | null = null;
  if (input.channel === 'h5' && payment.h5Url) {
    const redirect = input.returnPath ? `${input.publicBaseUrl}${input.returnPath}` : '';
    h5Url = redirect ? `${payment.h5Url}${payment.h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(redirect)}` : payment.h5Url;
  }
  return {
    payment: presentPayment(payment),
    jsapi: input.channel === 'jsapi' && payment.prepayId ? gateway.jsapiParams(payment.prepayId) : null,
    h5Url,
    standIn: gateway.settings.standIn,
  };
}

/** The open payment once its prepay is recorded (a racing request may still be asking WeChat Pay); null if it is gone. */
async function prepared(p: PaymentRecord): Promise<PaymentRecord | null> {
  let current: PaymentRecord | null = p;
  for (let i = 0; i < 50 && current && current.state === 'open' && !current.prepayId && !current.h5Url; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = await Payment.findById(p._id).lean<PaymentRecord>();
  }
  return current && current.state === 'open' && (current.prepayId || current.h5Url) ? current : null;
}

/**
 * Opens a payment here (its open key taken, or null when a racing request took it first) and at WeChat Pay; a prepay
 * WeChat Pay refuses closes it again, so the next try starts clean.
 */
async function openPayment(
  deps: PaymentDeps,
  gateway: WechatPayGateway,
  user: AuthUser,
  order: OrderRecord,
  item: { purpose: PaymentPurpose; amountFen: number; quoteNo: number | null },
  input: PrepayInput,
  openid: string,
): Promise<PaymentRecord | null> {
  const { clock } = deps;
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + PAYMENT_EXPIRE_MINUTES * 60_000);
  let payment: PaymentRecord;
  try {
    const created = await Payment.create({
      orderId: order._id,
      outletId: order.outletId,
      customerId: order.customerId,
      purpose: item.purpose,
      channel: input.channel,
      outTradeNo: merchantNo('fx'),
      openKey: `${String(order._id)}:${item.purpose}`,
      amountFen: item.amountFen,
      quoteNo: item.quoteNo,
      state: 'open',
      day: shanghaiDay(now),
      createdAt: now,
      expiresAt,
    });
    payment = created.toObject() as PaymentRecord;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
  const description = `放心服务-${PAYMENT_PURPOSE_LABELS[item.purpose]}-${order.orderNo}`;
  try {
    if (input.channel === 'jsapi') {
      const { prepayId } = await gateway.jsapiPrepay({ outTradeNo: payment.outTradeNo, description, totalFen: item.amountFen, openid, expiresAt });
      payment = (await Payment.findByIdAndUpdate(payment._id, { $set: { prepayId } }, { returnDocument: 'after', lean: true }))!;
    } else {
      const { h5Url } = await gateway.h5Prepay({ outTradeNo: payment.outTradeNo, description, totalFen: item.amountFen, clientIp: input.clientIp, expiresAt });
      payment = (await Payment.findByIdAndUpdate(payment._id, { $set: { h5Url } }, { returnDocument: 'after', lean: true }))!;
    }
  } catch (err) {
    await Payment.updateOne({ _id: payment._id, state: 'open' }, { $set: { state: 'closed', closedAt: clock.now() }, $unset: { openKey: 1 } });
    throw err;
  }
  await onTimeline(clock, order._id, 'payment_requested', { purpose: item.purpose, amountFen: item.amountFen, channel: input.channel }, { id: user.id, role: 'customer', name: user.name });
  await audit(clock, 'payment.prepay', order, { outTradeNo: payment.outTradeNo, purpose: item.purpose, amountFen: item.amountFen, channel: input.channel }, user);
  return payment;
}

/** Closes an open payment at WeChat Pay and here; one WeChat says is paid is settled instead. */
async function closePayment(deps: PaymentDeps, gateway: WechatPayGateway, p: PaymentRecord, why: 'replaced' | 'expired' | 'not_due') {
  const outcome = await gateway.close(p.outTradeNo);
  if (outcome === 'paid') {
    const remote = await gateway.query(p.outTradeNo);
    if (remote) await settleTransaction(deps, remote, 'query');
    return;
  }
  const closed = await Payment.findOneAndUpdate({ _id: p._id, state: 'open' }, { $set: { state: 'closed', closedAt: deps.clock.now() }, $unset: { openKey: 1 } }, { returnDocument: 'after', lean: true });
  if (closed) {
    await onTimeline(deps.clock, p.orderId, 'payment_closed', { purpose: p.purpose, amountFen: p.amountFen, expired: why === 'expired' });
    await audit(deps.clock, 'payment.closed', { _id: p.orderId, outletId: p.outletId }, { outTradeNo: p.outTradeNo, why });
  }
}

// ---- Settling: WeChat Pay's verified word ------------------------------------------------------------------------

class Outcome extends Error {
  constructor(readonly kind: 'duplicate' | 'already_paid' | 'not_due') {
    super(kind);
  }
}

/**
 * WeChat Pay's verified word on a transaction (a notification or a query answer). Only SUCCESS counts, only for a
 * payment of ours, and only for exactly the amount due: the order is marked paid by compare-and-set (a duplicate
 * finds it marked with the same transaction and changes nothing). Anything else that arrived is a mismatch,
 * refunded in full. Answers what happened.
 */
export async function settleTransaction(deps: PaymentDeps, tx: RemoteTransaction, source: 'notify' | 'query'): Promise<'paid' | 'duplicate' | 'mismatch' | 'ignored'> {
  const { clock } = deps;
  if (tx.trade_state !== 'SUCCESS' && tx.trade_state !== 'REFUND') return 'ignored';
  const payment = await Payment.findOne({ outTradeNo: tx.out_trade_no }).lean<PaymentRecord>();
  if (!payment) {
    deps.logger?.warn({ outTradeNo: tx.out_trade_no }, 'WeChat Pay reported a payment we never opened');
    return 'ignored';
  }
  const transactionId = tx.transaction_id ?? '';
  const paidFen = tx.amount?.total ?? -1;
  if (payment.state === 'paid' || payment.state === 'mismatch') return 'duplicate';
  const now = clock.now();
  const receipt = { method: 'wechat' as const, amountFen: paidFen, receiptNo: transactionId, paidAt: now };
  let verdict: 'paid' | 'duplicate' | 'mismatch';
  let mismatch: { dueFen: number; alreadyPaid: boolean } | null = null;
  try {
    await changeOrder(clock, payment.orderId, WECHAT_PAY_ACTOR, (current) => {
      const marked = payment.purpose === 'service' ? current.payment : current.feePayment;
      if (marked) throw new Outcome(marked.receiptNo === transactionId ? 'duplicate' : 'already_paid');
      const due = paymentsDue(current).find((d) => d.purpose === payment.purpose);
      if (!due || due.amountFen !== paidFen || paidFen !== payment.amountFen || (payment.purpose === 'service' && due.quoteNo !== payment.quoteNo)) {
        mismatch = { dueFen: due?.amountFen ?? 0, alreadyPaid: false };
        throw new Outcome('not_due');
      }
      const set = payment.purpose === 'service' ? { payment: { ...receipt, quoteNo: payment.quoteNo } } : { feePayment: receipt };
      return { type: 'payment_received', data: { purpose: payment.purpose, amountFen: paidFen, transactionId, method: 'wechat', source }, set };
    });
    verdict = 'paid';
  } catch (err) {
    if (!(err instanceof Outcome)) throw err;
    if (err.kind === 'duplicate') verdict = 'duplicate';
    else {
      verdict = 'mismatch';
      mismatch ??= { dueFen: 0, alreadyPaid: true };
    }
  }
  if (verdict === 'paid' || verdict === 'duplicate') {
    const updated = await Payment.findOneAndUpdate(
      { _id: payment._id, state: { $in: ['open', 'closed'] } },
      { $set: { state: 'paid', paidFen, transactionId, refundableFen: paidFen, paidAt: now, paidDay: shanghaiDay(now) }, $unset: { openKey: 1 } },
      { returnDocument: 'after', lean: true },
    );
    if (updated && verdict === 'paid') {
      const order = await orderById(payment.orderId, { outletId: 1 });
      if (order) await audit(clock, 'payment.received', order, { outTradeNo: payment.outTradeNo, transactionId, amountFen: paidFen, source });
    }
    return updated ? 'paid' : 'duplicate';
  }
  // Money arrived but does not settle what is due: recorded, not counted, refunded in full (once: the state's CAS).
  const m = mismatch as unknown as { dueFen: number; alreadyPaid: boolean };
  const reason = `应付 ${yuanText(m.dueFen)}，实付 ${yuanText(paidFen)}${m.alreadyPaid ? '（订单已付过款）' : ''}`;
  const marked = await Payment.findOneAndUpdate(
    { _id: payment._id, state: { $in: ['open', 'closed'] } },
    { $set: { state: 'mismatch', paidFen, transactionId, refundableFen: paidFen, paidAt: now, paidDay: shanghaiDay(now), mismatchReason: reason }, $unset: { openKey: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (!marked) return 'duplicate';
  await onTimeline(clock, payment.orderId, 'payment_mismatch', { purpose: payment.purpose, dueFen: m.dueFen, paidFen, alreadyPaid: m.alreadyPaid });
  const order = await orderById(payment.orderId, { outletId: 1, status: 1 });
  if (order) {
    await audit(clock, 'payment.mismatch', order, { outTradeNo: payment.outTradeNo, transactionId, dueFen: m.dueFen, paidFen });
    const refundReason: RefundReason = order.status === 'cancelled' ? 'cancellation' : 'overpayment';
    if (paidFen > 0) {
      const refund = await reserveRefund(clock, { orderId: order._id, outletId: order.outletId, paymentId: marked._id, reason: refundReason, amountFen: paidFen, key: `mismatch:${String(marked._id)}`, note: reason });
      if (refund) await submitRefundSafely(deps, refund);
    }
  }
  return 'mismatch';
}

/** Asks WeChat Pay about an open payment and settles what it says (the lost-notification path). */
export async function queryAndSettle(deps: PaymentDeps, gateway: WechatPayGateway, p: PaymentRecord): Promise<string> {
  const remote = await gateway.query(p.outTradeNo);
  await Payment.updateOne({ _id: p._id }, { $set: { lastQueriedAt: deps.clock.now() } });
  if (!remote) return 'unknown';
  if (remote.trade_state === 'SUCCESS' || remote.trade_state === 'REFUND') return settleTransaction(deps, remote, 'query');
  return remote.trade_state;
}

/** Back from paying: the order's open payments are asked about now. */
export async function syncOrder(deps: PaymentDeps, order: OrderRecord): Promise<void> {
  const open = await Payment.find({ orderId: order._id, state: 'open' }).lean<PaymentRecord[]>();
  if (!open.length) return;
  const gateway = await deps.wechatPay.gateway();
  for (const p of open) await queryAndSettle(deps, gateway, p);
}

// ---- Refunds -----------------------------------------------------------------------------------------------------

interface RefundRequest {
  orderId: Types.ObjectId;
  outletId: Types.ObjectId;
  paymentId: Types.ObjectId;
  reason: RefundReason;
  amountFen: number;
  key?: string;
  complaintId?: Types.ObjectId | null;
  note?: string;
  /** Staff who asked for it (their audit entry); the platform otherwise. */
  by?: AuthUser;
}

/**
 * Reserves a refund on its payment and records it (queued): `$inc` on `refundableFen`, conditioned on enough being
 * left, so concurrent refunds never add up to more than was paid. Null when there is not enough left, or when the
 * refund's key was already used (then the reservation is given back).
 */
export async function reserveRefund(clock: Clock, req: RefundRequest): Promise<RefundRecord | null> {
  const reserved = await Payment.findOneAndUpdate(
    { _id: req.paymentId, state: { $in: ['paid', 'mismatch'] }, refundableFen: { $gte: req.amountFen } },
    { $inc: { refundableFen: -req.amountFen, refundedFen: req.amountFen } },
    { returnDocument: 'after', lean: true },
  );
  if (!reserved) return null;
  const now = clock.now();
  try {
    const created = await Refund.create({
      orderId: req.orderId,
      outletId: req.outletId,
      paymentId: req.paymentId,
      outRefundNo: merchantNo('rf'),
      reason: req.reason,
      amountFen: req.amountFen,
      state: 'queued',
      complaintId: req.complaintId ?? null,
      ...(req.key ? { key: req.key } : {}),
      note: req.note ?? '',
      day: shanghaiDay(now),
      createdAt: now,
      byId: req.by?.id ?? null,
    });
    await onTimeline(clock, req.orderId, 'refund_requested', { reason: req.reason, amountFen: req.amountFen });
    await audit(clock, 'refund.request', { _id: req.orderId, outletId: req.outletId }, { refundId: String(created._id), reason: req.reason, amountFen: req.amountFen }, req.by);
    return created.toObject() as RefundRecord;
  } catch (err) {
    await Payment.updateOne({ _id: req.paymentId }, { $inc: { refundableFen: req.amountFen, refundedFen: -req.amountFen } });
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
}

/** Sends a queued refund to WeChat Pay (same out_refund_no on every try, so a retry never refunds twice). */
export async function submitRefund(deps: PaymentDeps, refund: RefundRecord): Promise<RefundRecord> {
  const payment = await Payment.findById(refund.paymentId).lean<PaymentRecord>();
  if (!payment) throw new AppError('not_found', '付款记录不存在');
  const gateway = await deps.wechatPay.gateway();
  try {
    const remote = await gateway.refund({ outTradeNo: payment.outTradeNo, outRefundNo: refund.outRefundNo!, reason: REFUND_REASON_LABELS[refund.reason], refundFen: refund.amountFen, totalFen: payment.paidFen ?? payment.amountFen });
    const done = await applyRefundStatus(deps, refund.outRefundNo!, remote.status ?? remote.refund_status ?? 'PROCESSING');
    return done ?? refund;
  } catch (err) {
    const attempts = refund.attempts + 1;
    const failed = attempts >= MAX_REFUND_ATTEMPTS;
    await Refund.updateOne({ _id: refund._id, state: 'queued' }, { $set: { attempts, lastError: err instanceof Error ? err.message : String(err) } });
    if (failed) await applyRefundStatus(deps, refund.outRefundNo!, 'ABNORMAL');
    throw err;
  }
}

/**
 * Sends the order's queued refunds now (after a compensation stands), then answers what it was given (so a route can
 * wrap its use case). What WeChat Pay does not take stays queued for the payments job.
 */
export async function sendQueuedRefunds<T extends { orderId: Types.ObjectId }>(deps: PaymentDeps, about: T): Promise<T> {
  if (!deps.wechatPay.enabled) return about;
  const queued = await Refund.find({ orderId: about.orderId, state: 'queued', paymentId: { $ne: null } }).lean<RefundRecord[]>();
  for (const r of queued) await submitRefundSafely(deps, r);
  return about;
}

async function submitRefundSafely(deps: PaymentDeps, refund: RefundRecord): Promise<void> {
  await submitRefund(deps, refund).catch((err: unknown) => deps.logger?.warn({ err, refundId: String(refund._id) }, 'refund queued for retry'));
}

/**
 * A refund's state from WeChat Pay (its answer, a query or a verified notification): PROCESSING, SUCCESS, or
 * CLOSED/ABNORMAL (failed: the reservation is given back so the money may be refunded again). Each change once.
 */
export async function applyRefundStatus(deps: PaymentDeps, outRefundNo: string, status: string): Promise<RefundRecord | null> {
  const { clock } = deps;
  const now = clock.now();
  if (status === 'PROCESSING') {
    return Refund.findOneAndUpdate({ outRefundNo, state: 'queued' }, { $set: { state: 'processing' } }, { returnDocument: 'after', lean: true });
  }
  const success = status === 'SUCCESS';
  const updated = await Refund.findOneAndUpdate(
    { outRefundNo, state: { $in: ['queued', 'processing'] } },
    { $set: { state: success ? 'success' : 'failed', doneAt: now } },
    { returnDocument: 'after', lean: true },
  );
  if (!updated) return null;
  if (!success) await Payment.updateOne({ _id: updated.paymentId }, { $inc: { refundableFen: updated.amountFen, refundedFen: -updated.amountFen } });
  await onTimeline(clock, updated.orderId, success ? 'refund_succeeded' : 'refund_failed', { reason: updated.reason, amountFen: updated.amountFen });
  await audit(clock, success ? 'refund.succeeded' : 'refund.failed', { _id: updated.orderId, outletId: updated.outletId }, { refundId: String(updated._id), status });
  return updated;
}

/** A verified refund notification. */
export async function settleRefundNotice(deps: PaymentDeps, remote: RemoteRefund): Promise<void> {
  const status = remote.refund_status ?? remote.status ?? '';
  if (!remote.out_refund_no || !status) return;
  await applyRefundStatus(deps, remote.out_refund_no, status);
}

/**
 * Staff refund (overpayment, cancellation, compensation beyond the automatic one): against the named payment, or
 * the order's paid payments newest first (the first with enough left). 409 refund_exceeds_paid when none has.
 */
export async function staffRefund(deps: PaymentDeps, user: AuthUser, order: OrderRecord, body: { reason: RefundReason; amountFen: number; paymentId?: string | undefined; note: string }): Promise<RefundView> {
  const candidates = await Payment.find({
    orderId: order._id,
    state: { $in: ['paid', 'mismatch'] },
    ...(body.paymentId ? { _id: new Types.ObjectId(body.paymentId) } : {}),
  })
    .sort({ paidAt: -1 })
    .lean<PaymentRecord[]>();
  if (body.paymentId && !candidates.length) throw new AppError('not_found', '该订单没有这笔在线付款');
  if (!candidates.length) throw new AppError('illegal_transition', '该订单没有在线付款，无法原路退款');
  for (const p of candidates) {
    const refund = await reserveRefund(deps.clock, { orderId: order._id, outletId: order.outletId, paymentId: p._id, reason: body.reason, amountFen: body.amountFen, note: body.note, by: user });
    if (refund) {
      await submitRefundSafely(deps, refund);
      return presentRefund((await Refund.findById(refund._id).lean<RefundRecord>())!);
    }
  }
  throw new AppError('refund_exceeds_paid', `退款 ${yuanText(body.amountFen)} 超过这笔付款还可退的金额`);
}

/**
 * A complaint's compensation, once it stands (resolved, or approved above the cap): refunded against the order's
 * online payments as far as they go, the rest owed by the outlet in cash. What an earlier resolution of the same
 * complaint already paid counts (a reopened complaint resolved again pays only the difference); each resolution
 * once (keys). The refunds are queued here (the complaint's use cases know no WeChat Pay); the complaint routes send
 * them at once (sendQueuedRefunds) and the payments job retries any still queued.
 */
export async function queueCompensation(clock: Clock, complaint: { _id: Types.ObjectId; orderId: Types.ObjectId; resolution: { compensationFen: number | null; at: Date } | null }): Promise<RefundRecord[]> {
  const total = complaint.resolution?.compensationFen ?? 0;
  if (total <= 0) return [];
  const order = await orderById(complaint.orderId, { outletId: 1 });
  if (!order) return [];
  const earlier = await Refund.find({ complaintId: complaint._id, state: { $ne: 'failed' } }).lean<RefundRecord[]>();
  const owed = total - earlier.reduce((s, r) => s + r.amountFen, 0);
  if (owed <= 0) return [];
  const payments = await Payment.find({ orderId: order._id, state: 'paid' }).sort({ paidAt: -1 }).lean<PaymentRecord[]>();
  const round = new Date(complaint.resolution!.at).getTime();
  let left = owed;
  const queued: RefundRecord[] = [];
  for (const p of payments) {
    const { refundFen } = splitCompensation(left, p.refundableFen);
    if (refundFen <= 0) continue;
    const refund = await reserveRefund(clock, { orderId: order._id, outletId: order.outletId, paymentId: p._id, reason: 'complaint_compensation', amountFen: refundFen, complaintId: complaint._id, key: `compensation:${String(complaint._id)}:${round}:${String(p._id)}` });
    if (refund) {
      left -= refundFen;
      queued.push(refund);
    }
  }
  if (left > 0) {
    const now = clock.now();
    try {
      await Refund.create({
        orderId: order._id,
        outletId: order.outletId,
        paymentId: null,
        outRefundNo: null,
        reason: 'complaint_compensation',
        amountFen: left,
        state: 'owed_cash',
        complaintId: complaint._id,
        key: `compensation:${String(complaint._id)}:${round}:cash`,
        note: '无可原路退回的在线付款，由网点线下支付',
        day: shanghaiDay(now),
        createdAt: now,
      });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return queued;
      throw err;
    }
    await onTimeline(clock, order._id, 'compensation_owed', { reason: 'complaint_compensation', amountFen: left }, { id: null, role: 'system', name: '系统' });
    await audit(clock, 'refund.owed_cash', order, { complaintId: String(complaint._id), amountFen: left });
  }
  return queued;
}

// ---- The sweeper -------------------------------------------------------------------------------------------------

/**
 * The job: open payments older than a few minutes are asked about (a lost notification still marks the order paid),
 * expired ones closed, and open payments no longer due (paid in cash meanwhile, cancelled) closed; queued refunds are
 * sent again and refunds processing for a while are asked about. Each step is a compare-and-set, so two instances
 * doing it at once do each change once.
 */
export async function sweepPayments(deps: PaymentDeps): Promise<{ queried: number; closed: number; refunds: number }> {
  if (!deps.wechatPay.enabled) return { queried: 0, closed: 0, refunds: 0 };
  const { clock } = deps;
  const now = clock.now();
  const before = new Date(now.getTime() - PAYMENT_QUERY_AFTER_MINUTES * 60_000);
  const queuedRefunds = () => Refund.find({ state: 'queued', paymentId: { $ne: null } }).sort({ createdAt: 1 }).limit(100).lean<RefundRecord[]>();
  const [stale, queuedBefore, processing] = await Promise.all([
    Payment.find({ state: 'open', createdAt: { $lte: before } }).sort({ createdAt: 1 }).limit(200).lean<PaymentRecord[]>(),
    queuedRefunds(),
    Refund.find({ state: 'processing', createdAt: { $lte: before } }).limit(100).lean<RefundRecord[]>(),
  ]);
  const stats = { queried: 0, closed: 0, refunds: 0 };
  // Nothing to ask WeChat Pay about: no client (in development, no stand-in started) for an idle sweep.
  if (!stale.length && !queuedBefore.length && !processing.length) return stats;
  const gateway = await deps.wechatPay.gateway();
  for (const p of stale) {
    try {
      stats.queried++;
      const state = await queryAndSettle(deps, gateway, p);
      if (state === 'paid' || state === 'duplicate' || state === 'mismatch') continue;
      const order = await orderById(p.orderId);
      const stillDue = order ? paymentsDue(order).some((d) => d.purpose === p.purpose && d.amountFen === p.amountFen) : false;
      if (p.expiresAt <= now || !stillDue || state === 'CLOSED' || state === 'unknown') {
        await closePayment(deps, gateway, p, p.expiresAt <= now ? 'expired' : 'not_due');
        stats.closed++;
      }
    } catch (err) {
      deps.logger?.warn({ err, outTradeNo: p.outTradeNo }, 'payment sweep: WeChat Pay did not answer');
    }
  }
  // Read again: settling the open payments above may have queued refunds (an amount that does not match).
  const queued = stale.length ? await queuedRefunds() : queuedBefore;
  for (const r of queued) {
    stats.refunds++;
    await submitRefundSafely(deps, r);
  }
  for (const r of processing) {
    try {
      const remote = await gateway.queryRefund(r.outRefundNo!);
      if (remote) await applyRefundStatus(deps, r.outRefundNo!, remote.status ?? remote.refund_status ?? 'PROCESSING');
      stats.refunds++;
    } catch (err) {
      deps.logger?.warn({ err, outRefundNo: r.outRefundNo }, 'refund sweep: WeChat Pay did not answer');
    }
  }
  return stats;
}

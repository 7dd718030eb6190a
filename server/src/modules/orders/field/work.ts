import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { canTransition, partsSummary, partsToReport, priceLine, shanghaiDay, type PaymentBody, type QuoteBody, type ReportBody } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { AuthUser } from '../../../core/authUser';
import type { Clock } from '../../../lib/clock';
import { findCatalogItem, getPublishedCatalog } from '../../catalog/service';
import { assertUploadsForOrder } from '../../uploads/service';
import type { OrderRecord, QuoteItemRecord, QuoteRecord } from '../model';
import { changeOrder } from '../mutate';
import { actorOf, SYSTEM_ACTOR } from '../actor';
import { notifyOrderParties } from '../notify';
import { Order } from '../model';
import { getSettings } from '../../settings/service';

export const SERVICE_CODE_TTL_MS = 10 * 60_000;

const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');

function assertAssigned(order: OrderRecord, user: AuthUser) {
  if (!order.engineerUserId || String(order.engineerUserId) !== user.id) throw new AppError('not_found', '订单不存在');
}

export function latestQuote(order: OrderRecord): QuoteRecord | undefined {
  return order.quotes.at(-1);
}

export function confirmedQuote(order: OrderRecord): QuoteRecord | undefined {
  return order.confirmedQuoteNo ? order.quotes.find((q) => q.no === order.confirmedQuoteNo) : undefined;
}

export async function departOrder(clock: Clock, user: AuthUser, order: OrderRecord) {
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    return { action: 'depart', type: 'departed', set: { 'times.departedAt': clock.now() } };
  });
  await notifyOrderParties(clock, updated, 'order_on_the_way');
  return updated;
}

/**
 * S4: the customer's service code, shown as a QR for the engineer to scan on arrival. Order-bound, valid ten
 * minutes, single use; a new one replaces the old. Only its hash is stored.
 */
export async function issueServiceCode(clock: Clock, user: AuthUser, order: OrderRecord) {
  const code = crypto.randomBytes(12).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SERVICE_CODE_TTL_MS);
  await changeOrder(clock, order._id, actorOf(user), (current) => {
    if (!canTransition('show_service_code', current.status, user.role)) throw new AppError('illegal_transition', '工程师接单后、到达前才能出示服务码');
    return { type: 'service_code_issued', data: { expiresAt }, set: { serviceCode: { hash: sha256(code), expiresAt, usedAt: null } } };
  });
  return { serviceCode: code, expiresAt: expiresAt.toISOString(), qrText: `FXSC:${order.orderNo}:${code}` };
}

/** Accepts either the bare code or the QR text `FXSC:<orderNo>:<code>`. */
function parseServiceCode(input: string, orderNo: string): string | null {
  const m = /^FXSC:([^:]+):(.+)$/.exec(input);
  if (!m) return input;
  return m[1] === orderNo ? m[2]! : null;
}

/** S4: the engineer checks in by scanning the customer's code. Late arrival (after the slot) is recorded (S2). */
export async function checkIn(clock: Clock, user: AuthUser, order: OrderRecord, scanned: string) {
  const settings = await getSettings();
  const resolveMs = settings.resolveHours * 3600_000;
  const ratio = settings.atRiskRatio;
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    const now = clock.now();
    const code = parseServiceCode(scanned, current.orderNo);
    const sc = current.serviceCode;
    if (current.status === 'on_the_way' && (!code || !sc || sc.usedAt || sc.expiresAt <= now || sha256(code) !== sc.hash)) {
      throw new AppError('service_code_invalid');
    }
    const lateMinutes = Math.max(0, Math.round((now.getTime() - current.slot.endAt.getTime()) / 60_000));
    return {
      action: 'check_in',
      type: 'checked_in',
      data: { late: lateMinutes > 0, lateMinutes },
      // The completion clock starts on arrival.
      set: { 'serviceCode.usedAt': now, 'times.arrivedAt': now, 'sla.resolveDueAt': new Date(now.getTime() + resolveMs), 'sla.resolveRiskAt': new Date(now.getTime() + ratio * resolveMs) },
    };
  });
  await notifyOrderParties(clock, updated, 'order_arrived');
  return updated;
}

/**
 * S5: prices come from the order's catalogue version, never from the client, and what the customer pays for each
 * line is the shared rule (priceLine): a free second visit covers every price-list line, the appliance's warranty
 * the lines its policy marks; a line outside the catalogue needs a reason, is flagged, and is always charged.
 * A new quote supersedes earlier ones and needs a new confirmation.
 */
export async function quoteOrder(clock: Clock, user: AuthUser, order: OrderRecord, body: QuoteBody) {
  const catalog = await getPublishedCatalog(order.catalogVersion);
  // One pricing rule for the server and the engineer's preview (shared/src/domain/pricing.ts).
  const ctx = { inWarranty: order.appliance?.inWarranty ?? false, isRework: order.parentOrderId !== null };
  const items: QuoteItemRecord[] = body.items.map((input, i) => {
    if (input.offCatalogue) {
      return {
        code: null,
        name: input.name,
        kind: input.kind,
        unit: input.unit,
        quantity: input.quantity,
        unitPriceFen: input.unitPriceFen,
        ...priceLine({ offCatalogue: true, unitPriceFen: input.unitPriceFen, quantity: input.quantity }, ctx),
        warrantyDays: 0,
        offCatalogue: true,
        reason: input.reason,
      };
    }
    const item = findCatalogItem(catalog, input.code);
    const applies = item && item.active !== false && item.category === order.category && (item.serviceTypes.length === 0 || item.serviceTypes.includes(order.serviceType));
    if (!item || !applies) {
      throw new AppError('catalog_item_not_found', `价目表（第 ${catalog.version} 版）中没有适用于此服务的项目 ${input.code}`, {
        fields: [{ path: `items.${i}.code`, message: '价目表中没有该项目' }],
      });
    }
    return {
      code: item.code,
      name: item.name,
      kind: item.kind,
      unit: item.unit,
      quantity: input.quantity,
      unitPriceFen: item.priceFen,
      ...priceLine({ offCatalogue: false, coveredByApplianceWarranty: item.coveredByApplianceWarranty, unitPriceFen: item.priceFen, quantity: input.quantity }, ctx),
      warrantyDays: item.warrantyDays,
      offCatalogue: false,
      reason: null,
    };
  });
  const totalFen = items.reduce((sum, it) => sum + it.amountFen, 0);
  const offCatalogue = items.filter((it) => it.offCatalogue).length;
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    // The bill is the confirmed quote: once paid, it is settled and cannot change under the payment.
    if (current.payment) throw new AppError('illegal_transition', '该订单已按确认报价收款，不能再修改报价');
    const quotes = current.quotes.map((q) => (q.status === 'pending' || q.status === 'confirmed' ? { ...q, status: 'superseded' as const } : q));
    const quote: QuoteRecord = { no: current.quotes.length + 1, items, totalFen, status: 'pending', createdAt: clock.now(), decidedAt: null, rejectReason: null };
    return {
      action: 'quote',
      type: 'quoted',
      data: { quoteNo: quote.no, totalFen, items: items.length, offCatalogue, catalogVersion: catalog.version, ...(current.report ? { reportWithdrawn: true } : {}) },
      // A report describes the work of the quote it was written against: a new quote needs a new report.
      set: { quotes: [...quotes, quote], confirmedQuoteNo: null, report: null },
      ...(offCatalogue ? { inc: { offCatalogueCount: offCatalogue } } : {}),
    };
  });
  await notifyOrderParties(clock, updated, 'order_quoted');
  return updated;
}

function assertOwnPendingQuote(order: OrderRecord, user: AuthUser, quoteNo: number) {
  if (String(order.customerId) !== user.id) throw new AppError('not_found', '订单不存在');
  const latest = latestQuote(order);
  if (!latest || latest.no !== quoteNo || latest.status !== 'pending') throw new AppError('illegal_transition', '该报价已失效或已处理');
}

export async function confirmQuote(clock: Clock, user: AuthUser, order: OrderRecord, quoteNo: number) {
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertOwnPendingQuote(current, user, quoteNo);
    const now = clock.now();
    const quote = latestQuote(current)!;
    return {
      action: 'confirm_quote',
      type: 'quote_confirmed',
      data: { quoteNo, totalFen: quote.totalFen },
      set: { quotes: current.quotes.map((q) => (q.no === quoteNo ? { ...q, status: 'confirmed', decidedAt: now } : q)), confirmedQuoteNo: quoteNo },
    };
  });
  await notifyOrderParties(clock, updated, 'quote_confirmed');
  return updated;
}

export async function rejectQuote(clock: Clock, user: AuthUser, order: OrderRecord, quoteNo: number, reason: string) {
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertOwnPendingQuote(current, user, quoteNo);
    const now = clock.now();
    return {
      action: 'reject_quote',
      type: 'quote_rejected',
      data: { quoteNo, reason },
      set: { quotes: current.quotes.map((q) => (q.no === quoteNo ? { ...q, status: 'rejected', decidedAt: now, rejectReason: reason } : q)) },
    };
  });
  await notifyOrderParties(clock, updated, 'quote_rejected');
  return updated;
}

/** Work starts only on a quote the customer confirmed (the latest one). */
export async function startService(clock: Clock, user: AuthUser, order: OrderRecord) {
  return changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    const latest = latestQuote(current);
    if (current.status === 'quoted' && (!latest || latest.status !== 'confirmed' || current.confirmedQuoteNo !== latest.no)) {
      throw new AppError('quote_not_confirmed');
    }
    return { action: 'start', type: 'started', set: { 'times.startedAt': current.times.startedAt ?? clock.now() } };
  });
}

export async function waitForParts(clock: Clock, user: AuthUser, order: OrderRecord, reason: string, expectedDate: string) {
  if (expectedDate < shanghaiDay(clock.now())) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'expectedDate', message: '预计到货日期不能早于今天' }] });
  }
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    return {
      action: 'wait_for_parts',
      type: 'waiting_for_parts',
      data: { reason, expectedDate },
      set: { partsWait: { reason, expectedDate, since: clock.now() }, 'sla.pausedSince': clock.now() },
    };
  });
  await notifyOrderParties(clock, updated, 'order_waiting_parts');
  return updated;
}

export async function resumeService(clock: Clock, user: AuthUser, order: OrderRecord) {
  return changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    const since = current.sla.pausedSince ?? current.partsWait?.since ?? clock.now();
    const pausedMs = Math.max(0, clock.now().getTime() - new Date(since).getTime());
    const shift = (d: Date | null) => (d ? new Date(new Date(d).getTime() + pausedMs) : null);
    // The time spent waiting for parts does not count against the completion deadline.
    return {
      action: 'resume',
      type: 'resumed',
      data: { pausedMinutes: Math.round(pausedMs / 60_000) },
      set: {
        partsWait: null,
        'sla.pausedSince': null,
        'sla.pausedMs': (current.sla.pausedMs ?? 0) + pausedMs,
        'sla.resolveDueAt': shift(current.sla.resolveDueAt),
        'sla.resolveRiskAt': shift(current.sla.resolveRiskAt),
      },
    };
  });
}

/** Whether a report accounts for exactly the parts of a quote (price list or not), each with its evidence. */
function assertReportMatches(quote: QuoteRecord, parts: ReadonlyArray<{ code?: string | null; line?: number | null; quantity: number }>) {
  const expected = partsSummary(partsToReport(quote.items));
  const reported = partsSummary(parts);
  if (reported !== expected) throw new AppError('parts_mismatch', `报告配件（${reported || '无'}）与已确认报价（${expected || '无'}）不一致`);
}

/**
 * The service report. Parts used must be exactly the parts of the confirmed quote, in the price list or not
 * (partsToReport in shared); every replaced part carries the new part's serial and a photo of the old part. Each
 * image must be this order's upload of its purpose: report photos, the signature, old-part photos.
 */
export async function submitReport(clock: Clock, user: AuthUser, order: OrderRecord, body: ReportBody) {
  assertAssigned(order, user);
  const quote = confirmedQuote(order);
  if (!quote) throw new AppError('quote_not_confirmed');
  assertReportMatches(quote, body.partsUsed);
  await assertUploadsForOrder(String(order._id), [
    { kind: 'report_photo', ids: body.photoIds, path: 'photoIds' },
    { kind: 'signature', ids: [body.signatureId], path: 'signatureId' },
    ...body.partsUsed.map((p, i) => ({ kind: 'old_part_photo' as const, ids: [p.oldPartPhotoId], path: `partsUsed.${i}.oldPartPhotoId` })),
  ]);
  const report = {
    diagnosis: body.diagnosis,
    actions: body.actions,
    quoteNo: quote.no,
    partsUsed: body.partsUsed.map((p) => ({ code: p.code ?? null, line: p.line ?? null, quantity: p.quantity, newSerialNo: p.newSerialNo, oldPartPhotoId: new Types.ObjectId(p.oldPartPhotoId) })),
    photoIds: body.photoIds.map((id) => new Types.ObjectId(id)),
    signatureId: new Types.ObjectId(body.signatureId),
    submittedAt: clock.now(),
  };
  return changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    if (current.status !== 'in_service') throw new AppError('illegal_transition', '服务中才能提交报告');
    if (current.confirmedQuoteNo !== quote.no) throw new AppError('quote_not_confirmed');
    return { type: 'report_submitted', data: { parts: partsSummary(body.partsUsed), photos: body.photoIds.length }, set: { report } };
  });
}

/** The bill is the confirmed quote: more is refused (a new quote and confirmation are needed), less is a mismatch. */
export async function recordPayment(clock: Clock, user: AuthUser, order: OrderRecord, body: PaymentBody) {
  return changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    if (current.status !== 'in_service') throw new AppError('illegal_transition', '服务中才能收款');
    const quote = confirmedQuote(current);
    if (!quote) throw new AppError('quote_not_confirmed');
    if (current.payment) throw new AppError('conflict', '该订单已收款');
    if (body.amountFen > quote.totalFen) throw new AppError('bill_exceeds_quote', `收款 ${body.amountFen} 分超过已确认报价 ${quote.totalFen} 分`);
    if (body.amountFen !== quote.totalFen) throw new AppError('payment_mismatch', `收款 ${body.amountFen} 分与已确认报价 ${quote.totalFen} 分不一致`);
    const payment = { method: body.method, amountFen: body.amountFen, receiptNo: body.receiptNo, paidAt: clock.now(), quoteNo: quote.no };
    return { type: 'payment_recorded', data: { method: body.method, amountFen: body.amountFen, receiptNo: body.receiptNo }, set: { payment } };
  });
}

/**
 * Completed = a report and a payment, both of the confirmed quote: the parts reported are the quote's parts and the
 * amount paid is its total. Checked on the version the compare-and-set writes, so nothing can slip in between.
 */
export async function completeOrder(clock: Clock, user: AuthUser, order: OrderRecord) {
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    assertAssigned(current, user);
    if (current.status === 'in_service') {
      if (!current.report || !current.payment) throw new AppError('report_required');
      const quote = confirmedQuote(current);
      if (!quote) throw new AppError('quote_not_confirmed');
      assertReportMatches(quote, current.report.partsUsed);
      if (current.payment.amountFen !== quote.totalFen) throw new AppError('payment_mismatch', `收款 ${current.payment.amountFen} 分与已确认报价 ${quote.totalFen} 分不一致`);
    }
    return { action: 'complete', type: 'completed', set: { 'times.completedAt': clock.now() } };
  });
  await notifyOrderParties(clock, updated, 'order_completed');
  return updated;
}

export async function acceptWork(clock: Clock, user: AuthUser, order: OrderRecord) {
  const updated = await changeOrder(clock, order._id, actorOf(user), (current) => {
    if (String(current.customerId) !== user.id) throw new AppError('not_found', '订单不存在');
    return { action: 'accept_work', type: 'work_accepted', set: { 'times.closedAt': clock.now(), closedDay: shanghaiDay(clock.now()) } };
  });
  await notifyOrderParties(clock, updated, 'order_closed');
  return updated;
}

/** Closes completed orders the customer did not object to within `hours`. Idempotent: a closed order is skipped. */
export async function autoCloseCompleted(clock: Clock, hours: number): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - hours * 3600_000);
  const due = await Order.find({ status: 'completed', 'times.completedAt': { $lte: cutoff } }, { _id: 1 }).limit(500).lean();
  let closed = 0;
  for (const { _id } of due) {
    try {
      const updated = await changeOrder(clock, _id, SYSTEM_ACTOR, () => ({
        action: 'auto_close',
        type: 'auto_closed',
        data: { afterHours: hours },
        set: { 'times.closedAt': clock.now(), closedDay: shanghaiDay(clock.now()) },
      }));
      closed++;
      await notifyOrderParties(clock, updated, 'order_closed');
    } catch (err) {
      if ((err as AppError).id !== 'illegal_transition') throw err; // closed meanwhile by the customer or another instance
    }
  }
  return closed;
}

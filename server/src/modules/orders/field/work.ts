import { Types } from 'mongoose';
import { partsSummary, partsToReport, shanghaiDay, type PaymentBody, type ReportBody } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../../lib/clock';
import { assertUploadsForOrder } from '../../uploads/service';
import { runCommand, type OrderCommand } from '../command';
import { Order, type QuoteRecord } from '../model';
import { notifyOrderParties } from '../notify';
import { latestQuote } from './quotes';
import { confirmedQuote } from '../reads';

/** Work starts only on a quote the customer confirmed (the latest one). */
export function startService(clock: Clock): OrderCommand {
  return {
    action: 'start',
    build(current) {
      const latest = latestQuote(current);
      if (current.status === 'quoted' && (!latest || latest.status !== 'confirmed' || current.confirmedQuoteNo !== latest.no)) {
        throw new AppError('quote_not_confirmed');
      }
      return { type: 'started', set: { 'times.startedAt': current.times.startedAt ?? clock.now() } };
    },
  };
}

export function waitForParts(clock: Clock, reason: string, expectedDate: string): OrderCommand {
  return {
    action: 'wait_for_parts',
    build() {
      if (expectedDate < shanghaiDay(clock.now())) {
        throw new AppError('validation_failed', undefined, { fields: [{ path: 'expectedDate', message: '预计到货日期不能早于今天' }] });
      }
      return {
        type: 'waiting_for_parts',
        data: { reason, expectedDate },
        set: { partsWait: { reason, expectedDate, since: clock.now() }, 'sla.pausedSince': clock.now() },
      };
    },
    after: (updated) => notifyOrderParties(clock, updated, 'order_waiting_parts'),
  };
}

export function resumeService(clock: Clock): OrderCommand {
  return {
    action: 'resume',
    build(current) {
      const since = current.sla.pausedSince ?? current.partsWait?.since ?? clock.now();
      const pausedMs = Math.max(0, clock.now().getTime() - new Date(since).getTime());
      const shift = (d: Date | null) => (d ? new Date(new Date(d).getTime() + pausedMs) : null);
      // The time spent waiting for parts does not count against the completion deadline.
      return {
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
    },
  };
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
export function submitReport(clock: Clock, body: ReportBody): OrderCommand {
  return {
    async build(current) {
      const quote = confirmedQuote(current);
      if (!quote) throw new AppError('quote_not_confirmed');
      assertReportMatches(quote, body.partsUsed);
      await assertUploadsForOrder(String(current._id), [
        { kind: 'report_photo', ids: body.photoIds, path: 'photoIds' },
        { kind: 'signature', ids: [body.signatureId], path: 'signatureId' },
        ...body.partsUsed.map((p, i) => ({ kind: 'old_part_photo' as const, ids: [p.oldPartPhotoId], path: `partsUsed.${i}.oldPartPhotoId` })),
      ]);
      if (current.status !== 'in_service') throw new AppError('illegal_transition', '服务中才能提交报告');
      const report = {
        diagnosis: body.diagnosis,
        actions: body.actions,
        quoteNo: quote.no,
        partsUsed: body.partsUsed.map((p) => ({ code: p.code ?? null, line: p.line ?? null, quantity: p.quantity, newSerialNo: p.newSerialNo, oldPartPhotoId: new Types.ObjectId(p.oldPartPhotoId) })),
        photoIds: body.photoIds.map((id) => new Types.ObjectId(id)),
        signatureId: new Types.ObjectId(body.signatureId),
        submittedAt: clock.now(),
      };
      return { type: 'report_submitted', data: { parts: partsSummary(body.partsUsed), photos: body.photoIds.length }, set: { report } };
    },
  };
}

/** The bill is the confirmed quote: more is refused (a new quote and confirmation are needed), less is a mismatch. */
export function recordPayment(clock: Clock, body: PaymentBody): OrderCommand {
  return {
    build(current) {
      if (current.status !== 'in_service') throw new AppError('illegal_transition', '服务中才能收款');
      const quote = confirmedQuote(current);
      if (!quote) throw new AppError('quote_not_confirmed');
      if (current.payment) throw new AppError('conflict', '该订单已收款');
      if (body.amountFen > quote.totalFen) throw new AppError('bill_exceeds_quote', `收款 ${body.amountFen} 分超过已确认报价 ${quote.totalFen} 分`);
      if (body.amountFen !== quote.totalFen) throw new AppError('payment_mismatch', `收款 ${body.amountFen} 分与已确认报价 ${quote.totalFen} 分不一致`);
      // Cash may come without a voucher number (RECEIPT_NO_REQUIRED in shared): stored as ''.
      const receiptNo = body.receiptNo ?? '';
      const payment = { method: body.method, amountFen: body.amountFen, receiptNo, paidAt: clock.now(), quoteNo: quote.no };
      return { type: 'payment_recorded', data: { method: body.method, amountFen: body.amountFen, receiptNo }, set: { payment } };
    },
  };
}

/**
 * Completed = a report and a payment, both of the confirmed quote: the parts reported are the quote's parts and the
 * amount paid is its total. Checked on the version the compare-and-set writes, so nothing can slip in between.
 */
export function completeOrder(clock: Clock): OrderCommand {
  return {
    action: 'complete',
    build(current) {
      if (current.status === 'in_service') {
        if (!current.report || !current.payment) throw new AppError('report_required');
        const quote = confirmedQuote(current);
        if (!quote) throw new AppError('quote_not_confirmed');
        assertReportMatches(quote, current.report.partsUsed);
        if (current.payment.amountFen !== quote.totalFen) throw new AppError('payment_mismatch', `收款 ${current.payment.amountFen} 分与已确认报价 ${quote.totalFen} 分不一致`);
      }
      return { type: 'completed', set: { 'times.completedAt': clock.now() } };
    },
    after: (updated) => notifyOrderParties(clock, updated, 'order_completed'),
  };
}

/** The customer accepts the work: the order closes. */
export function acceptWork(clock: Clock): OrderCommand {
  return {
    action: 'accept_work',
    build: () => ({ type: 'work_accepted', set: { 'times.closedAt': clock.now(), closedDay: shanghaiDay(clock.now()) } }),
    after: (updated) => notifyOrderParties(clock, updated, 'order_closed'),
  };
}

/** Closes completed orders the customer did not object to within `hours`. Idempotent: a closed order is skipped. */
export async function autoCloseCompleted(clock: Clock, hours: number): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - hours * 3600_000);
  const due = await Order.find({ status: 'completed', 'times.completedAt': { $lte: cutoff } }, { _id: 1 }).limit(500).lean();
  let closed = 0;
  for (const { _id } of due) {
    try {
      await runCommand(clock, 'system', _id, {
        action: 'auto_close',
        build: () => ({ type: 'auto_closed', data: { afterHours: hours }, set: { 'times.closedAt': clock.now(), closedDay: shanghaiDay(clock.now()) } }),
        after: async (updated) => {
          closed++;
          await notifyOrderParties(clock, updated, 'order_closed');
        },
      });
    } catch (err) {
      if ((err as AppError).id !== 'illegal_transition') throw err; // closed meanwhile by the customer or another instance
    }
  }
  return closed;
}

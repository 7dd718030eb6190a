import { priceLine, quoteConfirmationError, type QuoteBody } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../../lib/clock';
import { findCatalogItem, getPublishedCatalog } from '../../catalog/service';
import type { CatalogItemRecord } from '../../catalog/model';
import { checkSurcharges } from './surcharges';
import type { OrderCommand } from '../command';
import type { OrderRecord, QuoteItemRecord, QuoteRecord } from '../model';
import { notifyOrderParties } from '../notify';

export function latestQuote(order: OrderRecord): QuoteRecord | undefined {
  return order.quotes.at(-1);
}


/**
 * S5: prices come from the order's catalogue version, never from the client, and what the customer pays for each
 * line is the shared rule (priceLine): a free second visit covers every price-list line, the appliance's warranty
 * the lines its policy marks; a line outside the catalogue needs a reason, is flagged, and is always charged.
 * A new quote supersedes earlier ones and needs a new confirmation.
 */
export function quoteOrder(clock: Clock, body: QuoteBody): OrderCommand {
  return {
    action: 'quote',
    async build(current) {
      const catalog = await getPublishedCatalog(current.catalogVersion);
      // One pricing rule for the server and the engineer's preview (shared/src/domain/pricing.ts).
      const ctx = { inWarranty: current.appliance?.inWarranty ?? false, isRework: current.parentOrderId !== null };
      const catalogueLines: Array<{ input: QuoteBody['items'][number]; item: CatalogItemRecord | null }> = [];
      const items: QuoteItemRecord[] = body.items.map((input, i) => {
        if (input.offCatalogue) {
          catalogueLines.push({ input, item: null });
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
            // A part outside the price list always carries evidence: the engineer cannot exempt his own line.
            serialised: input.kind === 'part',
          };
        }
        const item = findCatalogItem(catalog, input.code);
        const applies = item && item.active !== false && item.category === current.category && (item.serviceTypes.length === 0 || item.serviceTypes.includes(current.serviceType));
        if (!item || !applies) {
          throw new AppError('catalog_item_not_found', `价目表（第 ${catalog.version} 版）中没有适用于此服务的项目 ${input.code}`, {
            fields: [{ path: `items.${i}.code`, message: '价目表中没有该项目' }],
          });
        }
        catalogueLines.push({ input, item });
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
          serialised: item.kind === 'part' && item.serialised,
        };
      });
      // Issue 19: every surcharge obeys the condition the catalogue states (field/surcharges.ts).
      const heightWork = await checkSurcharges(clock, current, body, catalogueLines);
      const totalFen = items.reduce((sum, it) => sum + it.amountFen, 0);
      const offCatalogue = items.filter((it) => it.offCatalogue).length;
      // The bill is the confirmed quote: once paid, it is settled and cannot change under the payment.
      if (current.payment) throw new AppError('illegal_transition', '该订单已按确认报价收款，不能再修改报价');
      const quotes = current.quotes.map((q) => (q.status === 'pending' || q.status === 'confirmed' ? { ...q, status: 'superseded' as const } : q));
      const quote: QuoteRecord = { no: current.quotes.length + 1, items, totalFen, status: 'pending', createdAt: clock.now(), decidedAt: null, rejectReason: null };
      return {
        type: 'quoted',
        data: { quoteNo: quote.no, totalFen, items: items.length, offCatalogue, catalogVersion: catalog.version, ...(current.report ? { reportWithdrawn: true } : {}) },
        // A report describes the work of the quote it was written against: a new quote needs a new report.
        set: { quotes: [...quotes, quote], confirmedQuoteNo: null, report: null, ...(heightWork !== (current.heightWork ?? null) ? { heightWork } : {}) },
        ...(offCatalogue ? { inc: { offCatalogueCount: offCatalogue } } : {}),
      };
    },
    after: (updated) => notifyOrderParties(clock, updated, 'order_quoted'),
  };
}

/** The latest quote, still pending, is the one the customer decides on. */
function assertPendingQuote(order: OrderRecord, quoteNo: number) {
  const latest = latestQuote(order);
  if (!latest || latest.no !== quoteNo || latest.status !== 'pending') throw new AppError('illegal_transition', '该报价已失效或已处理');
}

export function confirmQuote(clock: Clock, quoteNo: number): OrderCommand {
  return {
    action: 'confirm_quote',
    build(current) {
      assertPendingQuote(current, quoteNo);
      // Issue 18: no money is confirmed right after a failed card check; a successful re-check lifts the block.
      const blocked = quoteConfirmationError(current.timeline);
      if (blocked) throw new AppError(blocked.id, blocked.message);
      const now = clock.now();
      const quote = latestQuote(current)!;
      return {
        type: 'quote_confirmed',
        data: { quoteNo, totalFen: quote.totalFen },
        set: { quotes: current.quotes.map((q) => (q.no === quoteNo ? { ...q, status: 'confirmed', decidedAt: now } : q)), confirmedQuoteNo: quoteNo },
      };
    },
    after: (updated) => notifyOrderParties(clock, updated, 'quote_confirmed'),
  };
}

export function rejectQuote(clock: Clock, quoteNo: number, reason: string): OrderCommand {
  return {
    action: 'reject_quote',
    build(current) {
      assertPendingQuote(current, quoteNo);
      const now = clock.now();
      return {
        type: 'quote_rejected',
        data: { quoteNo, reason },
        set: { quotes: current.quotes.map((q) => (q.no === quoteNo ? { ...q, status: 'rejected', decidedAt: now, rejectReason: reason } : q)) },
      };
    },
    after: (updated) => notifyOrderParties(clock, updated, 'quote_rejected'),
  };
}

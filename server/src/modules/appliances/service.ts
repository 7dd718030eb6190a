import { Types } from 'mongoose';
import {
  APPLIANCE_LIFE_TEXT,
  ORDER_STATUS_LABELS,
  categoryName,
  isRepeatedRepair,
  itemWarrantyDays,
  repairCodes,
  repairDoneAt,
  repeatRepairRate,
  repeatRepairRateText,
  secondVisitCandidate,
  secondVisitOfferText,
  serviceTypeName,
  shanghaiDay,
  shanghaiDayStart,
  addDays,
  warrantyDaysLeft,
  warrantyEndDay,
  warrantyRunning,
  workWarranty,
  type ApplianceLife,
  type ApplianceOrderFacts,
  type RepeatRepairFigure,
  type SecondVisitOfferView,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import type { OrderRecord, QuoteItemRecord } from '../orders/model';
import { closedOrdersCursor, ordersOfAppliance, type LifeOrder } from '../orders/applianceReads';
import { confirmedQuote } from '../orders/reads';
import { loadOrderFor } from '../orders/access';
import { getOwnAppliance } from '../customers/service';
import { engineerNames } from '../network/reads';
import { getSettings } from '../settings/service';
import { resolvePeriod, resolveScope } from '../analytics/period';

/** Issue 20.3: an appliance over its life, the free second visit offered at booking, and 重复维修率 (rules in applianceHistory.ts). */

const confirmedItems = (o: Pick<OrderRecord, 'quotes' | 'confirmedQuoteNo'>): QuoteItemRecord[] => confirmedQuote(o)?.items ?? [];

function facts(o: LifeOrder): ApplianceOrderFacts {
  return {
    id: String(o._id),
    orderNo: o.orderNo,
    status: o.status,
    doneAt: repairDoneAt(o.times),
    items: confirmedItems(o),
    reworkOrderId: o.reworkOrderId ? String(o.reworkOrderId) : null,
  };
}

function offerOf(orders: LifeOrder[], now: Date, defaultDays: number): SecondVisitOfferView | null {
  const c = secondVisitCandidate(orders.map(facts), now, defaultDays);
  return c ? { ...c, text: secondVisitOfferText(c) } : null;
}

/** The second visit a booking for this (own) appliance is offered, or null. */
export async function secondVisitOfferFor(clock: Clock, customerId: string, applianceId: string): Promise<SecondVisitOfferView | null> {
  const appliance = await getOwnAppliance(customerId, applianceId);
  const [orders, settings] = await Promise.all([ordersOfAppliance(customerId, appliance._id), getSettings()]);
  return offerOf(orders, clock.now(), settings.reworkWarrantyDays);
}

/**
 * What a normal booking for an appliance records while an earlier repair is under warranty (the booking calls it):
 * the original order, its confirmed labour and part codes, and whether the customer declined the offer of it.
 */
export async function repeatOfAtBooking(now: Date, customerId: string, applianceId: Types.ObjectId, declinedOrderId: string | undefined): Promise<OrderRecord['repeatOf']> {
  const [orders, settings] = await Promise.all([ordersOfAppliance(customerId, applianceId), getSettings()]);
  const c = secondVisitCandidate(orders.map(facts), now, settings.reworkWarrantyDays);
  if (!c) return null;
  const original = orders.find((o) => String(o._id) === c.orderId)!;
  return { orderId: original._id, orderNo: original.orderNo, codes: repairCodes(confirmedItems(original)), declined: declinedOrderId === c.orderId };
}

/** Whether an order counts as a repeated repair of the same fault (applianceHistory.ts). */
function repeated(o: Pick<OrderRecord, 'parentOrderId' | 'repeatOf' | 'quotes' | 'confirmedQuoteNo'>): boolean {
  return isRepeatedRepair({ parentOrderId: o.parentOrderId, repeatOf: o.repeatOf ?? null, confirmedCodes: repairCodes(confirmedItems(o)) });
}

async function buildLife(now: Date, appliance: ApplianceLife['appliance'], orders: LifeOrder[]): Promise<ApplianceLife> {
  const defaultDays = (await getSettings()).reworkWarrantyDays;
  const engineerIds = [...new Set(orders.map((o) => o.engineerId).filter(Boolean).map(String))].map((id) => new Types.ObjectId(id));
  const names = new Map((engineerIds.length ? await engineerNames(engineerIds) : []).map((e) => [String(e._id), e.name]));
  const byId = new Map(orders.map((o) => [String(o._id), o]));

  // A cancelled booking was no service on the appliance: its life lists the rest.
  const lifeOrders = orders.filter((o) => o.status !== 'cancelled').map((o) => {
    const doneAt = repairDoneAt(o.times);
    const items = confirmedItems(o);
    const warranty = doneAt ? workWarranty(items, doneAt, defaultDays) : null;
    const parent = o.parentOrderId ? byId.get(String(o.parentOrderId)) : undefined;
    return {
      id: String(o._id),
      orderNo: o.orderNo,
      day: o.slot.day,
      serviceType: o.serviceType,
      serviceName: serviceTypeName(o.serviceType),
      status: o.status,
      statusLabel: ORDER_STATUS_LABELS[o.status],
      fault: o.fault.description,
      amountFen: o.payment?.amountFen ?? confirmedQuote(o)?.totalFen ?? null,
      engineerName: o.engineerId ? (names.get(String(o.engineerId)) ?? null) : null,
      doneDay: doneAt ? shanghaiDay(doneAt) : null,
      warrantyUntil: warranty?.endDay ?? null,
      warrantyRunning: warranty?.endDay ? warrantyRunning(warranty.endDay, now) : false,
      secondVisitOf: o.parentOrderId ? { orderId: String(o.parentOrderId), orderNo: parent?.orderNo ?? '' } : null,
      secondVisitOrderId: o.reworkOrderId ? String(o.reworkOrderId) : null,
      repeatOf: o.repeatOf ? { orderId: String(o.repeatOf.orderId), orderNo: o.repeatOf.orderNo, declined: o.repeatOf.declined } : null,
      repeated: repeated(o),
    };
  });

  const parts: ApplianceLife['parts'] = [];
  const warranties: ApplianceLife['warranties'] = [];
  for (const o of orders) {
    const doneAt = repairDoneAt(o.times);
    if (o.status === 'cancelled') continue;
    const quote = o.report?.quoteNo !== undefined ? o.quotes.find((q) => q.no === o.report!.quoteNo) : confirmedQuote(o);
    const items = quote?.items ?? [];
    for (const p of o.report?.partsUsed ?? []) {
      const item = p.code ? items.find((i) => i.code === p.code) : p.line ? items[p.line - 1] : undefined;
      const days = item ? itemWarrantyDays(item) : 0;
      const until = doneAt && days > 0 ? warrantyEndDay(doneAt, days) : null;
      parts.push({
        orderId: String(o._id),
        orderNo: o.orderNo,
        name: item?.name ?? p.code ?? '配件',
        code: p.code ?? null,
        quantity: p.quantity,
        newSerialNo: p.newSerialNo,
        replacedOn: o.report?.submittedAt ? shanghaiDay(new Date(o.report.submittedAt)) : null,
        warrantyUntil: until,
        warrantyRunning: until ? warrantyRunning(until, now) : false,
      });
    }
    if (!doneAt) continue;
    for (const item of confirmedItems(o)) {
      if (item.kind === 'fee') continue;
      const days = itemWarrantyDays(item);
      if (days === 0) continue;
      const until = warrantyEndDay(doneAt, days);
      if (!warrantyRunning(until, now)) continue;
      warranties.push({ orderId: String(o._id), orderNo: o.orderNo, name: item.name, kind: item.kind, until, daysLeft: warrantyDaysLeft(until, now) });
    }
  }
  warranties.sort((a, b) => a.until.localeCompare(b.until));

  return {
    appliance,
    orders: lifeOrders,
    parts,
    warranties,
    secondVisits: lifeOrders.filter((o) => o.secondVisitOf).length,
    repeatedRepairs: lifeOrders.filter((o) => o.repeated).length,
    secondVisitOffer: offerOf(orders, now, defaultDays),
  };
}

/** The customer's own appliance over its life; another customer's is 404. */
export async function customerApplianceLife(clock: Clock, customerId: string, applianceId: string): Promise<ApplianceLife> {
  const a = await getOwnAppliance(customerId, applianceId);
  const orders = await ordersOfAppliance(customerId, a._id);
  return buildLife(
    clock.now(),
    { id: String(a._id), category: a.category, categoryName: categoryName(a.category), brand: a.brand, model: a.model, purchaseDate: a.purchaseDate, serialNo: a.serialNo ?? null },
    orders,
  );
}

/**
 * Staff: the life of the appliance an order is for. The order must be the caller's to see (a manager: their outlet's;
 * a platform admin: any), else 404; an order without a registered appliance is 404 too.
 */
export async function orderApplianceLife(clock: Clock, user: AuthUser, orderId: string): Promise<ApplianceLife> {
  const { order } = await loadOrderFor(clock, user, orderId, ['staff']);
  const applianceId = order.appliance?.applianceId;
  if (!applianceId) throw new AppError('not_found', '该订单没有登记家电');
  // The customer's appliance record, unless they deleted it (the order keeps its own copy).
  const [a, orders] = await Promise.all([getOwnAppliance(String(order.customerId), String(applianceId)).catch(() => null), ordersOfAppliance(order.customerId, applianceId)]);
  const copy = order.appliance!;
  return buildLife(
    clock.now(),
    a
      ? { id: String(a._id), category: a.category, categoryName: categoryName(a.category), brand: a.brand, model: a.model, purchaseDate: a.purchaseDate, serialNo: a.serialNo ?? null }
      : { id: null, category: order.category, categoryName: categoryName(order.category), brand: copy.brand, model: copy.model, purchaseDate: copy.purchaseDate, serialNo: null },
    orders,
  );
}

/** 重复维修率 of an outlet or the platform over a period (orders closed in it). */
export async function repeatRepairFigure(clock: Clock, user: AuthUser, query: { from?: string; to?: string; outletId?: string }): Promise<RepeatRepairFigure> {
  const period = resolvePeriod(clock, query);
  const scope = await resolveScope(user, query.outletId);
  let closed = 0;
  let secondVisits = 0;
  let repeatBookings = 0;
  const cursor = closedOrdersCursor(shanghaiDayStart(period.from), shanghaiDayStart(addDays(period.to, 1)), scope.outletId);
  for await (const o of cursor) {
    closed++;
    if (!repeated(o)) continue;
    if (o.parentOrderId) secondVisits++;
    else repeatBookings++;
  }
  const rate = repeatRepairRate(secondVisits + repeatBookings, closed);
  return {
    scope: { outletId: scope.outletId ? String(scope.outletId) : null, name: scope.name },
    period,
    closed,
    repeated: secondVisits + repeatBookings,
    secondVisits,
    repeatBookings,
    rate,
    rateText: repeatRepairRateText(rate),
    definition: APPLIANCE_LIFE_TEXT.repeatRateDefinition,
  };
}

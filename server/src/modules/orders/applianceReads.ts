import { Types } from 'mongoose';
import { Order, type OrderRecord } from './model';

/** Issue 20.3: the order reads an appliance's life and the repeated-repair figure need (modules/appliances). */

/** Enough for any real appliance's life; the newest are kept. */
const LIFE_ORDERS_MAX = 200;

export const LIFE_FIELDS = {
  orderNo: 1, status: 1, serviceType: 1, category: 1, slot: 1, fault: 1, quotes: 1, confirmedQuoteNo: 1, report: 1, payment: 1,
  engineerId: 1, parentOrderId: 1, reworkOrderId: 1, repeatOf: 1, times: 1, appliance: 1, customerId: 1, outletId: 1, createdAt: 1,
} as const;

export type LifeOrder = Pick<OrderRecord, keyof typeof LIFE_FIELDS | '_id'>;

/** A customer's orders for one appliance, newest first (on the appliance index). */
export function ordersOfAppliance(customerId: Types.ObjectId | string, applianceId: Types.ObjectId | string): Promise<LifeOrder[]> {
  return Order.find({ 'appliance.applianceId': new Types.ObjectId(String(applianceId)), customerId: new Types.ObjectId(String(customerId)) }, LIFE_FIELDS)
    .sort({ createdAt: -1 })
    .limit(LIFE_ORDERS_MAX)
    .lean<LifeOrder[]>();
}

export type RepeatFacts = Pick<OrderRecord, 'parentOrderId' | 'repeatOf' | 'quotes' | 'confirmedQuoteNo'>;

/** Orders closed in [from, upTo), of one outlet or all, as a cursor (on the status + close-time index). */
export function closedOrdersCursor(from: Date, upTo: Date, outletId: Types.ObjectId | null) {
  const filter: Record<string, unknown> = { status: 'closed', 'times.closedAt': { $gte: from, $lt: upTo } };
  if (outletId) filter.outletId = outletId;
  return Order.find(filter, { parentOrderId: 1, repeatOf: 1, quotes: 1, confirmedQuoteNo: 1 }).lean<RepeatFacts[]>().cursor({ batchSize: 500 });
}

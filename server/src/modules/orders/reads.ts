import type { Types } from 'mongoose';
import type { OrderStatus } from '@fangxin/shared';
import { Order, type OrderRecord } from './model';

/**
 * The order reads other modules need (issue 17): they call these functions instead of querying the Order model.
 * Each is the query its caller ran before, with the same filter, projection and sort, so the same index serves it.
 * A caller that reads only some fields passes its projection and gets exactly those fields back (lean, plain data).
 * This file imports nothing but the model, so any module may use it without an import cycle.
 */

type Projection = Record<string, 0 | 1>;

/** The order's confirmed quote, if any: the quote the customer agreed to (and the bill, once paid). */
export function confirmedQuote<Q extends { no: number }>(order: { quotes?: Q[] | null; confirmedQuoteNo?: number | null }): Q | undefined {
  return order.confirmedQuoteNo ? order.quotes?.find((q) => q.no === order.confirmedQuoteNo) : undefined;
}

// ---- Exports ---------------------------------------------------------------------------------------------------

/** Orders matching an export's filter, oldest first, as a cursor: the file streams with flat memory. */
export function orderExportCursor<T>(filter: Record<string, unknown>, projection: Projection, batchSize: number) {
  return Order.find(filter, projection).sort({ createdAt: 1, _id: 1 }).lean<T[]>().cursor({ batchSize });
}

// ---- Analytics rollup (keyed reads on indexed fields only: updatedAt, outletId + createdDay/closedDay, _id) ----

/** Orders changed in a range of `updatedAt` (null: every order, the first run). */
export function ordersUpdatedIn<T>(updatedAt: { $gte: Date } | { $gt: Date } | null, projection: Projection): Promise<T[]> {
  return Order.find(updatedAt ? { updatedAt } : {}, projection).lean<T[]>();
}

/** Orders of these outlets created or closed on one of these days (Asia/Shanghai day keys). */
export function ordersCreatedOrClosedOn<T>(outletIds: Types.ObjectId[], days: string[], projection: Projection): Promise<T[]> {
  return Order.find({ outletId: { $in: outletIds }, $or: [{ createdDay: { $in: days } }, { closedDay: { $in: days } }] }, projection).lean<T[]>();
}

/**
 * Today's live counts for the dashboard cards (the rollup runs every few minutes; today's cards must not wait for
 * it): orders of these outlets created on `day` (an Asia/Shanghai day key), closed on it, and waiting for dispatch
 * now. Each is one count on an index (outletId + createdDay / closedDay / status).
 */
export async function liveOrderCounts(outletIds: Types.ObjectId[], day: string) {
  const outletId = { $in: outletIds };
  const [created, closed, pending] = await Promise.all([
    Order.countDocuments({ outletId, createdDay: day }),
    Order.countDocuments({ outletId, closedDay: day }),
    Order.countDocuments({ outletId, status: 'pending' as const }),
  ]);
  return { created, closed, pending };
}

/** Orders by id (callers chunk large id lists). */
export function ordersByIds<T>(ids: Types.ObjectId[], projection: Projection): Promise<T[]> {
  return Order.find({ _id: { $in: ids } }, projection).lean<T[]>();
}

// ---- Jobs over closed orders -----------------------------------------------------------------------------------

/** Orders closed in (after, upTo], as a cursor (the caller closes it). */
export function ordersClosedBetween<T>(after: Date, upTo: Date, projection: Projection) {
  return Order.find({ status: 'closed' as const, 'times.closedAt': { $gt: after, $lte: upTo } }, projection).lean<T[]>().cursor();
}

// ---- Single orders and small lists -----------------------------------------------------------------------------

export type OrderSummary = Pick<OrderRecord, '_id' | 'orderNo' | 'outletId' | 'engineerId'>;

/** Number, outlet and engineer of one order, or null. */
export function orderSummary(id: Types.ObjectId): Promise<OrderSummary | null> {
  return Order.findById(id, { orderNo: 1, outletId: 1, engineerId: 1 }).lean<OrderSummary>();
}

/**
 * Who the order belongs to (customer, engineer, outlet), for `relationTo` in orders/access.ts; with `status` too
 * when asked. Null when there is no such order.
 */
export function orderParties(id: string | Types.ObjectId, options: { status?: boolean } = {}): Promise<OrderRecord | null> {
  const projection: Projection = options.status ? { customerId: 1, engineerUserId: 1, outletId: 1, status: 1 } : { customerId: 1, engineerUserId: 1, outletId: 1 };
  return Order.findById(id, projection).lean<OrderRecord>();
}

/** A customer's orders in these statuses, earliest slot first: their ids and catalogue versions. */
export function customerOrdersIn(customerId: Types.ObjectId, statuses: readonly OrderStatus[]): Promise<Array<Pick<OrderRecord, '_id' | 'catalogVersion'>>> {
  return Order.find({ customerId, status: { $in: statuses } }, { _id: 1, catalogVersion: 1 })
    .sort({ 'slot.startAt': 1 })
    .lean<Array<Pick<OrderRecord, '_id' | 'catalogVersion'>>>();
}

/** Whether the engineer has any order in these statuses. */
export async function engineerHasOrderIn(engineerId: Types.ObjectId, statuses: readonly OrderStatus[]): Promise<boolean> {
  return !!(await Order.exists({ engineerId, status: { $in: statuses } }));
}

/** An order by its number: its id, outlet and engineer (a warning or fine names the order it was about). */
export function orderByNo(orderNo: string): Promise<Pick<OrderRecord, '_id' | 'orderNo' | 'outletId' | 'engineerId'> | null> {
  return Order.findOne({ orderNo }, { orderNo: 1, outletId: 1, engineerId: 1 }).lean<Pick<OrderRecord, '_id' | 'orderNo' | 'outletId' | 'engineerId'>>();
}

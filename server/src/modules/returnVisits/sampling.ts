import crypto from 'node:crypto';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { OrderRecord } from '../orders/model';
import { ordersClosedBetween } from '../orders/reads';
import { getSettings } from '../settings/service';
import { ReturnVisit, ReturnVisitSampling } from './model';
import { createReturnVisitTask } from './service';

const STATE_ID = 'closed_orders';
const HOUR_MS = 3600 * 1000;
/** On the very first run, orders closed this long ago are still considered (not the whole history). */
export const FIRST_RUN_LOOKBACK_MS = 7 * 24 * HOUR_MS;
/**
 * Each run looks this far behind where the last one stopped, so an order whose close was written while the last run
 * was reading is not missed; re-considering an order is harmless (same hash, idempotent task).
 */
const OVERLAP_MS = HOUR_MS;

/**
 * Whether an order belongs to the return-visit sample at `rate` (0–1). Deterministic: the first 32 bits of the
 * SHA-256 of the order id, as a fraction of 2^32, compared with the rate. Every run and every instance picks the
 * same orders, and raising the rate only adds orders.
 */
export function inReturnVisitSample(orderId: Types.ObjectId | string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const head = crypto.createHash('sha256').update(String(orderId)).digest().readUInt32BE(0);
  return head / 2 ** 32 < rate;
}

/**
 * The sampling job: for orders closed since the last run, opens a `sample` return-visit task for those in the
 * deterministic sample, skipping orders that already have a task of any kind. Safe to repeat and to run on several
 * instances at once (the trigger's unique index keeps one task per order).
 */
export async function sampleClosedOrders(clock: Clock): Promise<{ considered: number; sampled: number; created: number }> {
  const now = clock.now();
  const state = await ReturnVisitSampling.findById(STATE_ID).lean();
  const since = new Date((state ? new Date(state.closedUntil).getTime() : now.getTime() - FIRST_RUN_LOOKBACK_MS) - OVERLAP_MS);
  const rate = (await getSettings()).returnVisitSampleRate;
  let considered = 0;
  let sampled = 0;
  let created = 0;
  const cursor = ordersClosedBetween<Pick<OrderRecord, '_id'>>(since, now, { _id: 1 });
  try {
    for await (const order of cursor) {
      considered++;
      if (!inReturnVisitSample(order._id, rate)) continue;
      sampled++;
      if (await ReturnVisit.exists({ orderId: order._id })) continue;
      if ((await createReturnVisitTask(clock, { orderId: order._id, reason: 'sample' })).created) created++;
    }
  } finally {
    await cursor.close();
  }
  // $max: a slower instance finishing later never moves the mark back.
  await ReturnVisitSampling.updateOne({ _id: STATE_ID }, { $max: { closedUntil: now } }, { upsert: true });
  return { considered, sampled, created };
}

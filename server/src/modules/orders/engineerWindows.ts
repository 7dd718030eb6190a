import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { isActive, type SlotWindowCode } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import { EngineerWindow, Order, type OrderRecord } from './model';

/** An engineer's window as one order occupies it. */
export interface Hold {
  engineerId: string;
  day: string;
  window: SlotWindowCode;
}

export const holdKey = (h: Hold) => `${h.engineerId}:${h.day}:${h.window}`;
const sameHold = (a: Hold | null, b: Hold | null) => (a && b ? holdKey(a) === holdKey(b) : a === b);

/** The window an order occupies for its engineer: only while it is active and assigned. */
export function holdOf(order: Pick<OrderRecord, 'status' | 'engineerId' | 'slot'>): Hold | null {
  if (!order.engineerId || !isActive(order.status)) return null;
  return { engineerId: String(order.engineerId), day: order.slot.day, window: order.slot.window };
}

/** A reservation this old whose order does not hold it was abandoned (its writer died between the two writes). */
const ABANDONED_AFTER_MS = 30_000;

/**
 * Reserves an engineer's window for an order: one insert on a unique key, so of two changes wanting the same
 * engineer and window at once exactly one gets it. Returns the reservation's token, which the order records
 * (`engineerHold`) when its change is written, so only that reservation is ever released for it; or null when the
 * order's newest version already holds the window (the caller's compare-and-set then fails and it decides again).
 * A reservation whose order does not hold it and that is old enough not to be a change in flight is taken over.
 */
export async function reserveEngineer(hold: Hold, orderId: Types.ObjectId): Promise<string | null> {
  const _id = holdKey(hold);
  for (let attempt = 0; attempt < 4; attempt++) {
    const token = crypto.randomUUID();
    try {
      await EngineerWindow.create({ _id, engineerId: new Types.ObjectId(hold.engineerId), orderId, token, day: hold.day, window: hold.window, createdAt: new Date() });
      return token;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const held = await EngineerWindow.findById(_id).lean();
    if (!held) continue; // released meanwhile: try again
    const holder = await Order.findById(held.orderId, { status: 1, engineerId: 1, slot: 1 }).lean<OrderRecord>();
    const occupied = !!holder && sameHold(holdOf(holder), hold);
    const ours = held.orderId.equals(orderId);
    if (ours && occupied) return null;
    if (!occupied && Date.now() - held.createdAt.getTime() >= ABANDONED_AFTER_MS) {
      await EngineerWindow.deleteOne({ _id, createdAt: held.createdAt, orderId: held.orderId });
      continue;
    }
    // Another change of this very order wants the same window right now (the same request sent twice at once).
    if (ours) throw new AppError('conflict', '订单正被同时修改，请稍后重试');
    throw new AppError('engineer_not_eligible', `该工程师在 ${hold.day} ${hold.window} 时段已有其他订单`);
  }
  throw new AppError('conflict', '工程师排班正被同时修改，请稍后重试');
}

/** Gives back one reservation: the one with this token, or (for orders written before tokens) the order's own. */
export async function releaseEngineer(hold: Hold, owner: { token?: string | null; orderId: Types.ObjectId }): Promise<void> {
  await EngineerWindow.deleteOne({ _id: holdKey(hold), ...(owner.token ? { token: owner.token } : { orderId: owner.orderId }) });
}

export { sameHold };

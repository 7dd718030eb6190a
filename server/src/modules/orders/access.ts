import { Types } from 'mongoose';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { Order, type OrderRecord } from './model';

export type Relation = 'customer' | 'engineer' | 'offered' | 'staff';

/** How the caller relates to the order, or null when it is none of theirs. */
export function relationTo(order: OrderRecord, user: AuthUser, now: Date): Relation | null {
  switch (user.role) {
    case 'customer':
      return String(order.customerId) === user.id ? 'customer' : null;
    case 'engineer':
      if (order.engineerUserId && String(order.engineerUserId) === user.id) return 'engineer';
      if (order.status === 'pending' && order.offer?.tiers.some((t) => String(t.userId) === user.id && new Date(t.releaseAt) <= now)) return 'offered';
      return null;
    case 'outlet_manager':
      return user.outletId === String(order.outletId) ? 'staff' : null;
    case 'platform_admin':
      return 'staff';
  }
}

/** Loads an order the caller may see. Anything else, including another outlet's or customer's order, is 404. */
export async function loadOrderFor(clock: Clock, user: AuthUser, id: string, allowed?: Relation[]): Promise<{ order: OrderRecord; relation: Relation }> {
  // The driver's collection directly: the same find by _id as Mongoose's lean findById, without its query machinery
  // (the order page is the most frequent read in the apps).
  const order = await Order.collection.findOne<OrderRecord>({ _id: new Types.ObjectId(id) });
  const relation = order ? relationTo(order, user, clock.now()) : null;
  if (!order || !relation || (allowed && !allowed.includes(relation))) throw new AppError('not_found', '订单不存在');
  return { order, relation };
}

import { Types } from 'mongoose';
import { canTransition, ORDER_TRANSITIONS, type Actor, type OrderAction } from '@fangxin/shared';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { Order, type OrderRecord } from './model';
import { buildEvent } from './timeline';

export interface EventActor {
  id: string | null;
  role: Actor;
  name: string;
}

/** What one change does: an optional state-machine action, the event it records, and the fields it sets. */
export interface OrderChange {
  action?: OrderAction;
  type: string;
  data?: Record<string, unknown>;
  set?: Record<string, unknown>;
  push?: Record<string, unknown>;
  inc?: Record<string, number>;
}

const MAX_ATTEMPTS = 8;

/**
 * The one way an order changes. `build` looks at the current order and either throws a domain error or returns the
 * change; the update is a compare-and-set on the timeline head, which moves with every change, so it also guards
 * the status. When another change won the race, the order is read again and `build` decides again: two managers
 * dispatching at once → the second sees `dispatched` and gets 409 illegal_transition. The status change and its
 * hash-chained event are one single-document update: there is never a change without its evidence.
 */
export async function changeOrder(
  clock: Clock,
  orderId: Types.ObjectId | string,
  actor: EventActor,
  build: (order: OrderRecord) => OrderChange,
): Promise<OrderRecord> {
  const _id = typeof orderId === 'string' ? new Types.ObjectId(orderId) : orderId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const order = await Order.findById(_id).lean<OrderRecord>();
    if (!order) throw new AppError('not_found', '订单不存在');
    const change = build(order);
    const set: Record<string, unknown> = { ...change.set };
    if (change.action) {
      if (!canTransition(change.action, order.status, actor.role)) {
        throw new AppError('illegal_transition', `当前状态（${order.status}）不能执行「${ORDER_TRANSITIONS[change.action].label}」`);
      }
      set.status = ORDER_TRANSITIONS[change.action].to;
    }
    const now = clock.now();
    const last = order.timeline.at(-1);
    const event = buildEvent(String(_id), last ? { seq: last.seq, hash: last.hash } : null, {
      type: change.type,
      at: now,
      actor: { id: actor.id, role: actor.role, name: actor.name },
      data: change.data ?? {},
    });
    const updated = await Order.findOneAndUpdate(
      { _id, timelineHead: order.timelineHead },
      {
        $set: { ...set, timelineHead: event.hash },
        $push: { ...change.push, timeline: event },
        ...(change.inc ? { $inc: change.inc } : {}),
      },
      { returnDocument: 'after', lean: true },
    );
    if (updated) return updated as OrderRecord;
  }
  throw new AppError('conflict', '订单正被同时修改，请稍后重试');
}

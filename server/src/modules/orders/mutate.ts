import { Types } from 'mongoose';
import { canTransition, ORDER_STATUS_LABELS, ORDER_TRANSITIONS, statusAfter, type Actor, type OrderAction, type TimelineEventType } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { outletFields } from '../network/reads';
import { Order, type OrderRecord } from './model';
import { buildEvent } from './timeline';
import { holdKey, holdOf, releaseEngineer, reserveEngineer, sameHold, type Hold } from './engineerWindows';
import { releaseSlot, reserveSlot, slotId } from './booking/slots';

export interface EventActor {
  id: string | null;
  role: Actor;
  name: string;
}

/** What one change does: an optional state-machine action, the event it records, and the fields it sets. */
export interface OrderChange {
  action?: OrderAction;
  type: TimelineEventType;
  data?: Record<string, unknown>;
  set?: Record<string, unknown>;
  push?: Record<string, unknown>;
  inc?: Record<string, number>;
  /**
   * Something outside the order the change needs (a second visit's slot): reserved just before the compare-and-set,
   * given back with the returned function if the compare-and-set loses or the order's own reservations fail. Once the
   * change is written it is the caller's.
   */
  reserve?: () => Promise<() => Promise<void>>;
}

const MAX_ATTEMPTS = 8;

/**
 * The one way an order changes (use cases reach it through runCommand in command.ts, which adds who may). `build`
 * looks at the current order and either throws a domain error or returns the change (it may read more, e.g. the
 * catalogue, but decides on the version it is given); the update is a compare-and-set on the timeline head, which moves with every change, so it also guards
 * the status. When another change won the race, the order is read again and `build` decides again: two managers
 * dispatching at once → the second sees `dispatched` and gets 409 illegal_transition. The status change and its
 * hash-chained event are one single-document update: there is never a change without its evidence.
 *
 * What an order occupies besides itself is kept here too, for every kind of change, so no caller can forget it:
 * - its slot (a booking of its outlet's window, held while the order is not cancelled), and
 * - its engineer's window (held while the order is active and assigned; one order per engineer and window).
 * When a change would make the order occupy something new, that is reserved atomically *before* the
 * compare-and-set (a slot with `booked < capacity`, an engineer's window on a unique key) and given back if the
 * compare-and-set loses; what the order occupied before is released only after its change is written. The release
 * is of what the order occupied in the version the compare-and-set matched, never of an earlier read.
 */
export async function changeOrder(
  clock: Clock,
  orderId: Types.ObjectId | string,
  actor: EventActor,
  build: (order: OrderRecord) => OrderChange | Promise<OrderChange>,
): Promise<OrderRecord> {
  const _id = typeof orderId === 'string' ? new Types.ObjectId(orderId) : orderId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const order = await Order.findById(_id).lean<OrderRecord>();
    if (!order) throw new AppError('not_found', '订单不存在');
    // A read taken while another change was being applied can show the new head with the old timeline (the embedded
    // engine serialises a found document outside its write lock; found by the model-based test's long run). Such a
    // read is not a version of the order: read again rather than chain an event to it.
    if (!isConsistent(order)) continue;
    const change = await build(order);
    const set: Record<string, unknown> = { ...change.set };
    if (change.action) {
      if (!canTransition(change.action, order.status, actor.role)) {
        throw new AppError('illegal_transition', `订单${ORDER_STATUS_LABELS[order.status]}，不能执行「${ORDER_TRANSITIONS[change.action].label}」`);
      }
      set.status = statusAfter(change.action, order.status);
    }
    const now = clock.now();
    const last = order.timeline.at(-1);
    const event = buildEvent(String(_id), last ? { seq: last.seq, hash: last.hash } : null, {
      type: change.type,
      at: now,
      actor: { id: actor.id, role: actor.role, name: actor.name },
      data: change.data ?? {},
    });
    const before = occupancy(order);
    const after = occupancy(order, set);
    const giveBackExtra = change.reserve ? await change.reserve() : null;
    let reserved: Awaited<ReturnType<typeof reserveNew>>;
    try {
      reserved = await reserveNew(order, before, after);
    } catch (err) {
      if (giveBackExtra) await giveBackExtra();
      throw err;
    }
    if (reserved.hold) set.engineerHold = { key: holdKey(reserved.hold.hold), token: reserved.hold.token };
    else if (before.hold && !after.hold) set.engineerHold = null;
    // The head is written last (after the event is pushed and every other field set), and the compare-and-set
    // checks the timeline's length with it, so a version that matches is whole.
    const updated = await Order.findOneAndUpdate(
      { _id, timelineHead: order.timelineHead, timeline: { $size: order.timeline.length } },
      {
        $push: { ...change.push, timeline: event },
        ...(change.inc ? { $inc: change.inc } : {}),
        $set: { ...set, timelineHead: event.hash },
      },
      { returnDocument: 'after', lean: true },
    );
    if (updated) {
      // Released only once the change is written; a lost release leaves a window counted once too often (never
      // oversold), and an engineer's window that is taken over once abandoned (engineerWindows.ts).
      if (before.slot && before.slot !== after.slot) await releaseSlot(before.slot);
      if (before.hold && !sameHold(before.hold, after.hold)) await releaseEngineer(before.hold, { token: order.engineerHold?.token, orderId: _id });
      return updated as OrderRecord;
    }
    // Another change won: give back what this attempt reserved, then decide again on the new version.
    if (reserved.slot) await releaseSlot(reserved.slot);
    if (reserved.hold) await releaseEngineer(reserved.hold.hold, { token: reserved.hold.token, orderId: _id });
    if (giveBackExtra) await giveBackExtra();
  }
  throw new AppError('conflict', '订单正被同时修改，请稍后重试');
}

/**
 * What an order occupies: its outlet's slot (unless cancelled) and its engineer's window (while active). With `set`,
 * what it would occupy after a change setting those top-level fields (every change of who does an order, when, or
 * whether it is active sets `status`, `engineerId` or `slot`).
 */
function occupancy(order: OrderRecord, set: Record<string, unknown> = {}) {
  const after = {
    status: (set.status ?? order.status) as OrderRecord['status'],
    engineerId: ('engineerId' in set ? set.engineerId : order.engineerId) as OrderRecord['engineerId'],
    slot: (set.slot ?? order.slot) as OrderRecord['slot'],
  };
  const { slot } = after;
  return {
    slot: after.status === 'cancelled' ? null : slotId(slot.outletId, slot.day, slot.window),
    slotAt: slot,
    hold: holdOf(after),
  };
}

/** Reserves what the change makes the order occupy anew; refuses the change when it is taken. */
async function reserveNew(order: OrderRecord, before: ReturnType<typeof occupancy>, after: ReturnType<typeof occupancy>) {
  const reserved: { slot: string | null; hold: { hold: Hold; token: string } | null } = { slot: null, hold: null };
  if (after.slot && after.slot !== before.slot) {
    const outlet = await outletFields(after.slotAt.outletId, 'slotCapacity');
    if (!outlet) throw new AppError('not_found', '网点不存在');
    reserved.slot = await reserveSlot(outlet, after.slotAt.day, after.slotAt.window);
    if (!reserved.slot) throw new AppError('slot_full');
  }
  if (after.hold && !sameHold(before.hold, after.hold)) {
    try {
      const token = await reserveEngineer(after.hold, order._id);
      if (token) reserved.hold = { hold: after.hold, token };
    } catch (err) {
      if (reserved.slot) await releaseSlot(reserved.slot);
      throw err;
    }
  }
  return reserved;
}

/** Whether a read order is one whole version: its head is its last event's hash and its events are numbered 1..n. */
function isConsistent(order: OrderRecord): boolean {
  const last = order.timeline.at(-1);
  return !!last && last.hash === order.timelineHead && last.seq === order.timeline.length;
}

import { Types } from 'mongoose';
import { addDays, canTransition, repairDoneAt, shanghaiDay, shanghaiDayStart, slotBounds, workWarranty, type SlotWindowCode } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { AuthUser } from '../../../core/authUser';
import type { Clock } from '../../../lib/clock';
import { getPublishedCatalog } from '../../catalog/service';
import { outletFields } from '../../network/reads';
import { getSettings } from '../../settings/service';
import { assertCustomerUploads, claimCustomerUploads } from '../../uploads/service';
import { Order, type OrderRecord } from '../model';
import { runCommand, type OrderCommand } from '../command';
import { buildEvent } from '../timeline';
import { duplicateIndex, initialSla, nextOrderNo } from '../booking/booking';
import { confirmedQuote } from '../reads';
import { isBookable, releaseSlot, reserveSlot } from '../booking/slots';
import { rankCandidates } from '../dispatch/dispatch';
import { notifyAssignment, notifyOrderParties } from '../notify';

export interface ReworkRequest {
  description: string;
  engineer: 'same' | 'different';
  slot: { day: string; window: SlotWindowCode };
  photoIds: string[];
}

/**
 * How long the original work is under warranty (shared/src/domain/applianceHistory.ts, the rule the appliance's life
 * and the booking's offer use): its longest item warranty, the platform default for items without one, counted from
 * when the order closed (else completed), covered through the end of the last Asia/Shanghai day. `until` is the last
 * covered instant.
 */
export async function reworkWarranty(order: OrderRecord): Promise<{ days: number; until: Date | null }> {
  const fallback = (await getSettings()).reworkWarrantyDays;
  const { days, endDay } = workWarranty(confirmedQuote(order)?.items ?? [], repairDoneAt(order.times), fallback);
  return { days, until: endDay ? new Date(shanghaiDayStart(addDays(endDay, 1)).getTime() - 1) : null };
}


/**
 * S8: a free second visit for the same problem within the warranty of the original work. It is a linked order at the
 * same outlet, priced 0 for covered items (see quoteOrder), with the same engineer when the customer asks for them
 * (dispatched at once when still eligible) or anyone else. One open second visit per order: the link on the
 * original is set with a compare-and-set, so two requests at once create one. The command changes the original
 * (the link, with the new visit's slot reserved before its compare-and-set); its result is the new order.
 */
export function requestRework(clock: Clock, user: AuthUser, body: ReworkRequest): OrderCommand<OrderRecord> {
  const now = clock.now();
  const childId = new Types.ObjectId();
  /** The new visit's slot, reserved by the change that links it (and given back if that loses). */
  let reserved: string | null = null;
  return {
    async build(parent) {
      if (!canTransition('request_rework', parent.status, user.role)) throw new AppError('illegal_transition', '服务完成后才能申请免费二次上门');
      const warranty = await reworkWarranty(parent);
      if (!warranty.until || now > warranty.until) {
        throw new AppError('outside_warranty', `已超出 ${warranty.days} 天保修期（截至 ${warranty.until ? shanghaiDay(warranty.until) : '—'}），无法申请免费二次上门`);
      }
      if (!isBookable(body.slot.day, body.slot.window, now)) throw new AppError('slot_unavailable');
      await assertCustomerUploads(user.id, body.photoIds);
      const outlet = await outletFields(parent.outletId, 'slotCapacity');
      if (!outlet) throw new AppError('not_found', '网点不存在');
      if (parent.reworkOrderId) throw new AppError('rework_exists');
      return {
        type: 'rework_requested',
        data: { reworkOrderId: String(childId), engineer: body.engineer, warrantyDays: warranty.days },
        set: { reworkOrderId: childId },
        reserve: async () => {
          const slot = await reserveSlot(outlet, body.slot.day, body.slot.window);
          if (!slot) throw new AppError('slot_full');
          reserved = slot;
          return async () => {
            reserved = null;
            await releaseSlot(slot);
          };
        },
      };
    },
    after: (_linked, parent) => createRework(clock, user, body, { parent, childId, slot: reserved!, now }),
  };
}

/** Creates the second visit once the original links to it; undoes the link (and frees the slot) if that fails. */
async function createRework(clock: Clock, user: AuthUser, body: ReworkRequest, made: { parent: OrderRecord; childId: Types.ObjectId; slot: string; now: Date }): Promise<OrderRecord> {
  const { parent, childId, now } = made;
  const { startAt, endAt } = slotBounds(body.slot.day, body.slot.window);
  const catalog = await getPublishedCatalog();
  const created = buildEvent(String(childId), null, {
    type: 'created',
    at: now,
    actor: { id: user.id, role: user.role, name: user.name },
    data: { rework: true, parentOrderNo: parent.orderNo, slot: `${body.slot.day} ${body.slot.window}`, engineer: body.engineer },
  });
  let child: OrderRecord;
  // A number handed out twice by the counter (see nextOrderNo) is refused by the unique index: take another.
  const createChild = async (fields: Record<string, unknown>) => {
    for (let tries = 1; ; tries++) {
      try {
        return await Order.create({ ...fields, orderNo: await nextOrderNo(now) });
      } catch (err) {
        if (duplicateIndex(err) !== 'order_no_unique' || tries >= 5) throw err;
      }
    }
  };
  try {
    const doc = await createChild({
      _id: childId,
      customerId: parent.customerId,
      outletId: parent.outletId,
      category: parent.category,
      serviceType: 'repair',
      parentOrderId: parent._id,
      reworkPreference: body.engineer,
      parentEngineerId: parent.engineerId,
      appliance: parent.appliance,
      fault: { description: body.description, photoIds: body.photoIds.map((id) => new Types.ObjectId(id)) },
      contact: parent.contact,
      slot: { outletId: parent.outletId, day: body.slot.day, window: body.slot.window, startAt, endAt },
      status: 'pending',
      catalogVersion: catalog.version,
      createdDay: shanghaiDay(now),
      closedDay: null,
      sla: await initialSla(now, startAt, endAt),
      timeline: [created],
      timelineHead: created.hash,
    });
    child = doc.toObject() as OrderRecord;
  } catch (err) {
    await releaseSlot(made.slot);
    await runCommand(clock, 'system', parent._id, {
      build: () => ({ type: 'rework_request_failed', data: { reworkOrderId: String(childId) }, set: { reworkOrderId: null } }),
    });
    throw err;
  }
  await claimCustomerUploads(user.id, childId, body.photoIds);
  await notifyOrderParties(clock, child, 'order_created');

  if (body.engineer === 'same' && parent.engineerId) {
    const same = (await rankCandidates(child)).find((c) => c.engineerId === String(parent.engineerId));
    if (same?.eligible) {
      const dispatched = await runCommand(clock, 'system', childId, {
        action: 'dispatch',
        build: () => ({
          type: 'dispatched',
          data: { engineerId: same.engineerId, engineerName: same.name, reason: '客户要求原工程师二次上门' },
          set: { engineerId: new Types.ObjectId(same.engineerId), engineerUserId: new Types.ObjectId(same.userId), 'times.dispatchedAt': clock.now() },
        }),
        after: (updated) => notifyAssignment(clock, updated),
      });
      child = dispatched.order;
    }
  }
  return child;
}

import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { REPEAT_REPAIR_SERVICE_TYPE, applianceWarranty, canTransition, isEveningWindow, noShowTermsAtBooking, shanghaiDay, slotBounds, wastedTripFee, withHotline, type CreateOrderBody } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import { idempotentRequests, type Attempt } from '../../../lib/idempotency';
import type { AuthUser } from '../../../core/authUser';
import type { Clock } from '../../../lib/clock';
import { canonicalJson, buildEvent } from '../timeline';
import { Counter, Order, type OrderRecord } from '../model';
import type { OrderCommand } from '../command';
import { isBookable, opensWindow, outletsCovering, releaseSlot } from './slots';
import { reserveBestOutlet } from './routing';
import { dispatchOnBooking } from '../dispatch/auto';
import type { DispatchDeps } from '../dispatch/dispatch';
import { categoryPolicy, getPublishedCatalog } from '../../catalog/service';
import { getOwnAddress, getOwnAppliance } from '../../customers/service';
import { repeatOfAtBooking } from '../../appliances/service';
import { notifyOrderParties } from '../notify';
import { getSettings } from '../../settings/service';
import { outletFields } from '../../network/reads';
import { assertCustomerUploads, claimCustomerUploads } from '../../uploads/service';

/** The booking as validated; callers inside the server (the demo history) may leave `urgent` out: not urgent. */
type BookingBody = Omit<CreateOrderBody, 'urgent'> & { urgent?: boolean };

export interface BookingDeps {
  clock: Clock;
  /** Dispatch at booking by the outlet's mode (offer, auto; issue 19); without it (the demo history) orders wait for a manager. */
  dispatch?: DispatchDeps;
}

/**
 * Human-readable order numbers from a per-day counter: FX20261124 + 5 digits. The embedded engine applies concurrent
 * `$inc`s correctly but may hand two callers the same returned document (measured: 3,000 parallel calls, 2,977
 * distinct values), so a number can come out twice: the order's unique index refuses the second order and its caller
 * takes another number (see bookOnce). An exact compare-and-set counter cost about 40 % of booking throughput under
 * 30 concurrent bookings, for something the index already guards.
 */
export async function nextOrderNo(now: Date): Promise<string> {
  const day = shanghaiDay(now).replaceAll('-', '');
  const counter = await Counter.findOneAndUpdate({ _id: `order:${day}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after', lean: true });
  return `FX${day}${String(counter!.seq).padStart(5, '0')}`;
}

/**
 * S1 and S2 clocks start at booking: respond within respondHours (urgentRespondHours for an urgent order, issue 19),
 * arrive by the end of the booked window.
 */
export async function initialSla(now: Date, startAt: Date, endAt: Date, urgent = false): Promise<OrderRecord['sla']> {
  const settings = await getSettings();
  const respondMs = (urgent ? Math.min(settings.urgentRespondHours, settings.respondHours) : settings.respondHours) * 3600_000;
  return {
    respondDueAt: new Date(now.getTime() + respondMs),
    respondRiskAt: new Date(now.getTime() + settings.atRiskRatio * respondMs),
    ...arriveClock(startAt, endAt, settings.atRiskRatio),
    resolveDueAt: null,
    resolveRiskAt: null,
    pausedMs: 0,
    pausedSince: null,
    atRisk: {},
    breaches: {},
  };
}

/** The arrival clock runs across the booked window: at risk once that share of the window has passed. */
export function arriveClock(startAt: Date, endAt: Date, ratio: number) {
  return { arriveDueAt: endAt, arriveRiskAt: new Date(startAt.getTime() + ratio * (endAt.getTime() - startAt.getTime())) };
}

const requestHash = (body: BookingBody) => crypto.createHash('sha256').update(canonicalJson(body)).digest('hex');

/** Bookings by Idempotency-Key: a claim is taken before the slot is reserved; the order is the key's record. */
const bookings = idempotentRequests<OrderRecord>({
  find: (key, id) => (id ? Order.findById(id).lean<OrderRecord>() : Order.findOne({ idempotencyKey: key }).lean<OrderRecord>()),
  exists: async (id) => !!(await Order.exists({ _id: id })),
  release: releaseSlot,
});

/**
 * Books a service: resolves the customer's own address and appliance, finds the outlets covering the district,
 * reserves a slot in the first one with room (atomic, never oversold), and creates the order. Idempotent: the same
 * Idempotency-Key returns the same order, also when the retries arrive concurrently and when the database went away
 * half-way through an earlier attempt (lib/idempotency.ts); the order's own unique key is a second guard.
 */
export async function createOrder(deps: BookingDeps, user: AuthUser, body: BookingBody, idempotencyKey: string): Promise<{ order: OrderRecord; created: boolean }> {
  const hash = requestHash(body);
  const now = deps.clock.now();
  const { result: order, created } = await bookings.run(`${user.id}:${idempotencyKey}`, hash, now, (attempt) => bookOnce(deps, user, body, attempt, hash, now));
  if (created) {
    await claimCustomerUploads(user.id, order._id, body.photoIds);
    await notifyOrderParties(deps.clock, order, 'order_created');
    if (deps.dispatch) return { order: await dispatchOnBooking(deps.dispatch, order), created };
  }
  return { order, created };
}

/** The index a duplicate-key error names (the embedded engine gives no keyValue), or null for other errors. */
export function duplicateIndex(err: unknown): string | null {
  if ((err as { code?: number }).code !== 11000) return null;
  return /index: (\S+)/.exec(String((err as Error).message))?.[1] ?? 'unknown';
}

/** The booking itself, run by the request that owns the Idempotency-Key; what it holds is kept in `attempt`. */
async function bookOnce(deps: BookingDeps, user: AuthUser, body: BookingBody, attempt: Attempt, hash: string, now: Date): Promise<{ result: OrderRecord; created: boolean }> {
  const address = await getOwnAddress(user.id, body.addressId);
  const appliance = body.applianceId ? await getOwnAppliance(user.id, body.applianceId) : null;
  if (appliance && appliance.category !== body.category) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'applianceId', message: '所选家电与服务品类不一致' }] });
  }
  if (body.secondVisitDeclined && !appliance) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'secondVisitDeclined', message: '没有选择家电，不能放弃免费二次上门' }] });
  }
  // Issue 20.3: booked while an earlier repair of this appliance is under warranty: recorded on the order (repeatOf).
  const repeatOf = appliance && body.serviceType === REPEAT_REPAIR_SERVICE_TYPE ? await repeatOfAtBooking(now, user.id, appliance._id, body.secondVisitDeclined) : null;
  if (!isBookable(body.slot.day, body.slot.window, now)) {
    throw new AppError('slot_unavailable', '该时段已过或超出可预约范围（可预约未来 14 天、开始前 1 小时以上的时段）');
  }
  await assertCustomerUploads(user.id, body.photoIds);
  const outlets = await outletsCovering(address.districtCode);
  if (outlets.length === 0) throw new AppError('outside_coverage', withHotline('该地址暂无服务网点覆盖，请更换地址，或致电放心服务客服咨询', (await getSettings()).hotline));

  const catalog = await getPublishedCatalog();
  const policy = categoryPolicy(catalog, body.category);
  const warranty = appliance ? applianceWarranty(appliance.purchaseDate, policy.applianceWarrantyMonths, now) : null;

  // Evening windows only at the outlets that opened them (issue 19).
  const opening = outlets.filter((o) => opensWindow(o, body.slot.window));
  if (opening.length === 0) throw new AppError('slot_unavailable', '该地址附近的网点没有开放这个晚间时段，请选择其他时段');
  // Issue 19: the covering outlet by quality score and places left (shared/domain/routing.ts), reserved atomically.
  const routed = await reserveBestOutlet(opening, body.slot.day, body.slot.window, attempt, now);
  if (!routed) throw new AppError('slot_full');
  const { outlet, routing } = routed;

  const _id = new Types.ObjectId();
  const { startAt, endAt } = slotBounds(body.slot.day, body.slot.window);
  const created = buildEvent(String(_id), null, {
    type: 'created',
    at: now,
    actor: { id: user.id, role: user.role, name: user.name },
    data: { slot: `${body.slot.day} ${body.slot.window}`, outletId: String(outlet._id), category: body.category, serviceType: body.serviceType },
  });
  const fields = {
    _id,
    customerId: new Types.ObjectId(user.id),
    outletId: outlet._id,
    category: body.category,
    serviceType: body.serviceType,
    appliance: appliance
      ? { applianceId: appliance._id, brand: appliance.brand, model: appliance.model, purchaseDate: appliance.purchaseDate, inWarranty: warranty!.inWarranty }
      : null,
    fault: { description: body.faultDescription, photoIds: body.photoIds.map((id) => new Types.ObjectId(id)) },
    contact: { name: address.contactName, phone: address.phone, districtCode: address.districtCode, detail: address.detail },
    slot: { outletId: outlet._id, day: body.slot.day, window: body.slot.window, startAt, endAt },
    status: 'pending' as const,
    createdDay: shanghaiDay(now),
    closedDay: null,
    sla: await initialSla(now, startAt, endAt, body.urgent === true),
    urgent: body.urgent === true,
    heightWork: null,
    repeatOf,
    noShowTerms: noShowTermsAtBooking(wastedTripFee(catalog.items, body.category), body.noShowFeeShownFen),
    catalogVersion: catalog.version,
    idempotencyKey: attempt.key,
    requestHash: hash,
    timeline: [created],
    timelineHead: created.hash,
    routing,
    pendingSince: now,
  };
  for (let tries = 1; ; tries++) {
    const orderNo = await nextOrderNo(now);
    attempt.resultId = _id;
    try {
      const doc = await Order.create({ ...fields, orderNo });
      return { result: doc.toObject() as OrderRecord, created: true };
    } catch (err) {
      const index = duplicateIndex(err);
      if (!index) throw err; // the insert may still have happened: giveBack looks
      attempt.resultId = null;
      if (index === 'order_idempotency_unique') {
        // An earlier attempt with this key did create its order (its claim was taken over): that is the booking.
        const existing = await Order.findOne({ idempotencyKey: attempt.key }).lean<OrderRecord>();
        if (existing) {
          await bookings.releaseHeld(attempt);
          return { result: existing, created: false };
        }
      }
      if (index !== 'order_no_unique' || tries >= 5) throw err; // a number handed out twice (see nextOrderNo): take another
    }
  }
}

/** Customers may change their booking until the cutoff before the slot; staff always may. */
function assertCustomerMayChange(clock: Clock, cutoffHours: number, user: AuthUser, order: OrderRecord) {
  if (user.role !== 'customer') return;
  const cutoff = order.slot.startAt.getTime() - cutoffHours * 3600_000;
  if (clock.now().getTime() > cutoff) {
    throw new AppError('too_late_to_change', `距预约时段不足 ${cutoffHours} 小时，请联系网点取消或改约`);
  }
}

/** Cancels a booking; the slot and the engineer's window are given back by changeOrder, once the cancellation is written. */
export function cancelOrder(deps: BookingDeps, user: AuthUser, reason: string): OrderCommand {
  return {
    action: 'cancel',
    async build(current) {
      const cutoffHours = (await getSettings()).customerChangeCutoffHours;
      if (canTransition('cancel', current.status, user.role)) assertCustomerMayChange(deps.clock, cutoffHours, user, current);
      return {
        type: 'cancelled',
        data: { reason },
        set: { cancellation: { by: user.role, reason, at: deps.clock.now() }, 'times.cancelledAt': deps.clock.now(), offer: null },
      };
    },
    after: (updated) => notifyOrderParties(deps.clock, updated, 'order_cancelled'),
  };
}

/**
 * Moves the booking to another window of the same outlet. changeOrder reserves the new window (and, for an assigned
 * order, the engineer's new window) before its compare-and-set and releases the window the order really left, so
 * any number of concurrent reschedules, cancellations and dispatches keep every counter equal to the orders holding it.
 */
export function rescheduleOrder(deps: BookingDeps, user: AuthUser, slot: { day: string; window: OrderRecord['slot']['window'] }): OrderCommand {
  return {
    async build(current) {
      const settings = await getSettings();
      if (!isBookable(slot.day, slot.window, deps.clock.now())) throw new AppError('slot_unavailable');
      if (isEveningWindow(slot.window) && !opensWindow((await outletFields(current.outletId, 'eveningWindows')) ?? {}, slot.window)) {
        throw new AppError('slot_unavailable', '负责您订单的网点没有开放这个晚间时段，请选择其他时段');
      }
      const { startAt, endAt } = slotBounds(slot.day, slot.window);
      const arrive = arriveClock(startAt, endAt, settings.atRiskRatio);
      if (!canTransition('reschedule', current.status, user.role)) throw new AppError('illegal_transition', '工程师出发后不能改约');
      assertCustomerMayChange(deps.clock, settings.customerChangeCutoffHours, user, current);
      if (current.slot.day === slot.day && current.slot.window === slot.window) {
        throw new AppError('validation_failed', undefined, { fields: [{ path: 'slot', message: '已预约该时段，请选择其他时段' }] });
      }
      return {
        type: 'rescheduled',
        data: { from: `${current.slot.day} ${current.slot.window}`, to: `${slot.day} ${slot.window}` },
        set: {
          slot: { outletId: current.slot.outletId, day: slot.day, window: slot.window, startAt, endAt },
          // A new window is a new arrival promise; an at-risk mark for the old one no longer applies.
          'sla.arriveDueAt': arrive.arriveDueAt,
          'sla.arriveRiskAt': arrive.arriveRiskAt,
          'sla.atRisk.arrive': null,
        },
      };
    },
    // The assigned engineer is busy in the new window: say so in the customer's terms.
    rephrase: (err) => (err instanceof AppError && err.id === 'engineer_not_eligible' ? new AppError('slot_full', '负责您订单的工程师在该时段已有安排，请选择其他时段') : err),
    after: (updated) => notifyOrderParties(deps.clock, updated, 'order_rescheduled'),
  };
}

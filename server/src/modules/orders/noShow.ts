import { Types } from 'mongoose';
import {
  canTransition,
  isEveningWindow,
  noShowFeeFen,
  noShowNotice,
  shanghaiDateTime,
  slotBounds,
  slotLabel,
  type NobodyHomeBody,
  type SlotWindowCode,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { notify } from '../notifications/service';
import { outletFields } from '../network/reads';
import { getSettings } from '../settings/service';
import { assertUploadsForOrder } from '../uploads/service';
import { arriveClock } from './booking/booking';
import { isBookable, opensWindow } from './booking/slots';
import { runCommand, type OrderCommand } from './command';
import { Order, type OrderRecord } from './model';
import { notifyOrderParties } from './notify';

/**
 * Issue 20.1, the customer-not-home protocol and rescheduling by agreement after departure. The rules are in
 * shared/src/domain/noShow.ts; here each step is one compare-and-set on the order (runCommand), with its timeline event.
 */

const slotText = (day: string, window: string) => `${day} ${window}`;
const hm = (d: Date) => shanghaiDateTime(d).slice(11, 16);

/** The engineer at the door, nobody answers: the wait starts (setting noShowWaitMinutes); the customer is told. */
export function reportNobodyHome(clock: Clock, orderId: string, body: NobodyHomeBody): OrderCommand {
  return {
    action: 'report_nobody_home',
    async build(current) {
      if (current.noShow && ['waiting', 'wait_over'].includes(current.noShow.state)) throw new AppError('conflict', '已经报告无人应答，正在等待客户');
      if (canTransition('report_nobody_home', current.status, 'engineer')) {
        await assertUploadsForOrder(orderId, [{ kind: 'report_photo', ids: [body.photoId], path: 'photoId' }]);
      }
      const { noShowWaitMinutes } = await getSettings();
      const now = clock.now();
      const waitUntil = new Date(now.getTime() + noShowWaitMinutes * 60_000);
      const inTime = !!current.sla?.arriveDueAt && now <= new Date(current.sla.arriveDueAt);
      return {
        type: 'nobody_home',
        data: { photoId: body.photoId, location: body.location, waitMinutes: noShowWaitMinutes, waitUntil: waitUntil.toISOString() },
        set: {
          noShow: {
            state: 'waiting',
            reportedAt: now,
            waitUntil,
            waitMinutes: noShowWaitMinutes,
            location: body.location,
            photoId: new Types.ObjectId(body.photoId),
            answeredAt: null,
            waitOverAt: null,
            endedAt: null,
            feeFen: 0,
          },
          // At the door in time: the arrival deadline is met whenever the customer opens.
          ...(inTime ? { 'sla.excused.arrive': { reason: 'at_door', at: now } } : {}),
        },
      };
    },
    after: async (updated) => {
      await notify(clock, [String(updated.customerId)], {
        type: 'order_nobody_home',
        title: '工程师已到门口',
        body: `订单 ${updated.orderNo} 的工程师已到达，但无人应答，将等待到 ${hm(updated.noShow!.waitUntil)}。如您在家，请在订单页点“我在家，马上开门”。`,
        orderId: String(updated._id),
      });
    },
  };
}

/** The customer answers while the engineer waits (or after the wait, before he ended the visit). */
export function answerDoor(clock: Clock): OrderCommand {
  return {
    action: 'answer_door',
    build(current) {
      if (!current.noShow || !['waiting', 'wait_over'].includes(current.noShow.state)) throw new AppError('conflict', '工程师没有在门口等待');
      return { type: 'customer_answered', set: { 'noShow.state': 'answered', 'noShow.answeredAt': clock.now() } };
    },
    after: async (updated) => {
      if (updated.engineerUserId) {
        await notify(clock, [String(updated.engineerUserId)], { type: 'order_customer_answered', title: '客户已回应', body: `订单 ${updated.orderNo} 的客户说在家，马上开门，请扫客户的服务码签到。`, orderId: String(updated._id) });
      }
    },
  };
}

class NotDue extends Error {}

/** Marks one ran-out wait, exactly once (compare-and-set on the state), and tells the engineer he may end the visit. */
async function markWaitOver(clock: Clock, orderId: Types.ObjectId): Promise<boolean> {
  try {
    const { order } = await runCommand(clock, 'system', orderId, {
      build(current) {
        const ns = current.noShow;
        if (current.status !== 'on_the_way' || !ns || ns.state !== 'waiting' || new Date(ns.waitUntil) > clock.now()) throw new NotDue();
        return { type: 'no_show_wait_over', data: { waitedMinutes: ns.waitMinutes }, set: { 'noShow.state': 'wait_over', 'noShow.waitOverAt': clock.now() } };
      },
    });
    if (order.engineerUserId) {
      await notify(clock, [String(order.engineerUserId)], { type: 'order_no_show_wait_over', title: '等待已到时', body: `订单 ${order.orderNo} 等待已满 ${order.noShow!.waitMinutes} 分钟，客户仍未应答，可记为上门未遇。`, orderId: String(order._id) });
    }
    return true;
  } catch (err) {
    if (err instanceof NotDue) return false;
    throw err;
  }
}

/** The job: every wait that ran out is marked once, also with several instances running. */
export async function sweepNoShowWaits(clock: Clock, limit = 200): Promise<{ waitOver: number }> {
  const due = await Order.find({ 'noShow.state': 'waiting', 'noShow.waitUntil': { $lte: clock.now() } }, { _id: 1 }).limit(limit).lean();
  let waitOver = 0;
  for (const { _id } of due) if (await markWaitOver(clock, _id)) waitOver++;
  return { waitOver };
}

/**
 * The engineer ends the visit as a customer no-show, only after the wait ran out unanswered. The order goes back to
 * 已接单 with the same engineer, waiting for the customer's new window; the arrival deadline is excused (a breach
 * marked while he waited is void), and the wasted-trip fee is due only if published and shown at booking.
 */
export function endNoShow(clock: Clock): OrderCommand {
  return {
    action: 'end_no_show',
    build(current) {
      const ns = current.noShow;
      if (!ns || ns.state === 'answered') throw new AppError('conflict', '没有等待中的无人应答记录');
      if (ns.state === 'waiting') throw new AppError('conflict', `请等待到 ${hm(new Date(ns.waitUntil))}，客户仍未应答再记为上门未遇`);
      if (ns.state !== 'wait_over') throw new AppError('conflict', '本次上门已记为上门未遇');
      const now = clock.now();
      const feeFen = noShowFeeFen(current.noShowTerms);
      return {
        type: 'no_show',
        data: { waitedMinutes: ns.waitMinutes, feeFen, feeShownAtBooking: current.noShowTerms?.shownAtBooking === true },
        set: {
          'noShow.state': 'no_show',
          'noShow.endedAt': now,
          'noShow.feeFen': feeFen,
          'sla.excused.arrive': { reason: 'no_show', at: now },
          rescheduleProposal: null,
          serviceCode: null,
        },
      };
    },
    after: async (updated) => {
      await notify(clock, [String(updated.customerId)], {
        type: 'order_no_show',
        title: '上门未遇',
        body: `订单 ${updated.orderNo}：${noShowNotice('no_show', updated.noShow?.feeFen ?? 0, '')}`,
        orderId: String(updated._id),
      });
    },
  };
}

type Slot = { day: string; window: SlotWindowCode };

/** The slot checks a reschedule makes (bookable, evening windows only where the outlet opened them), and the change. */
async function moveTo(clock: Clock, current: OrderRecord, slot: Slot) {
  if (!isBookable(slot.day, slot.window, clock.now())) throw new AppError('slot_unavailable');
  if (isEveningWindow(slot.window) && !opensWindow((await outletFields(current.outletId, 'eveningWindows')) ?? {}, slot.window)) {
    throw new AppError('slot_unavailable', '负责您订单的网点没有开放这个晚间时段，请选择其他时段');
  }
  if (current.slot.day === slot.day && current.slot.window === slot.window) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'slot', message: '已预约该时段，请选择其他时段' }] });
  }
  const { atRiskRatio } = await getSettings();
  const { startAt, endAt } = slotBounds(slot.day, slot.window);
  const arrive = arriveClock(startAt, endAt, atRiskRatio);
  return {
    slot: { outletId: current.slot.outletId, day: slot.day, window: slot.window, startAt, endAt },
    // A new window is a new arrival promise: the old one's marks and excuses are history (on the timeline).
    'sla.arriveDueAt': arrive.arriveDueAt,
    'sla.arriveRiskAt': arrive.arriveRiskAt,
    'sla.atRisk.arrive': null,
    'sla.breaches.arrive': null,
    'sla.excused.arrive': null,
  };
}

const busyEngineer = (err: unknown) => (err instanceof AppError && err.id === 'engineer_not_eligible' ? new AppError('slot_full', '工程师在该时段已有安排，请选择其他时段') : err);

/** After a no-show, the customer picks a new window: the same order, its capacity and engineer window moved. */
export function rebookAfterNoShow(clock: Clock, slot: Slot): OrderCommand {
  return {
    action: 'rebook_after_no_show',
    async build(current) {
      if (current.noShow?.state !== 'no_show') throw new AppError('conflict', '只有上门未遇的订单可以这样重新预约，其他情况请用“改约”');
      return {
        type: 'rescheduled',
        data: { from: slotText(current.slot.day, current.slot.window), to: slotText(slot.day, slot.window), afterNoShow: true },
        set: { ...(await moveTo(clock, current, slot)), 'noShow.state': 'rebooked' },
      };
    },
    rephrase: busyEngineer,
    after: (updated) => notifyOrderParties(clock, updated, 'order_rescheduled'),
  };
}

const sideOf = (user: AuthUser): 'engineer' | 'customer' => (user.role === 'engineer' ? 'engineer' : 'customer');
const otherSide = (side: 'engineer' | 'customer') => (side === 'engineer' ? '客户' : '工程师');

/** After departure, one side proposes a new window; the other is told. A newer proposal replaces an open one. */
export function proposeReschedule(clock: Clock, user: AuthUser, slot: Slot): OrderCommand {
  const by = sideOf(user);
  return {
    action: 'propose_reschedule',
    async build(current) {
      if (current.noShow?.state === 'answered') throw new AppError('conflict', '客户已应门，请先完成本次上门');
      await moveTo(clock, current, slot); // the same checks the move itself will make, so a proposal can be accepted
      return {
        type: 'reschedule_proposed',
        data: { by, to: slotText(slot.day, slot.window) },
        set: { rescheduleProposal: { by, day: slot.day, window: slot.window, proposedAt: clock.now() } },
      };
    },
    after: async (updated) => {
      const to = by === 'engineer' ? String(updated.customerId) : updated.engineerUserId ? String(updated.engineerUserId) : null;
      if (to) {
        await notify(clock, [to], {
          type: 'order_reschedule_proposed',
          title: '对方提议改约',
          body: `订单 ${updated.orderNo}：${by === 'engineer' ? '工程师' : '客户'}提议改到 ${slotLabel(slot.day, slot.window)}，请同意或不同意。`,
          orderId: String(updated._id),
        });
      }
    },
  };
}

/** The other side accepts: the order moves (capacity and engineer window reserved first, the old ones released). */
export function acceptReschedule(clock: Clock, user: AuthUser): OrderCommand {
  const side = sideOf(user);
  return {
    action: 'accept_reschedule',
    async build(current) {
      const p = current.rescheduleProposal;
      if (!p) throw new AppError('conflict', '没有待确认的改约提议');
      if (p.by === side) throw new AppError('conflict', `改约提议需要${otherSide(side)}同意`);
      return {
        type: 'reschedule_agreed',
        data: { by: p.by, from: slotText(current.slot.day, current.slot.window), to: slotText(p.day, p.window) },
        set: {
          ...(await moveTo(clock, current, { day: p.day, window: p.window })),
          rescheduleProposal: null,
          serviceCode: null,
          ...(current.noShow && current.noShow.state !== 'no_show' ? { noShow: null } : {}),
        },
      };
    },
    rephrase: busyEngineer,
    after: (updated) => notifyOrderParties(clock, updated, 'order_rescheduled'),
  };
}

export function declineReschedule(clock: Clock, user: AuthUser, reason: string): OrderCommand {
  const side = sideOf(user);
  return {
    action: 'decline_reschedule',
    build(current) {
      const p = current.rescheduleProposal;
      if (!p) throw new AppError('conflict', '没有待确认的改约提议');
      if (p.by === side) throw new AppError('conflict', `改约提议需要${otherSide(side)}答复`);
      return { type: 'reschedule_declined', data: { by: side, to: slotText(p.day, p.window), reason }, set: { rescheduleProposal: null } };
    },
    after: async (updated, before) => {
      const proposer = before.rescheduleProposal?.by === 'engineer' ? updated.engineerUserId : updated.customerId;
      if (proposer) await notify(clock, [String(proposer)], { type: 'order_reschedule_declined', title: '改约未获同意', body: `订单 ${updated.orderNo} 的改约提议未获同意${reason ? `：${reason}` : ''}。`, orderId: String(updated._id) });
    },
  };
}


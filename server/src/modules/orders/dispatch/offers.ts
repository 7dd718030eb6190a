import { Types } from 'mongoose';
import { categoryName, offerTierSize, slotLabel } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { AuthUser } from '../../../core/authUser';
import type { Clock } from '../../../lib/clock';
import type { EngineerRecord } from '../../network/model';
import { engineerOfUser } from '../../network/reads';
import { notify } from '../../notifications/service';
import type { OrderCommand } from '../command';
import { Order, type OrderRecord } from '../model';
import { notifyOrderParties } from '../notify';
import { assertEligible, rankCandidates, type DispatchDeps } from './dispatch';

/**
 * Offer mode: every eligible engineer of the outlet may take the order, higher-scored tiers first. The top third
 * sees it now, the next third after `offerTierMinutes`, the rest after twice that (shared offerTierSize). The top
 * tier is told now; each later tier is told by the `orders.offer_tiers` job when its turn comes (tellDueTiers).
 * Its result: the tiers offered.
 */
export function offerOrder(deps: DispatchDeps): OrderCommand<Array<{ engineerId: string; releaseAt: string }>> {
  return {
    async build(current) {
      const eligible = (await rankCandidates(current)).filter((c) => c.eligible);
      if (eligible.length === 0) throw new AppError('engineer_not_eligible', '没有符合条件的工程师可以接此订单');
      const now = deps.clock.now();
      const tierSize = offerTierSize(eligible.length);
      const tiers = eligible.map((c, i) => ({
        engineerId: new Types.ObjectId(c.engineerId),
        userId: new Types.ObjectId(c.userId),
        releaseAt: new Date(now.getTime() + Math.floor(i / tierSize) * deps.offerTierMinutes * 60_000),
        tier: Math.floor(i / tierSize),
      }));
      if (current.status !== 'pending') throw new AppError('illegal_transition', '只有待派单的订单可以发布抢单');
      const offeredTo = [...new Map([...(current.offeredTo ?? []), ...tiers.map((t) => t.userId)].map((id) => [String(id), id])).values()];
      return {
        type: 'offered',
        data: { engineers: tiers.length, tiers: Math.ceil(tiers.length / tierSize) },
        // Tier 0 is told now (after the write); `nextReleaseAt` is when the job tells the next one.
        set: { offer: { tiers, createdAt: now, told: 1, nextReleaseAt: tiers.find((t) => t.tier === 1)?.releaseAt ?? null }, offeredTo },
      };
    },
    async after(updated, before) {
      const { tiers } = updated.offer!;
      await notifyOfferTier(deps.clock, updated, before, tiers.filter((t) => (t.tier ?? 0) === 0).map((t) => t.userId));
      return tiers.map((t) => ({ engineerId: String(t.engineerId), releaseAt: t.releaseAt.toISOString() }));
    },
  };
}

function notifyOfferTier(clock: Clock, order: Pick<OrderRecord, '_id'>, about: Pick<OrderRecord, 'category' | 'slot'>, userIds: Types.ObjectId[]) {
  return notify(clock, userIds, {
    type: 'order_offered',
    title: '新的可接订单',
    body: `${categoryName(about.category)}，${slotLabel(about.slot.day, about.slot.window)}`,
    orderId: String(order._id),
  });
}

/**
 * The `orders.offer_tiers` job: tells each tier of an open offer once its `releaseAt` has come. Several instances may
 * run it at once: the tier count told moves by a compare-and-set (`offer.told` from what was read, on the same
 * offer), and only the instance whose update matched sends, so every tier is told exactly once. A tier whose offer
 * was taken, withdrawn or replaced meanwhile is not told.
 */
export async function tellDueTiers(clock: Clock): Promise<{ tiers: number; engineers: number }> {
  const now = clock.now();
  const due = await Order.find({ status: 'pending', 'offer.nextReleaseAt': { $lte: now } }, { offer: 1, category: 1, slot: 1 })
    .sort({ 'offer.nextReleaseAt': 1 })
    .limit(200)
    .lean<Array<Pick<OrderRecord, '_id' | 'offer' | 'category' | 'slot'>>>();
  let toldTiers = 0;
  let toldEngineers = 0;
  for (const order of due) {
    const offer = order.offer!;
    const told = offer.told ?? 1;
    const tierOf = (t: (typeof offer.tiers)[number]) => t.tier ?? 0;
    const released = offer.tiers.filter((t) => tierOf(t) >= told && t.releaseAt <= now);
    if (released.length === 0) continue;
    const nowTold = Math.max(...released.map(tierOf)) + 1;
    const next = offer.tiers.filter((t) => tierOf(t) >= nowTold).sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime())[0];
    const marked = await Order.updateOne(
      { _id: order._id, status: 'pending', 'offer.createdAt': offer.createdAt, 'offer.told': told },
      { $set: { 'offer.told': nowTold, 'offer.nextReleaseAt': next?.releaseAt ?? null } },
    );
    if (marked.modifiedCount !== 1) continue; // another instance told it, or the offer changed
    await notifyOfferTier(clock, order, order, released.map((t) => t.userId));
    toldTiers += nowTold - told;
    toldEngineers += released.length;
  }
  return { tiers: toldTiers, engineers: toldEngineers };
}

async function engineerProfile(user: AuthUser): Promise<EngineerRecord> {
  const engineer = await engineerOfUser(user.id);
  if (!engineer) throw new AppError('forbidden', '该账号没有工程师档案');
  return engineer;
}

/** Orders offered to this engineer whose release time has come (the customer's identity is not shown). */
export async function listOffers(clock: Clock, user: AuthUser) {
  const now = clock.now();
  const orders = await Order.find({ status: 'pending', 'offer.tiers': { $elemMatch: { userId: new Types.ObjectId(user.id), releaseAt: { $lte: now } } } }, { timeline: 0 })
    // Urgent orders first (issue 19), then by the booked window.
    .sort({ urgent: -1, 'slot.startAt': 1 })
    .limit(50)
    .lean<OrderRecord[]>();
  return orders;
}

/**
 * An engineer takes an order offered to them (relation `offered`). The compare-and-set makes the first one win; the
 * others, no longer offered the order when they decide again, get 409 already_taken.
 */
export function claimOrder(deps: DispatchDeps, user: AuthUser): OrderCommand {
  return {
    action: 'claim',
    async build(current) {
      const engineer = await engineerProfile(user);
      const candidate = await assertEligible(current, String(engineer._id));
      if (current.status !== 'pending' || !current.offer) throw new AppError('already_taken');
      return {
        type: 'claimed',
        data: { engineerId: String(engineer._id), engineerName: engineer.name, rank: candidate.rank },
        set: { engineerId: engineer._id, engineerUserId: new Types.ObjectId(user.id), offer: null, 'times.acceptedAt': deps.clock.now() },
      };
    },
    lost: () => new AppError('already_taken'),
    // Offered to them, and no longer open: taken by another (also when their first read already finds it so).
    wasRelated: (order, user) => (order.status !== 'pending' || !order.offer) && (order.offeredTo ?? []).some((id) => String(id) === user.id),
    after: (updated) => notifyOrderParties(deps.clock, updated, 'order_accepted'),
  };
}

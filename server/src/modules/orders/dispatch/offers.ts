import { Types } from 'mongoose';
import { categoryName } from '@fangxin/shared';
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
 * sees it now, the next third after `offerTierMinutes`, the rest after twice that. Its result: the tiers offered.
 */
export function offerOrder(deps: DispatchDeps): OrderCommand<Array<{ engineerId: string; releaseAt: string }>> {
  return {
    async build(current) {
      const eligible = (await rankCandidates(current)).filter((c) => c.eligible);
      if (eligible.length === 0) throw new AppError('engineer_not_eligible', '没有符合条件的工程师可以接此订单');
      const now = deps.clock.now();
      const tierSize = Math.max(1, Math.ceil(eligible.length / 3));
      const tiers = eligible.map((c, i) => ({
        engineerId: new Types.ObjectId(c.engineerId),
        userId: new Types.ObjectId(c.userId),
        releaseAt: new Date(now.getTime() + Math.floor(i / tierSize) * deps.offerTierMinutes * 60_000),
      }));
      if (current.status !== 'pending') throw new AppError('illegal_transition', '只有待派单的订单可以发布抢单');
      return { type: 'offered', data: { engineers: tiers.length, tiers: Math.ceil(tiers.length / tierSize) }, set: { offer: { tiers, createdAt: now } } };
    },
    async after(updated, before) {
      const { tiers, createdAt } = updated.offer!;
      await notify(deps.clock, tiers.filter((t) => t.releaseAt <= createdAt).map((t) => t.userId), {
        type: 'order_offered',
        title: '新的可接订单',
        body: `${categoryName(before.category)}，${before.slot.day} ${before.slot.window}`,
        orderId: String(updated._id),
      });
      return tiers.map((t) => ({ engineerId: String(t.engineerId), releaseAt: t.releaseAt.toISOString() }));
    },
  };
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
    .sort({ 'slot.startAt': 1 })
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
    after: (updated) => notifyOrderParties(deps.clock, updated, 'order_accepted'),
  };
}

import { Types } from 'mongoose';
import { DEFAULT_DISPATCH_MODE, type DispatchMode } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import { outletFields } from '../../network/reads';
import { runCommand, type OrderCommand } from '../command';
import { Order, type OrderRecord } from '../model';
import { notifyAssignment } from '../notify';
import { rankCandidates, type DispatchDeps } from './dispatch';
import { offerOrder } from './offers';

/**
 * Automatic dispatch (issue 19): the order goes to the best eligible engineer as dispatch ranks them (S6: skills,
 * certificates valid on the day, an active card, free in the window; by quality score, then load). Written as a
 * dispatch by the system (`dispatched` on the timeline with the system as actor), through the same compare-and-set
 * and engineer-window reservation as a manager's dispatch, so one engineer is never booked twice in a window.
 * `tried` hears which engineer the attempt chose, so a lost window reservation can try the next one.
 */
function autoDispatchCommand(deps: DispatchDeps, skip: ReadonlySet<string>, tried: (engineerId: string) => void): OrderCommand {
  return {
    action: 'dispatch',
    async build(current) {
      const best = (await rankCandidates(current)).find((c) => c.eligible && !skip.has(c.engineerId));
      if (!best) throw new AppError('engineer_not_eligible', '没有符合条件、该时段空闲的工程师');
      tried(best.engineerId);
      return {
        type: 'dispatched',
        data: { engineerId: best.engineerId, engineerName: best.name, rank: best.rank, auto: true },
        set: {
          engineerId: new Types.ObjectId(best.engineerId),
          engineerUserId: new Types.ObjectId(best.userId),
          offer: null,
          'times.dispatchedAt': deps.clock.now(),
        },
      };
    },
    after: (updated) => notifyAssignment(deps.clock, updated),
  };
}

/**
 * Assigns the order to the best eligible engineer; when that engineer's window was taken at the same moment (the
 * reservation refuses), the next one is tried. Null when nobody is eligible (the order keeps waiting).
 */
export async function autoDispatch(deps: DispatchDeps, orderId: Types.ObjectId): Promise<OrderRecord | null> {
  const skip = new Set<string>();
  for (let attempt = 0; attempt < 6; attempt++) {
    let chosen: string | null = null;
    try {
      return (await runCommand(deps.clock, 'system', orderId, autoDispatchCommand(deps, skip, (id) => (chosen = id)))).order;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.id === 'conflict') continue; // the engineer's window was being reserved at this very moment: decide again
      if (err.id !== 'engineer_not_eligible') throw err;
      if (!chosen || skip.has(chosen)) return null; // nobody eligible
      skip.add(chosen); // that engineer's window was just taken: the next one
    }
  }
  return null;
}

/** The outlet's dispatch mode (manual for outlets stored before modes existed). */
export async function dispatchModeOf(outletId: Types.ObjectId): Promise<DispatchMode> {
  return (await outletFields(outletId, 'dispatchMode'))?.dispatchMode ?? DEFAULT_DISPATCH_MODE;
}

/**
 * Hands the order on as its outlet's mode says: `auto` assigns the best eligible engineer, `offer` offers it in
 * tiers; `manual` leaves it to the manager. Returns what was done, and the order as it is now.
 */
export async function dispatchByMode(
  deps: DispatchDeps,
  order: OrderRecord,
  mode: DispatchMode,
): Promise<{ outcome: 'auto_dispatched' | 'offered' | 'no_engineer' | 'manual'; order: OrderRecord }> {
  if (mode === 'manual') return { outcome: 'manual', order };
  try {
    if (mode === 'auto') {
      const assigned = await autoDispatch(deps, order._id);
      if (assigned) return { outcome: 'auto_dispatched', order: assigned };
    } else {
      return { outcome: 'offered', order: (await runCommand(deps.clock, 'system', order._id, offerOrder(deps))).order };
    }
  } catch (err) {
    // Nobody eligible, the order moved on meanwhile (dispatched, cancelled), or it is being changed right now: it
    // stays as it is, for the manager or the escalation.
    if (!(err instanceof AppError)) throw err;
  }
  return { outcome: 'no_engineer', order: (await Order.findById(order._id).lean<OrderRecord>()) ?? order };
}

/** At booking: an outlet in `auto` or `offer` mode hands the new order on at once; the booking never fails for it. */
export async function dispatchOnBooking(deps: DispatchDeps, order: OrderRecord): Promise<OrderRecord> {
  return (await dispatchByMode(deps, order, await dispatchModeOf(order.outletId))).order;
}

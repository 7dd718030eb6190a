import { ESCALATION_OUTCOME_LABELS, escalationDueAt, type EscalationOutcome } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../../lib/clock';
import { notify } from '../../notifications/service';
import { getSettings } from '../../settings/service';
import { activeAdminIds, activeManagerIds } from '../../users/reads';
import { runCommand, type OrderCommand } from '../command';
import { Order, type OrderRecord } from '../model';
import { dispatchByMode, dispatchModeOf } from './auto';
import type { DispatchDeps } from './dispatch';

/** Thrown by the escalation's build when the order no longer needs it; the job passes over it. */
const NOT_DUE = 'not_due';

/**
 * Escalates one order left waiting for dispatch: one `escalated` event on its timeline, written by a compare-and-set
 * on the version that is still pending, unescalated and past its time — so with several instances running the job,
 * exactly one writes it and the others find it done.
 */
function escalateCommand(clock: Clock, minutes: number): OrderCommand {
  return {
    build(current) {
      const now = clock.now();
      const due = current.status === 'pending' && !current.escalation && current.pendingSince && escalationDueAt(current.pendingSince, minutes) <= now;
      if (!due) throw new AppError('illegal_transition', NOT_DUE);
      return {
        type: 'escalated',
        data: { afterMinutes: minutes },
        set: { escalation: { at: now, afterMinutes: minutes, outcome: 'no_engineer' satisfies EscalationOutcome } },
      };
    },
  };
}

/**
 * The `orders.dispatch_escalation` job (issue 19): every order still pending `dispatchEscalationMinutes` (a setting)
 * after it started waiting — booking, or the last decline — is escalated once: recorded on its timeline, then handed
 * on automatically (auto-assigned in an `auto` outlet, otherwise offered to the outlet's eligible engineers in tiers),
 * and the outlet's managers and the platform admins are told what happened.
 */
export async function escalateUndispatched(deps: DispatchDeps): Promise<{ escalated: number; offered: number; autoDispatched: number; noEngineer: number }> {
  const minutes = (await getSettings()).dispatchEscalationMinutes;
  const cutoff = new Date(deps.clock.now().getTime() - minutes * 60_000);
  const due = await Order.find({ status: 'pending', pendingSince: { $lte: cutoff }, escalation: null }, { _id: 1 })
    .sort({ pendingSince: 1 })
    .limit(100)
    .lean<Array<Pick<OrderRecord, '_id'>>>();
  const counts = { escalated: 0, offered: 0, autoDispatched: 0, noEngineer: 0 };
  for (const { _id } of due) {
    let escalated: OrderRecord;
    try {
      escalated = (await runCommand(deps.clock, 'system', _id, escalateCommand(deps.clock, minutes))).order;
    } catch (err) {
      if (err instanceof AppError && err.message === NOT_DUE) continue; // dispatched, cancelled or escalated meanwhile
      throw err;
    }
    counts.escalated++;
    const mode = await dispatchModeOf(escalated.outletId);
    // A manual outlet's order is offered: someone must take it now.
    const { outcome } = await dispatchByMode(deps, escalated, mode === 'auto' ? 'auto' : 'offer');
    const result: EscalationOutcome = outcome === 'auto_dispatched' || outcome === 'offered' ? outcome : 'no_engineer';
    if (result !== 'no_engineer') {
      await Order.updateOne({ _id, 'escalation.at': escalated.escalation!.at }, { $set: { 'escalation.outcome': result } });
    }
    if (result === 'offered') counts.offered++;
    else if (result === 'auto_dispatched') counts.autoDispatched++;
    else counts.noEngineer++;
    await notify(deps.clock, [...(await activeManagerIds(escalated.outletId)), ...(await activeAdminIds())], {
      type: 'order_escalated',
      title: '订单超时未派单',
      body: `订单 ${escalated.orderNo} 已超过 ${minutes} 分钟未派单：${ESCALATION_OUTCOME_LABELS[result].zh}`,
      orderId: String(_id),
    });
  }
  return counts;
}

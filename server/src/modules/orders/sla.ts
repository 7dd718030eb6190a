import { orderDeadlines, SLA_CLOCK_LABELS, type SlaClock } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../core/errors';
import { activeManagerIds } from '../users/reads';
import { notify } from '../notifications/service';
import { Order, type OrderRecord } from './model';
import { runCommand } from './command';

/** Statuses in which each clock is still running (once past them, the clock was met or missed). */
const OPEN: Record<SlaClock, OrderRecord['status'][]> = {
  respond: ['pending', 'dispatched'],
  arrive: ['pending', 'dispatched', 'accepted', 'on_the_way'],
  // awaiting_parts is absent on purpose: the completion clock is paused while waiting for parts.
  resolve: ['arrived', 'quoted', 'in_service'],
};

const DUE_FIELD: Record<SlaClock, 'respondDueAt' | 'arriveDueAt' | 'resolveDueAt'> = { respond: 'respondDueAt', arrive: 'arriveDueAt', resolve: 'resolveDueAt' };
const RISK_FIELD: Record<SlaClock, 'respondRiskAt' | 'arriveRiskAt' | 'resolveRiskAt'> = { respond: 'respondRiskAt', arrive: 'arriveRiskAt', resolve: 'resolveRiskAt' };

class AlreadyMarked extends Error {}

async function managersOf(order: OrderRecord): Promise<string[]> {
  return (await activeManagerIds(order.outletId)).map(String);
}

/**
 * Marks one clock of one order at risk or breached, exactly once: the mark and its timeline event are one
 * compare-and-set update, and a sweeper that lost the race sees the mark and stops.
 */
async function mark(clock: Clock, orderId: OrderRecord['_id'], which: SlaClock, kind: 'atRisk' | 'breaches'): Promise<OrderRecord | null> {
  try {
    const { order } = await runCommand(clock, 'system', orderId, {
      build(current) {
        const now = clock.now();
        const due = current.sla?.[DUE_FIELD[which]];
        const threshold = kind === 'breaches' ? due : current.sla?.[RISK_FIELD[which]];
        if (current.sla?.[kind]?.[which] || !OPEN[which].includes(current.status) || !threshold || new Date(threshold) > now) throw new AlreadyMarked();
        // Issue 20.1: an excused deadline (the engineer at the door in time, or a customer no-show) is never marked.
        if (current.sla?.excused?.[which]) throw new AlreadyMarked();
        return {
          type: kind === 'breaches' ? 'sla_breached' : 'sla_at_risk',
          data: { clock: which, dueAt: due },
          set: { [`sla.${kind}.${which}`]: now },
        };
      },
    });
    return order;
  } catch (err) {
    if (err instanceof AlreadyMarked || (err instanceof AppError && err.id === 'illegal_transition')) return null;
    throw err;
  }
}

/**
 * S1/S2 sweeper: flags orders whose clocks passed the at-risk share (80% by default) and records breaches, notifying
 * the outlet's managers. Idempotent and safe with several instances (each mark is recorded once, see `mark`).
 */
export async function sweepOrderDeadlines(clock: Clock, limit = 500): Promise<{ atRisk: number; breached: number }> {
  const now = clock.now();
  let atRisk = 0;
  let breached = 0;
  for (const which of ['respond', 'arrive', 'resolve'] as const) {
    for (const kind of ['breaches', 'atRisk'] as const) {
      const field = kind === 'breaches' ? DUE_FIELD[which] : RISK_FIELD[which];
      const due = await Order.find(
        { status: { $in: OPEN[which] }, [`sla.${field}`]: { $lte: now }, [`sla.${kind}.${which}`]: null, [`sla.excused.${which}`]: null },
        { _id: 1 },
      )
        .limit(limit)
        .lean();
      for (const { _id } of due) {
        const order = await mark(clock, _id, which, kind);
        if (!order) continue;
        if (kind === 'breaches') breached++;
        else atRisk++;
        // The order's own words for the clock (24 小时内接单响应: the hours it was promised at booking).
        const label = orderDeadlines(order, now).find((d) => d.clock === which)?.label ?? SLA_CLOCK_LABELS[which];
        await notify(clock, await managersOf(order), {
          type: kind === 'breaches' ? 'sla_breached' : 'sla_at_risk',
          title: kind === 'breaches' ? '订单已超时' : '订单即将超时',
          body: `订单 ${order.orderNo}「${label}」${kind === 'breaches' ? '已超时' : '即将超时'}，请及时处理`,
          orderId: String(order._id),
        });
      }
    }
  }
  return { atRisk, breached };
}

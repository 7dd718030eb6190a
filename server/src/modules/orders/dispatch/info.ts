import { escalationDueAt, type OrderDispatchInfo } from '@fangxin/shared';
import { outletNames } from '../../network/reads';
import { getSettings } from '../../settings/service';
import type { OrderRecord } from '../model';
import { dispatchModeOf } from './auto';

const iso = (d: Date | string) => new Date(d).toISOString();

/** How an order was routed and is being dispatched, for its outlet's staff. */
export async function orderDispatchInfo(order: OrderRecord): Promise<OrderDispatchInfo> {
  const [mode, settings] = await Promise.all([dispatchModeOf(order.outletId), getSettings()]);
  const routing = order.routing ?? null;
  const names = routing ? new Map((await outletNames(routing.alternatives.map((a) => a.outletId))).map((o) => [String(o._id), o.name])) : new Map<string, string>();
  const escalation = order.escalation ?? null;
  const offer = order.offer;
  const tiers = new Map<number, { tier: number; engineers: number; releaseAt: string; told: boolean }>();
  for (const t of offer?.tiers ?? []) {
    const tier = t.tier ?? 0;
    const entry = tiers.get(tier) ?? { tier, engineers: 0, releaseAt: iso(t.releaseAt), told: tier < (offer!.told ?? 1) };
    entry.engineers++;
    tiers.set(tier, entry);
  }
  return {
    mode,
    routing: routing
      ? {
          outletId: String(routing.outletId),
          reason: routing.reason,
          score: routing.score,
          remaining: routing.remaining,
          // Today's names (an outlet may have been renamed since).
          alternatives: routing.alternatives.map((a) => ({ outletId: String(a.outletId), name: names.get(String(a.outletId)) ?? a.name, score: a.score, remaining: a.remaining, rank: a.rank })),
          decidedAt: iso(routing.decidedAt),
        }
      : null,
    escalation: escalation ? { at: iso(escalation.at), afterMinutes: escalation.afterMinutes, outcome: escalation.outcome } : null,
    escalationDueAt:
      order.status === 'pending' && !escalation && order.pendingSince ? escalationDueAt(new Date(order.pendingSince), settings.dispatchEscalationMinutes).toISOString() : null,
    offer: offer && order.status === 'pending' ? { tiers: [...tiers.values()].sort((a, b) => a.tier - b.tier) } : null,
  };
}

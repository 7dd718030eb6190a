/**
 * Dispatch across outlets and inside one (issue 19): which covering outlet a booking goes to, how each outlet hands
 * its orders to engineers, and when an order nobody dispatched is escalated. Written once here; the server enforces
 * it, the admin shows it in these words (zh-CN for both apps, English for the admin).
 */

/** How an outlet hands its new orders to engineers. */
export const DISPATCH_MODES = ['manual', 'offer', 'auto'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];
export const DEFAULT_DISPATCH_MODE: DispatchMode = 'manual';

export const DISPATCH_MODE_LABELS: Record<DispatchMode, { zh: string; en: string; hintZh: string; hintEn: string }> = {
  manual: {
    zh: '人工派单',
    en: 'Manual dispatch',
    hintZh: '网点经理按推荐排名选择工程师派单',
    hintEn: 'The manager picks the engineer from the ranked suggestions',
  },
  offer: {
    zh: '分批抢单',
    en: 'Offers in tiers',
    hintZh: '新订单自动发给符合条件的工程师抢单，质量分高的一批先看到，之后每批依次通知',
    hintEn: 'New orders are offered to eligible engineers, higher-scored tiers first; each later tier is told when its turn comes',
  },
  auto: {
    zh: '自动派单',
    en: 'Automatic dispatch',
    hintZh: '新订单自动派给质量分最高、该时段空闲的合格工程师',
    hintEn: 'New orders go at once to the best-scored eligible engineer who is free in the window',
  },
};

export function dispatchModeLabel(mode: DispatchMode | string, lang: 'zh' | 'en' = 'zh'): string {
  const label = (DISPATCH_MODE_LABELS as Record<string, (typeof DISPATCH_MODE_LABELS)[DispatchMode]>)[mode];
  return label ? label[lang] : lang === 'en' ? 'Manual dispatch' : '人工派单';
}

// ---- Which outlet takes a booking ------------------------------------------------------------------------------

/** A covering outlet as routing sees it: its stored quality score (null: 暂无评分) and the places left in the window. */
export interface OutletOption {
  id: string;
  code: string;
  name: string;
  score: number | null;
  remaining: number;
}

/**
 * The routing rule. Among the outlets covering the customer's district that have room in the chosen window:
 * 1. scored outlets first, higher quality score first;
 * 2. an outlet without a score yet (暂无评分: no order in the last 90 days) ranks after every scored outlet — a new
 *    outlet earns its place by the orders it gets when the scored ones are full, and is never preferred to a proven one;
 * 3. equal scores (or both unscored): more places left in the window first, spreading the load;
 * 4. then by outlet code, so the choice is stable.
 * Outlets without room come last (they are tried only in case a place was given back meanwhile).
 */
export function compareOutlets(a: OutletOption, b: OutletOption): number {
  const roomA = a.remaining > 0;
  const roomB = b.remaining > 0;
  if (roomA !== roomB) return roomA ? -1 : 1;
  const scoredA = a.score !== null;
  const scoredB = b.score !== null;
  if (scoredA !== scoredB) return scoredA ? -1 : 1;
  if (scoredA && scoredB && a.score !== b.score) return b.score! - a.score!;
  if (a.remaining !== b.remaining) return b.remaining - a.remaining;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** The covering outlets in the order a booking tries them (the rule of compareOutlets). */
export function rankOutletOptions<T extends OutletOption>(options: readonly T[]): T[] {
  return [...options].sort(compareOutlets);
}

export const ROUTING_REASONS = ['only_outlet', 'only_capacity', 'best_score', 'tie_capacity', 'tie_code', 'unscored', 'fallback_full'] as const;
export type RoutingReason = (typeof ROUTING_REASONS)[number];

export const ROUTING_REASON_LABELS: Record<RoutingReason, { zh: string; en: string }> = {
  only_outlet: { zh: '只有该网点覆盖这个区域', en: 'The only outlet covering this district' },
  only_capacity: { zh: '该时段只有该网点还有名额', en: 'The only covering outlet with room in this window' },
  best_score: { zh: '有名额的网点中质量分最高', en: 'Highest quality score among the outlets with room' },
  tie_capacity: { zh: '质量分相同，该网点剩余名额更多', en: 'Same quality score; this outlet had more places left' },
  tie_code: { zh: '质量分和剩余名额都相同，按网点编号选择', en: 'Same score and places left; chosen by outlet code' },
  unscored: { zh: '有名额的网点都暂无评分，按剩余名额选择', en: 'No outlet with room has a score yet; chosen by places left' },
  fallback_full: { zh: '排名更靠前的网点在预约时刚好约满，顺延到该网点', en: 'The higher-ranked outlets filled up while booking; the next one took it' },
};

export function routingReasonText(reason: RoutingReason | string, lang: 'zh' | 'en' = 'zh'): string {
  const label = (ROUTING_REASON_LABELS as Record<string, { zh: string; en: string }>)[reason];
  return label ? label[lang] : lang === 'en' ? 'Chosen by the routing rule' : '按分配规则选择';
}

export interface RoutingDecision {
  outletId: string;
  reason: RoutingReason;
  score: number | null;
  remaining: number;
  /** Every covering outlet as it was ranked (the chosen one included), best first. */
  alternatives: Array<{ outletId: string; code: string; name: string; score: number | null; remaining: number; rank: number }>;
}

/**
 * Why the booking went to `chosenId`, given every covering outlet as read before reserving (`options`) and the one
 * whose reservation succeeded. Pure: the reservation itself is the server's (atomic, never oversold).
 */
export function routingDecision(options: readonly OutletOption[], chosenId: string): RoutingDecision {
  const ranked = rankOutletOptions(options);
  const index = ranked.findIndex((o) => o.id === chosenId);
  if (index < 0) throw new Error('routingDecision: the chosen outlet is not among the options');
  const chosen = ranked[index]!;
  const withRoom = ranked.filter((o) => o.remaining > 0);
  const next = ranked[index + 1];
  let reason: RoutingReason;
  if (ranked.length === 1) reason = 'only_outlet';
  else if (index > 0) reason = 'fallback_full';
  else if (withRoom.length <= 1) reason = 'only_capacity';
  else if (chosen.score === null) reason = 'unscored';
  else if (!next || next.score !== chosen.score) reason = 'best_score';
  else if (next.remaining !== chosen.remaining) reason = 'tie_capacity';
  else reason = 'tie_code';
  return {
    outletId: chosen.id,
    reason,
    score: chosen.score,
    remaining: chosen.remaining,
    alternatives: ranked.map((o, i) => ({ outletId: o.id, code: o.code, name: o.name, score: o.score, remaining: o.remaining, rank: i + 1 })),
  };
}

// ---- Offers in tiers -------------------------------------------------------------------------------------------

/** Offer tiers: the ranked eligible engineers in thirds (at least one engineer per tier). */
export function offerTierSize(eligible: number): number {
  return Math.max(1, Math.ceil(eligible / 3));
}

// ---- Escalation --------------------------------------------------------------------------------------------------

/** What happened when an order left undispatched was escalated. */
export const ESCALATION_OUTCOMES = ['offered', 'auto_dispatched', 'no_engineer'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

export const ESCALATION_OUTCOME_LABELS: Record<EscalationOutcome, { zh: string; en: string }> = {
  offered: { zh: '已自动发给合格工程师分批抢单', en: 'Offered automatically to the eligible engineers in tiers' },
  auto_dispatched: { zh: '已自动派给最合适的工程师', en: 'Dispatched automatically to the best eligible engineer' },
  no_engineer: { zh: '暂无符合条件的工程师，请网点尽快人工处理', en: 'No eligible engineer: the outlet must act now' },
};

/** The escalation in words: `未派单超过 120 分钟，已通知网点经理和平台`. */
export function escalationText(afterMinutes: number, lang: 'zh' | 'en' = 'zh'): string {
  return lang === 'en'
    ? `Not dispatched within ${afterMinutes} minutes; the outlet manager and the platform were told`
    : `超过 ${afterMinutes} 分钟未派单，已通知网点经理和平台`;
}

/** When a pending order is escalated: `minutes` after it started waiting for dispatch. */
export function escalationDueAt(pendingSince: Date, minutes: number): Date {
  return new Date(pendingSince.getTime() + minutes * 60_000);
}

import { arrivalVerdict, type ArrivalSlot } from './arrival';
import { respondDeadlineLabel } from './promises';

/**
 * Order deadlines (S1 respond, S2 arrive, and completion), as the customer and staff see them. The server stores
 * each clock's due time when it starts; this pure function turns an order's times into a list with a state each.
 */
export type SlaClock = 'respond' | 'arrive' | 'resolve';

/** The clocks' names without a number (filters, timeline entries); an order's own list says its hours (`orderDeadlines`). */
export const SLA_CLOCK_LABELS: Record<SlaClock, string> = {
  respond: '按时接单响应',
  arrive: '预约时段内上门',
  resolve: '到达后按时完工',
};

export interface SlaFields {
  respondDueAt: Date | string;
  arriveDueAt: Date | string;
  resolveDueAt?: Date | string | null;
  pausedSince?: Date | string | null;
  atRisk?: Partial<Record<SlaClock, Date | string>>;
  breaches?: Partial<Record<SlaClock, Date | string>>;
  /** Issue 20.1 (noShow.ts): at_door = nobody home reported in time (met); no_show = the customer was not home (void). */
  excused?: Partial<Record<SlaClock, { reason: 'at_door' | 'no_show' | 'appeal'; at: Date | string } | null>>;
}

export interface DeadlineInput {
  status: string;
  /** The booked slot: an arrival before the on-time period (the shared arrival rule) is `early`, not `met`. */
  slot?: ArrivalSlot | null;
  /** The order's timeline: its `created` event is when the respond clock started (the hours promised, in the label). */
  timeline?: ReadonlyArray<{ type: string; at: Date | string }>;
  sla?: SlaFields | null;
  times: Partial<Record<'acceptedAt' | 'arrivedAt' | 'completedAt' | 'cancelledAt', Date | string>>;
}

export type DeadlineState = 'met' | 'early' | 'missed' | 'pending' | 'at_risk' | 'breached' | 'paused' | 'not_started' | 'void';

export interface Deadline {
  clock: SlaClock;
  label: string;
  dueAt: string | null;
  doneAt: string | null;
  state: DeadlineState;
}

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

/** 24 小时内接单响应: the hours this order was promised at booking (the setting then in force), from its timeline. */
function respondLabel(order: DeadlineInput, due: Date | null): string {
  const created = order.timeline?.find((e) => e.type === 'created');
  const hours = due && created ? Math.round((due.getTime() - new Date(created.at).getTime()) / 3_600_000) : 0;
  return hours > 0 ? respondDeadlineLabel(hours) : SLA_CLOCK_LABELS.respond;
}

export function orderDeadlines(order: DeadlineInput, now: Date): Deadline[] {
  const sla = order.sla;
  if (!sla) return [];
  const cancelled = order.status === 'cancelled';
  const one = (clock: SlaClock, dueAt: Date | string | null | undefined, doneAt: Date | string | undefined): Deadline => {
    const due = dueAt ? new Date(dueAt) : null;
    let state: DeadlineState;
    const excused = sla.excused?.[clock];
    if (!due) state = cancelled ? 'void' : 'not_started';
    else if (excused?.reason === 'no_show') state = 'void';
    else if (excused?.reason === 'at_door' && !doneAt) state = 'met';
    else if (doneAt && clock === 'arrive' && order.slot && arrivalVerdict(order.slot, new Date(doneAt)).timing === 'early') state = 'early';
    else if (doneAt) state = new Date(doneAt) <= due ? 'met' : 'missed';
    else if (cancelled) state = 'void';
    else if (clock === 'resolve' && sla.pausedSince) state = 'paused';
    else if (sla.breaches?.[clock] || now > due) state = 'breached';
    else if (sla.atRisk?.[clock]) state = 'at_risk';
    else state = 'pending';
    return { clock, label: clock === 'respond' ? respondLabel(order, due) : SLA_CLOCK_LABELS[clock], dueAt: iso(due), doneAt: iso(doneAt), state };
  };
  return [
    one('respond', sla.respondDueAt, order.times.acceptedAt),
    one('arrive', sla.arriveDueAt, order.times.arrivedAt),
    one('resolve', sla.resolveDueAt, order.times.completedAt),
  ];
}

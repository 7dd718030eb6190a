import type { Types } from 'mongoose';
import { addQualityCounts, emptyQualityCounts, orderDeadlines, shanghaiDay, SLA_CLOCK_LABELS, type SlaClock } from '@fangxin/shared';
import type { OrderRecord } from '../orders/model';
import type { SurveyRecord } from '../surveys/model';
import type { ComplaintRecord } from '../complaints/model';
import type { DayCounts, EngineerDay, OrderBoardRecord } from './model';

/**
 * How source records count into daily statistics: pure functions, so the rollup, the tests and the benchmark's
 * plain-aggregation comparison all follow the same definitions.
 */

export const SLA_CLOCKS: readonly SlaClock[] = ['respond', 'arrive', 'resolve'];
const DONE_AT = { respond: 'acceptedAt', arrive: 'arrivedAt', resolve: 'completedAt' } as const;
const DUE_AT = { respond: 'respondDueAt', arrive: 'arriveDueAt', resolve: 'resolveDueAt' } as const;
const RISK_AT = { respond: 'respondRiskAt', arrive: 'arriveRiskAt', resolve: 'resolveRiskAt' } as const;

/** The fields of an order the statistics read (a projection keeps the rollup's reads small). */
export type StatOrder = Pick<
  OrderRecord,
  '_id' | 'outletId' | 'engineerId' | 'status' | 'category' | 'parentOrderId' | 'reworkOrderId' | 'offCatalogueCount' | 'createdDay' | 'closedDay' | 'sla' | 'times' | 'orderNo' | 'updatedAt'
> & { quotes?: Array<{ no: number }> };

export const STAT_ORDER_PROJECTION = {
  outletId: 1,
  engineerId: 1,
  status: 1,
  category: 1,
  parentOrderId: 1,
  reworkOrderId: 1,
  offCatalogueCount: 1,
  createdDay: 1,
  closedDay: 1,
  sla: 1,
  times: 1,
  orderNo: 1,
  updatedAt: 1,
  'quotes.no': 1,
} as const;

export type StatSurvey = Pick<SurveyRecord, 'outletId' | 'engineerId' | 'submittedDay' | 'scores' | 'low'>;
export const STAT_SURVEY_PROJECTION = { outletId: 1, engineerId: 1, submittedDay: 1, scores: 1, low: 1 } as const;

export type StatComplaint = Pick<ComplaintRecord, 'outletId' | 'engineerId' | 'category' | 'filedAt'>;
export const STAT_COMPLAINT_PROJECTION = { outletId: 1, engineerId: 1, category: 1, filedAt: 1 } as const;

/**
 * A deadline's outcome: missed when the sweeper recorded a breach or the step happened after the due time, met when
 * it happened in time, null while it runs (or never started, or the order was cancelled first).
 */
export function clockOutcome(order: Pick<StatOrder, 'sla' | 'times'>, clock: SlaClock): 'met' | 'missed' | null {
  // Issue 20.1 (domain/noShow.ts): a customer no-show does not count; nobody home reported in time is on time.
  const excused = order.sla?.excused?.[clock];
  // Issue 20.2 (domain/appeals.ts): a breach removed by an upheld appeal counts neither as met nor as missed.
  if (excused?.reason === 'no_show' || excused?.reason === 'appeal') return null;
  if (excused?.reason === 'at_door') return 'met';
  if (order.sla?.breaches?.[clock]) return 'missed';
  const done = order.times?.[DONE_AT[clock]];
  const due = order.sla?.[DUE_AT[clock]];
  if (!done || !due) return null;
  return new Date(done).getTime() <= new Date(due).getTime() ? 'met' : 'missed';
}

/** S11 "met its SLA": no deadline missed. Cancelled orders count only when they missed one (a fault before the cancel). */
export function slaSample(order: Pick<StatOrder, 'sla' | 'times' | 'status'>): { counts: boolean; met: boolean } {
  const missed = SLA_CLOCKS.some((c) => clockOutcome(order, c) === 'missed');
  return { counts: order.status !== 'cancelled' || missed, met: !missed };
}

export function emptyDayCounts(): DayCounts {
  return {
    created: 0,
    byStatus: {},
    byCategory: {},
    reworkOrders: 0,
    sla: { respond: { met: 0, missed: 0 }, arrive: { met: 0, missed: 0 }, resolve: { met: 0, missed: 0 } },
    closed: 0,
    surveys: { count: 0, low: 0, sums: {}, counts: {} },
    complaints: { count: 0, byCategory: {} },
    quality: emptyQualityCounts(),
  };
}

export function emptyEngineerDay(): EngineerDay {
  return { orders: 0, ...emptyQualityCounts() };
}

const bump = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

/** Adds `b` into `a` (mutates `a`): days and outlets add up to periods and the platform. */
export function addDayCounts(a: DayCounts, b: DayCounts): DayCounts {
  a.created += b.created;
  a.closed += b.closed;
  a.reworkOrders += b.reworkOrders;
  for (const [k, v] of Object.entries(b.byStatus)) bump(a.byStatus, k, v);
  for (const [k, v] of Object.entries(b.byCategory)) bump(a.byCategory, k, v);
  for (const c of SLA_CLOCKS) {
    a.sla[c].met += b.sla[c]?.met ?? 0;
    a.sla[c].missed += b.sla[c]?.missed ?? 0;
  }
  a.surveys.count += b.surveys.count;
  a.surveys.low += b.surveys.low;
  for (const [k, v] of Object.entries(b.surveys.sums)) bump(a.surveys.sums, k, v);
  for (const [k, v] of Object.entries(b.surveys.counts)) bump(a.surveys.counts, k, v);
  a.complaints.count += b.complaints.count;
  for (const [k, v] of Object.entries(b.complaints.byCategory)) bump(a.complaints.byCategory, k, v);
  addQualityCounts(a.quality, b.quality);
  return a;
}

export function addEngineerDay(a: EngineerDay, b: EngineerDay): EngineerDay {
  a.orders += b.orders;
  addQualityCounts(a, b);
  return a;
}

/** One (outlet, day) being computed: the outlet's counts and each engineer's. */
export interface PairStats {
  counts: DayCounts;
  engineers: Record<string, EngineerDay>;
}

const engineerOf = (pair: PairStats, id: Types.ObjectId | null | undefined): EngineerDay | null => {
  if (!id) return null;
  return (pair.engineers[String(id)] ??= emptyEngineerDay());
};

/** Counts an order into the day it was created. */
export function countCreated(pair: PairStats, o: StatOrder): void {
  const c = pair.counts;
  const e = engineerOf(pair, o.engineerId);
  c.created++;
  bump(c.byStatus, o.status);
  bump(c.byCategory, o.category);
  if (o.parentOrderId) c.reworkOrders++;
  for (const clock of SLA_CLOCKS) {
    const outcome = clockOutcome(o, clock);
    if (outcome) c.sla[clock][outcome]++;
  }
  const sla = slaSample(o);
  const appealed = SLA_CLOCKS.some((clock) => o.sla?.excused?.[clock]?.reason === 'appeal');
  const quoted = (o.quotes?.length ?? 0) > 0;
  const off = quoted && (o.offCatalogueCount ?? 0) > 0;
  for (const q of e ? [c.quality, e] : [c.quality]) {
    if (sla.counts) {
      q.slaOrders++;
      if (sla.met) q.slaMet++;
    }
    if (quoted) q.quoted++;
    if (off) q.offCatalogue++;
    if (appealed) q.appealedBreaches++;
  }
  if (e) e.orders++;
}

/** Counts an order into the day it was closed: first-time fix is judged on closed orders. */
export function countClosed(pair: PairStats, o: StatOrder): void {
  const e = engineerOf(pair, o.engineerId);
  pair.counts.closed++;
  for (const q of e ? [pair.counts.quality, e] : [pair.counts.quality]) {
    q.closed++;
    if (o.reworkOrderId) q.reworked++;
  }
}

/** `appealed`: removed from the quality record by an upheld appeal (issue 20.2); still counted as a survey answered. */
export function countSurvey(pair: PairStats, s: StatSurvey, appealed = false): void {
  const sv = pair.counts.surveys;
  sv.count++;
  if (s.low) sv.low++;
  for (const [key, score] of Object.entries(s.scores ?? {})) {
    if (typeof score !== 'number') continue;
    bump(sv.sums, key, score);
    bump(sv.counts, key, 1);
  }
  const overall = s.scores?.overall;
  if (typeof overall !== 'number') return;
  const e = engineerOf(pair, s.engineerId);
  for (const q of e ? [pair.counts.quality, e] : [pair.counts.quality]) {
    if (appealed) {
      q.appealedSurveys++;
      continue;
    }
    q.surveys++;
    q.overallSum += overall;
  }
}

/** `appealed`: removed from the quality record by an upheld appeal (issue 20.2); still counted as a complaint filed. */
export function countComplaint(pair: PairStats, c: StatComplaint, appealed = false): void {
  pair.counts.complaints.count++;
  bump(pair.counts.complaints.byCategory, c.category);
  const e = engineerOf(pair, c.engineerId);
  for (const q of e ? [pair.counts.quality, e] : [pair.counts.quality]) {
    if (appealed) q.appealedComplaints++;
    else q.complaints++;
  }
}

export const complaintDay = (c: Pick<StatComplaint, 'filedAt'>) => shanghaiDay(new Date(c.filedAt));

/** Statuses after which an order no longer appears on the live board (the outlet owes it nothing time-bound). */
export const ENDED_STATUSES: ReadonlySet<string> = new Set(['completed', 'closed', 'cancelled']);

/**
 * The live-board entry of an order: whether it is open, whether any deadline was missed, and the running deadline
 * due first (the at-risk list sorts by it). Running deadlines come from the shared `orderDeadlines`, so the board
 * and the customer's deadline list agree; a paused resolve clock is not running.
 */
export function boardEntry(o: StatOrder): Omit<OrderBoardRecord, '_id'> {
  const running = orderDeadlines(o, new Date(0)).filter((d) => d.dueAt && !d.doneAt && ['pending', 'at_risk', 'breached'].includes(d.state));
  let next: { clock: SlaClock; dueAt: Date; riskAt: Date } | null = null;
  for (const d of running) {
    const dueAt = new Date(d.dueAt!);
    if (next && next.dueAt <= dueAt) continue;
    const risk = o.sla?.[RISK_AT[d.clock]];
    next = { clock: d.clock, dueAt, riskAt: risk ? new Date(risk) : dueAt };
  }
  return {
    outletId: o.outletId,
    orderNo: o.orderNo,
    status: o.status,
    category: o.category,
    engineerId: o.engineerId ?? null,
    open: !ENDED_STATUSES.has(o.status),
    breached: SLA_CLOCKS.some((c) => clockOutcome(o, c) === 'missed'),
    nextClock: next?.clock ?? null,
    nextDueAt: next?.dueAt ?? null,
    nextRiskAt: next?.riskAt ?? null,
    sourceUpdatedAt: o.updatedAt,
  };
}

export const clockLabel = (clock: SlaClock) => SLA_CLOCK_LABELS[clock];

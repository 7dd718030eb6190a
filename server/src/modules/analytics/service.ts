import { Types } from 'mongoose';
import {
  ANALYTICS_AT_RISK_LIMIT,
  ANALYTICS_LEADERBOARD_SIZE,
  categoryName,
  ORDER_STATUSES,
  shanghaiDay,
  SURVEY_ELEMENTS,
  type AnalyticsOverview,
  type AnalyticsOverviewQuery,
  type CategoryCode,
  type OrderStatus,
  type SlaClock,
} from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { rankEngineers } from '../quality/service';
import { outletNamesAndCodes } from '../network/reads';
import { liveOrderCounts } from '../orders/reads';
import { OrderBoard, type ClockCounts, type DailyStatRecord, type OrderBoardRecord } from './model';
import { daysOf, readDays, resolvePeriod, resolveScope } from './period';
import { rollupAsOf } from './rollup';
import { addDayCounts, clockLabel, emptyDayCounts } from './stats';

/**
 * The dashboard of one outlet or the platform. The period comes from the rollup's read models: the period's
 * `daily_stats` (one small document per outlet and day, or per day for the platform) and the `order_board` of open
 * orders. Today's cards are three indexed counts of `orders` (orders/reads liveOrderCounts), each bounded by one
 * day or by the orders waiting for dispatch, so the answer still costs about the same at 100,000 orders as at 100.
 */

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const round2 = (x: number) => Math.round(x * 100) / 100;

function compliance(c: ClockCounts) {
  return { met: c.met, missed: c.missed, rate: rate(c.met, c.met + c.missed) };
}

/** Deadline figures of the open orders in scope: three small, indexed reads of the board. */
async function boardFigures(outletId: Types.ObjectId | null, now: Date) {
  const scope = { ...(outletId ? { outletId } : {}), open: true };
  const [atRisk, breached, list] = await Promise.all([
    OrderBoard.countDocuments({ ...scope, nextRiskAt: { $lte: now }, nextDueAt: { $gt: now } }),
    OrderBoard.countDocuments({ ...scope, $or: [{ breached: true }, { nextDueAt: { $lte: now } }] }),
    OrderBoard.find({ ...scope, nextRiskAt: { $lte: now } })
      .sort({ nextDueAt: 1, _id: 1 })
      .limit(ANALYTICS_AT_RISK_LIMIT)
      .lean<OrderBoardRecord[]>(),
  ]);
  const items = list.map((b) => ({
    orderId: String(b._id),
    orderNo: b.orderNo,
    outletId: String(b.outletId),
    status: b.status as OrderStatus,
    category: b.category as CategoryCode,
    engineerId: b.engineerId ? String(b.engineerId) : null,
    clock: b.nextClock as SlaClock,
    label: clockLabel(b.nextClock as SlaClock),
    dueAt: b.nextDueAt!.toISOString(),
    state: (b.nextDueAt! <= now ? 'breached' : 'at_risk') as 'breached' | 'at_risk',
  }));
  return { atRisk, breached, items };
}

/** The engineer leaderboard of the period: the best scores among engineers who worked in it (`code` is the employee number). */
async function leaderboard(period: ReturnType<typeof resolvePeriod>, outletId: Types.ObjectId | null, outletDays: Promise<DailyStatRecord[]>) {
  const ranked = await rankEngineers(period, outletId, outletDays);
  const active = ranked.filter((e): e is typeof e & { score: number } => e.score !== null && (e.orders > 0 || e.closed > 0)).slice(0, ANALYTICS_LEADERBOARD_SIZE);
  return active.map((e, i) => ({ rank: i + 1, engineerId: e.id, name: e.name, employeeNo: e.code, score: e.score, orders: e.orders, closed: e.closed }));
}

export async function analyticsOverview(clock: Clock, user: AuthUser, q: AnalyticsOverviewQuery): Promise<AnalyticsOverview> {
  const scope = await resolveScope(user, q.outletId);
  const period = resolvePeriod(clock, q);
  const now = clock.now();
  const today = shanghaiDay(now);

  // One read of the period's days serves the totals and, for an outlet, the engineers' shares of the leaderboard.
  // Today's cards (orders, closed, waiting for dispatch) are counted live: an order booked a minute ago counts now,
  // not when the rollup next runs.
  const periodDays = readDays(period, scope.outletId);
  const [days, live, board, leaders, asOf] = await Promise.all([
    periodDays,
    (scope.outletId ? Promise.resolve([scope.outletId]) : outletNamesAndCodes().then((all) => all.map((o) => o._id))).then((ids) => liveOrderCounts(ids, today)),
    boardFigures(scope.outletId, now),
    leaderboard(period, scope.outletId, periodDays),
    rollupAsOf(),
  ]);

  const total = days.reduce((sum, d) => addDayCounts(sum, d), emptyDayCounts());
  const byDay = new Map(days.map((d) => [d.day, d]));
  const quality = total.quality;
  const overall = { orders: quality.slaOrders, met: quality.slaMet, rate: rate(quality.slaMet, quality.slaOrders) };
  const averageOverall = quality.surveys > 0 ? round2(quality.overallSum / quality.surveys) : null;
  const complaintRate = rate(quality.complaints, quality.closed);
  const reworkRate = rate(quality.reworked, quality.closed);

  return {
    scope: { outletId: scope.outletId ? String(scope.outletId) : null, name: scope.name },
    period,
    asOf: asOf ? asOf.toISOString() : null,
    today: {
      day: today,
      orders: live.created,
      waitingDispatch: live.pending,
      atRisk: board.atRisk,
      breached: board.breached,
      closed: live.closed,
      averageSatisfaction: averageOverall,
      complaintRate,
      reworkRate,
    },
    totals: { created: total.created, closed: total.closed, reworkOrders: total.reworkOrders },
    ordersByStatus: Object.fromEntries(ORDER_STATUSES.map((s) => [s, total.byStatus[s] ?? 0])) as Record<OrderStatus, number>,
    daily: daysOf(period).map((day) => ({ day, created: byDay.get(day)?.created ?? 0, closed: byDay.get(day)?.closed ?? 0 })),
    sla: {
      respond: compliance(total.sla.respond),
      arrive: compliance(total.sla.arrive),
      resolve: compliance(total.sla.resolve),
      overall,
    },
    surveys: {
      count: total.surveys.count,
      lowCount: total.surveys.low,
      elements: SURVEY_ELEMENTS.map((e) => {
        const count = total.surveys.counts[e.key] ?? 0;
        return { key: e.key, label: e.label, count, average: count > 0 ? round2((total.surveys.sums[e.key] ?? 0) / count) : null };
      }),
    },
    complaints: { count: total.complaints.count, rate: complaintRate, byCategory: total.complaints.byCategory },
    rework: { closed: quality.closed, reworked: quality.reworked, rate: reworkRate },
    categoryMix: Object.entries(total.byCategory)
      .map(([category, count]) => ({ category: category as CategoryCode, label: categoryName(category), count, share: rate(count, total.created) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    leaderboard: leaders,
    atRisk: board.items,
  };
}

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
import { DailyStat, OrderBoard, type ClockCounts, type DailyStatRecord, type OrderBoardRecord } from './model';
import { daysOf, readDays, resolvePeriod, resolveScope } from './period';
import { rollupAsOf } from './rollup';
import { addDayCounts, clockLabel, emptyDayCounts } from './stats';

/**
 * The dashboard of one outlet or the platform. Everything comes from the rollup's read models: the period's
 * `daily_stats` (one small document per outlet and day, or per day for the platform) and the `order_board` of open
 * orders. No query here touches `orders`, so the answer costs the same at 100,000 orders as at 100.
 */

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const round2 = (x: number) => Math.round(x * 100) / 100;

function compliance(c: ClockCounts) {
  return { met: c.met, missed: c.missed, rate: rate(c.met, c.met + c.missed) };
}

/** Live figures of the open orders in scope: four small, indexed reads of the board. */
async function boardFigures(outletId: Types.ObjectId | null, now: Date) {
  const scope = { ...(outletId ? { outletId } : {}), open: true };
  const [waitingDispatch, atRisk, breached, list] = await Promise.all([
    OrderBoard.countDocuments({ ...scope, status: 'pending' }),
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
  return { waitingDispatch, atRisk, breached, items };
}

/** The engineer leaderboard of the period: the best scores among engineers who worked in it (`code` is the employee number). */
async function leaderboard(period: ReturnType<typeof resolvePeriod>, outletId: Types.ObjectId | null, outletDays: Promise<DailyStatRecord[]>) {
  const ranked = await rankEngineers(period, outletId, outletDays);
  const active = ranked.filter((e) => e.orders > 0 || e.closed > 0).slice(0, ANALYTICS_LEADERBOARD_SIZE);
  return active.map((e, i) => ({ rank: i + 1, engineerId: e.id, name: e.name, employeeNo: e.code, score: e.score, orders: e.orders, closed: e.closed }));
}

export async function analyticsOverview(clock: Clock, user: AuthUser, q: AnalyticsOverviewQuery): Promise<AnalyticsOverview> {
  const scope = await resolveScope(user, q.outletId);
  const period = resolvePeriod(clock, q);
  const now = clock.now();
  const today = shanghaiDay(now);
  const todayId = scope.outletId ? `${String(scope.outletId)}:${today}` : `all:${today}`;

  // One read of the period's days serves the totals and, for an outlet, the engineers' shares of the leaderboard;
  // today's figures are one of those days unless the period ends before today.
  const periodDays = readDays(period, scope.outletId);
  const [days, todayDoc, board, leaders, asOf] = await Promise.all([
    periodDays,
    period.from <= today && today <= period.to
      ? periodDays.then((all) => all.find((d) => d.day === today) ?? null)
      : DailyStat.findById(todayId, { created: 1, closed: 1 }).lean<Pick<DailyStatRecord, 'created' | 'closed'>>(),
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
      orders: todayDoc?.created ?? 0,
      waitingDispatch: board.waitingDispatch,
      atRisk: board.atRisk,
      breached: board.breached,
      closed: todayDoc?.closed ?? 0,
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

import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/catalog';
import { ORDER_STATUSES } from '../domain/orderMachine';
import { Day, DayText, ObjectId } from './common';

/** Longest period a dashboard or ranking may ask for (days, both ends included). */
export const ANALYTICS_MAX_DAYS = 366;
/** Length of the at-risk list and of the engineer leaderboard on the dashboard. */
export const ANALYTICS_AT_RISK_LIMIT = 20;
export const ANALYTICS_LEADERBOARD_SIZE = 10;


const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

export const periodShape = {
  from: Day.optional().meta({ description: 'First day (Asia/Shanghai, YYYY-MM-DD); default: 89 days before `to`' }),
  to: Day.optional().meta({ description: 'Last day, included; default: today' }),
};

/** The rules every period query follows: `from` ≤ `to`, at most ANALYTICS_MAX_DAYS days. */
export function withPeriodRules<T extends z.ZodObject<typeof periodShape & z.ZodRawShape>>(schema: T) {
  return schema
    .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] })
    .refine((q) => !q.from || !q.to || dayNumber(q.to as string) - dayNumber(q.from as string) < ANALYTICS_MAX_DAYS, {
      message: `统计区间最长 ${ANALYTICS_MAX_DAYS} 天`,
      path: ['from'],
    });
}

/**
 * A period of Asia/Shanghai days, both ends included. Omitted ends default on the server: `to` = today,
 * `from` = 89 days before `to` (the last 90 days).
 */
export const PeriodQuery = withPeriodRules(z.object(periodShape));
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export const Period = z.object({ from: DayText, to: DayText, days: z.number().int() }).meta({ id: 'Period' });
export type Period = z.infer<typeof Period>;

export const AnalyticsOverviewQuery = withPeriodRules(
  z.object({
    ...periodShape,
    outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet (default: the whole platform). Managers: only their own outlet.' }),
  }),
);
export type AnalyticsOverviewQuery = z.infer<typeof AnalyticsOverviewQuery>;

const Rate = z.number().min(0).max(1).nullable().meta({ description: 'Share 0–1, null without a sample' });
const ClockCompliance = z.object({ met: z.number().int(), missed: z.number().int(), rate: Rate });

export const AnalyticsOverview = z
  .object({
    scope: z.object({ outletId: ObjectId.nullable(), name: z.string() }),
    period: Period,
    /** Daily statistics and the open-order board are maintained by the rollup job: figures are as of this instant. */
    asOf: z.string().nullable(),
    today: z.object({
      day: DayText,
      orders: z.number().int().meta({ description: 'Orders created today' }),
      waitingDispatch: z.number().int().meta({ description: 'Open orders waiting for an engineer (pending)' }),
      atRisk: z.number().int().meta({ description: 'Open orders with a running deadline in its at-risk share' }),
      breached: z.number().int().meta({ description: 'Open orders with a missed deadline' }),
      closed: z.number().int().meta({ description: 'Orders closed today' }),
      averageSatisfaction: z.number().nullable().meta({ description: 'Average overall score (1–5) over the period' }),
      complaintRate: Rate,
      reworkRate: Rate,
    }),
    totals: z.object({
      created: z.number().int(),
      closed: z.number().int(),
      reworkOrders: z.number().int().meta({ description: 'Second-visit orders created in the period' }),
    }),
    ordersByStatus: z.record(z.enum(ORDER_STATUSES), z.number().int()).meta({ description: 'Orders created in the period, by current status' }),
    daily: z.array(z.object({ day: DayText, created: z.number().int(), closed: z.number().int() })),
    sla: z.object({
      respond: ClockCompliance,
      arrive: ClockCompliance,
      resolve: ClockCompliance,
      overall: z.object({ orders: z.number().int(), met: z.number().int(), rate: Rate }).meta({ description: 'Orders with no missed deadline' }),
    }),
    surveys: z.object({
      count: z.number().int(),
      lowCount: z.number().int(),
      elements: z.array(z.object({ key: z.string(), label: z.string(), average: z.number().nullable(), count: z.number().int() })),
    }),
    complaints: z.object({ count: z.number().int(), rate: Rate, byCategory: z.record(z.string(), z.number().int()) }),
    rework: z.object({ closed: z.number().int(), reworked: z.number().int(), rate: Rate }),
    categoryMix: z.array(z.object({ category: z.enum(CATEGORY_CODES), label: z.string(), count: z.number().int(), share: z.number() })),
    leaderboard: z.array(
      z.object({
        rank: z.number().int(),
        engineerId: ObjectId,
        name: z.string(),
        employeeNo: z.string(),
        score: z.number(),
        orders: z.number().int(),
        closed: z.number().int(),
      }),
    ),
    atRisk: z.array(
      z.object({
        orderId: ObjectId,
        orderNo: z.string(),
        outletId: ObjectId,
        status: z.enum(ORDER_STATUSES),
        category: z.enum(CATEGORY_CODES),
        engineerId: ObjectId.nullable(),
        clock: z.enum(['respond', 'arrive', 'resolve']),
        label: z.string(),
        dueAt: z.string(),
        state: z.enum(['at_risk', 'breached']),
      }),
    ),
  })
  .meta({ id: 'AnalyticsOverview' });
export type AnalyticsOverview = z.infer<typeof AnalyticsOverview>;

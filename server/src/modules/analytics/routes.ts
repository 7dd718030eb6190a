import { AnalyticsOverview, AnalyticsOverviewQuery } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { analyticsOverview } from './service';

/** Dashboards for outlet managers and platform admins. */
export function analyticsRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/analytics/overview',
      summary: 'Dashboard of an outlet or the platform for a period',
      description:
        'Orders by status, created and closed per day, SLA compliance per clock, survey averages per element, complaint and rework rates, category mix, engineer leaderboard, at-risk orders, and today’s figures. Read from daily statistics and the open-order board kept by the rollup job (`asOf`). Managers: their own outlet only (another outletId → 404).',
      tags: ['analytics'],
      auth: ['outlet_manager', 'platform_admin'],
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: AnalyticsOverviewQuery,
      response: AnalyticsOverview,
      errors: ['not_found'],
      handler: (ctx, { query }) => analyticsOverview(deps.clock, ctx.state.user!, query),
    }),
  ];
}

import { AnalyticsOverview, AnalyticsOverviewQuery } from '../schemas/analytics';
import { endpoint } from './endpoint';

/** Dashboards for outlet managers and platform admins. */
export const analytics = {
  overview: endpoint({
    method: 'get',
    path: '/analytics/overview',
    summary: 'Dashboard of an outlet or the platform for a period',
    description:
      'Orders by status, created and closed per day, SLA compliance per clock, survey averages per element, complaint and rework rates, category mix, engineer leaderboard, at-risk orders, and today’s figures. Read from daily statistics and the open-order board kept by the rollup job (`asOf`). Managers: their own outlet only (another outletId → 404).',
    tags: ['analytics'],
    auth: ['outlet_manager', 'platform_admin'],
    query: AnalyticsOverviewQuery,
    response: AnalyticsOverview,
    errors: ['not_found'],
  }),
};

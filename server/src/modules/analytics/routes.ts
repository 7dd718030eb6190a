import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { analyticsOverview } from './service';

/** Dashboards for outlet managers and platform admins. */
export function analyticsRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.analytics.overview, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => analyticsOverview(deps.clock, ctx.state.user!, query),
    }),
  ];
}

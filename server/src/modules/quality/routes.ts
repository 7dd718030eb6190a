import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as quality from './service';

const STAFF_RECORD = { anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' } as const;

/** S11 quality scores: term-by-term explanations and rankings. */
export function qualityRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.quality.mine, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: (ctx, { query }) => quality.myQualityBreakdown(deps.clock, ctx.state.user!, query),
    }),
    route(api.quality.engineer, {
      access: { record: 'engineer', ...STAFF_RECORD },
      handler: (ctx, { params, query }) => quality.engineerQualityBreakdown(deps.clock, ctx.state.user!, params.id, query),
    }),
    route(api.quality.outlet, {
      access: { record: 'outlet', ...STAFF_RECORD },
      handler: (ctx, { params, query }) => quality.outletQualityBreakdown(deps.clock, ctx.state.user!, params.id, query),
    }),
    route(api.quality.rankings, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => quality.qualityRankings(deps.clock, ctx.state.user!, query),
    }),
  ];
}

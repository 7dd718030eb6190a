import { IdParams, PeriodQuery, QualityBreakdown, Rankings, RankingsQuery } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as quality from './service';

const STAFF = ['outlet_manager', 'platform_admin'] as const;
const PERIOD_NOTE = 'Period: `from`/`to` Asia/Shanghai days, both included; default the last 90 days.';

/** S11 quality scores: term-by-term explanations and rankings. */
export function qualityRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/quality/me',
      summary: 'My quality score, explained term by term (engineers)',
      description: `${PERIOD_NOTE} The contributions add up to the score.`,
      tags: ['quality'],
      auth: ['engineer'],
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      query: PeriodQuery,
      response: QualityBreakdown,
      errors: ['not_found'],
      handler: (ctx, { query }) => quality.myQualityBreakdown(deps.clock, ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/quality/engineers/:id',
      summary: 'An engineer’s quality score, explained (404 outside the caller’s outlet)',
      description: PERIOD_NOTE,
      tags: ['quality'],
      auth: STAFF,
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      query: PeriodQuery,
      response: QualityBreakdown,
      errors: ['not_found'],
      handler: (ctx, { params, query }) => quality.engineerQualityBreakdown(deps.clock, ctx.state.user!, params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/quality/outlets/:id',
      summary: 'An outlet’s quality score, explained (404 for another outlet’s manager)',
      description: PERIOD_NOTE,
      tags: ['quality'],
      auth: STAFF,
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      query: PeriodQuery,
      response: QualityBreakdown,
      errors: ['not_found'],
      handler: (ctx, { params, query }) => quality.outletQualityBreakdown(deps.clock, ctx.state.user!, params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/quality/rankings',
      summary: 'Outlet or engineer rankings for a period (bottom five outlets flagged)',
      description: `${PERIOD_NOTE} Managers see every outlet’s rank and their own outlet’s engineers (another outletId → 404).`,
      tags: ['quality'],
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: RankingsQuery,
      response: Rankings,
      errors: ['not_found'],
      handler: (ctx, { query }) => quality.qualityRankings(deps.clock, ctx.state.user!, query),
    }),
  ];
}

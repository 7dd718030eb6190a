import { PeriodQuery } from '../schemas/analytics';
import { IdParams } from '../schemas/common';
import { QualityBreakdown, Rankings, RankingsQuery } from '../schemas/quality';
import { endpoint } from './endpoint';

const tags = ['quality'] as const;
const STAFF = ['outlet_manager', 'platform_admin'] as const;
const PERIOD_NOTE = 'Period: `from`/`to` Asia/Shanghai days, both included; default the last 90 days.';

/** S11 quality scores: term-by-term explanations and rankings. */
export const quality = {
  mine: endpoint({
    method: 'get',
    path: '/quality/me',
    summary: 'My quality score, explained term by term (engineers)',
    description: `${PERIOD_NOTE} The contributions add up to the score.`,
    tags,
    auth: ['engineer'],
    query: PeriodQuery,
    response: QualityBreakdown,
    errors: ['not_found'],
  }),
  engineer: endpoint({
    method: 'get',
    path: '/quality/engineers/:id',
    summary: 'An engineer’s quality score, explained (404 outside the caller’s outlet)',
    description: PERIOD_NOTE,
    tags,
    auth: STAFF,
    params: IdParams,
    query: PeriodQuery,
    response: QualityBreakdown,
    errors: ['not_found'],
  }),
  outlet: endpoint({
    method: 'get',
    path: '/quality/outlets/:id',
    summary: 'An outlet’s quality score, explained (404 for another outlet’s manager)',
    description: PERIOD_NOTE,
    tags,
    auth: STAFF,
    params: IdParams,
    query: PeriodQuery,
    response: QualityBreakdown,
    errors: ['not_found'],
  }),
  rankings: endpoint({
    method: 'get',
    path: '/quality/rankings',
    summary: 'Outlet or engineer rankings for a period (bottom five outlets flagged)',
    description: `${PERIOD_NOTE} Managers see every outlet’s rank and their own outlet’s engineers (another outletId → 404).`,
    tags,
    auth: STAFF,
    query: RankingsQuery,
    response: Rankings,
    errors: ['not_found'],
  }),
};

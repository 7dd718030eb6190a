import { AssignReturnVisitBody, IdParams, ReturnVisitListQuery, ReturnVisitOutcomeBody, ReturnVisitView, pageOf } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as returnVisits from './service';

const STAFF = ['outlet_manager', 'platform_admin'] as const;
const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });

/** Return visits: outlet staff call customers back after low surveys, resolved complaints, and a sample of orders. */
export function returnVisitRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/return-visits',
      summary: 'Return-visit tasks of my outlet (all outlets for platform admins), open first, soonest due first',
      description: '`overdue` on each task: open and past its due time.',
      tags: ['return-visits'],
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: ReturnVisitListQuery,
      response: pageOf(ReturnVisitView),
      handler: (ctx, { query }) => returnVisits.listReturnVisits(deps.clock, ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/return-visits/:id',
      summary: 'One return-visit task (another outlet’s is 404)',
      tags: ['return-visits'],
      auth: STAFF,
      access: { record: 'returnVisit', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: ReturnVisitView,
      errors: ['not_found'],
      handler: (ctx, { params }) => returnVisits.getReturnVisit(deps.clock, ctx.state.user!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/return-visits/:id/outcome',
      summary: 'Record the call’s outcome; the task is done (audited, on the order’s timeline)',
      tags: ['return-visits'],
      auth: STAFF,
      access: { record: 'returnVisit', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: ReturnVisitOutcomeBody,
      response: ReturnVisitView,
      errors: ['not_found', 'illegal_transition'],
      handler: (ctx, { params, body }) => returnVisits.recordReturnVisitOutcome(deps.clock, ctx.state.user!, params.id, body, meta(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/return-visits/:id/assign',
      summary: 'Assign an open task to a manager of its outlet (audited)',
      tags: ['return-visits'],
      auth: STAFF,
      access: { record: 'returnVisit', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: AssignReturnVisitBody,
      response: ReturnVisitView,
      errors: ['not_found', 'illegal_transition'],
      handler: (ctx, { params, body }) => returnVisits.assignReturnVisit(deps.clock, ctx.state.user!, params.id, body.assigneeId, meta(ctx)),
    }),
  ];
}

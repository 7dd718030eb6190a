import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as returnVisits from './service';

const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });
const TASK = { record: 'returnVisit', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' } as const;

/** Return visits: outlet staff call customers back after low surveys, resolved complaints, and a sample of orders. */
export function returnVisitRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.returnVisits.list, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => returnVisits.listReturnVisits(deps.clock, ctx.state.user!, query),
    }),
    route(api.returnVisits.get, {
      access: TASK,
      handler: (ctx, { params }) => returnVisits.getReturnVisit(deps.clock, ctx.state.user!, params.id),
    }),
    route(api.returnVisits.recordOutcome, {
      access: TASK,
      handler: (ctx, { params, body }) => returnVisits.recordReturnVisitOutcome(deps.clock, ctx.state.user!, params.id, body, meta(ctx)),
    }),
    route(api.returnVisits.assign, {
      access: TASK,
      handler: (ctx, { params, body }) => returnVisits.assignReturnVisit(deps.clock, ctx.state.user!, params.id, body.assigneeId, meta(ctx)),
    }),
  ];
}

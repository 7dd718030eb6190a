import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as governance from './service';

/** The outlet governance loop (issue 19, part 3): monthly ranking, rectification, 服务标兵, warnings and fines. */
export function governanceRoutes(deps: AppDeps): AnyRouteSpec[] {
  const { clock } = deps;
  const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });
  const staff = { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' } as const;
  const adminOnly = { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' } as const;
  const task = { record: 'rectification', anonymous: 401, customer: 403, engineer: 403 } as const;
  return [
    route(api.governance.ranking, {
      access: staff,
      handler: (ctx, { query }) => governance.governanceRanking(clock, ctx.state.user!, query.month),
    }),
    route(api.governance.publish, {
      access: adminOnly,
      handler: (ctx, { body }) => governance.publishMonth(clock, ctx.state.user!, body.month, meta(ctx)),
    }),
    route(api.governance.tasks, {
      access: staff,
      handler: (ctx, { query }) => governance.listTasks(ctx.state.user!, query),
    }),
    route(api.governance.task, {
      access: { ...task, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => governance.getTask(ctx.state.user!, params.id),
    }),
    route(api.governance.submit, {
      access: { ...task, manager: 'outlet', admin: 403 },
      handler: (ctx, { params, body }) => governance.submitReport(clock, ctx.state.user!, params.id, body, meta(ctx)),
    }),
    route(api.governance.accept, {
      access: { ...task, manager: 403, admin: 'any' },
      handler: (ctx, { params }) => governance.acceptReport(clock, ctx.state.user!, params.id, meta(ctx)),
    }),
    route(api.governance.returnTask, {
      access: { ...task, manager: 403, admin: 'any' },
      handler: (ctx, { params, body }) => governance.returnReport(clock, ctx.state.user!, params.id, body.reason, meta(ctx)),
    }),
    route(api.governance.sanctions, {
      access: staff,
      handler: (ctx, { query }) => governance.listSanctions(ctx.state.user!, query),
    }),
    route(api.governance.createSanction, {
      access: staff,
      handler: (ctx, { body }) => governance.createSanction(clock, ctx.state.user!, body, meta(ctx)),
    }),
    route(api.governance.outlet, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => governance.outletGovernance(ctx.state.user!, params.id),
    }),
    route(api.governance.engineer, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => governance.engineerGovernance(ctx.state.user!, params.id),
    }),
    route(api.governance.mine, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: (ctx) => governance.myGovernance(ctx.state.user!),
    }),
  ];
}

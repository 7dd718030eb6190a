import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as appliances from './service';

/** Issue 20.3: an appliance over its life, the second visit offered at booking, and 重复维修率. */
export function applianceRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.appliances.life, {
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { params }) => appliances.customerApplianceLife(deps.clock, ctx.state.user!.id, params.id),
    }),
    route(api.appliances.secondVisitOffer, {
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params }) => ({ offer: await appliances.secondVisitOfferFor(deps.clock, ctx.state.user!.id, params.id) }),
    }),
    route(api.appliances.orderApplianceLife, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => appliances.orderApplianceLife(deps.clock, ctx.state.user!, params.id),
    }),
    route(api.appliances.repeatRepairs, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => appliances.repeatRepairFigure(deps.clock, ctx.state.user!, query),
    }),
  ];
}

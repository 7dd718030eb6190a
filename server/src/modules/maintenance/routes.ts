import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { myMaintenance, setMaintenancePref } from './service';

/** Issue 20.3: the signed-in customer's maintenance reminders. Staff roles get 403; another customer's appliance is 404. */
export function maintenanceRoutes(): AnyRouteSpec[] {
  return [
    route(api.maintenance.mine, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, _input, deps) => myMaintenance(deps.clock, ctx.state.user!.id),
    }),
    route(api.maintenance.setPref, {
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { params, body }, deps) => setMaintenancePref(deps.clock, ctx.state.user!.id, params.id, body),
    }),
  ];
}

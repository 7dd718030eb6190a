import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import * as customers from './service';

/** The signed-in customer's own address book and appliances. Staff roles get 403; another customer's id is 404. */
export function customerRoutes(): AnyRouteSpec[] {
  return [
    route(api.customers.listAddresses, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx) => ({ items: await customers.listAddresses(ctx.state.user!.id) }),
    }),
    route(api.customers.createAddress, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { body }, deps) => customers.createAddress(deps.clock, ctx.state.user!.id, body),
    }),
    route(api.customers.updateAddress, {
      access: { record: 'address', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { params, body }, deps) => customers.updateAddress(deps.clock, ctx.state.user!.id, params.id, body),
    }),
    route(api.customers.deleteAddress, {
      access: { record: 'address', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params }, deps) => {
        await customers.deleteAddress(deps.clock, ctx.state.user!.id, params.id);
      },
    }),
    route(api.customers.listAppliances, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, _input, deps) => ({ items: await customers.listAppliances(deps.clock, ctx.state.user!.id) }),
    }),
    route(api.customers.createAppliance, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { body }, deps) => customers.createAppliance(deps.clock, ctx.state.user!.id, body),
    }),
    route(api.customers.updateAppliance, {
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { params, body }, deps) => customers.updateAppliance(deps.clock, ctx.state.user!.id, params.id, body),
    }),
    route(api.customers.deleteAppliance, {
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params }) => {
        await customers.deleteAppliance(ctx.state.user!.id, params.id);
      },
    }),
  ];
}

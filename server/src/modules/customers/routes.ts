import { z } from 'zod';
import { AddressInput, AddressPatch, AddressView, ApplianceInput, AppliancePatch, ApplianceView, CUSTOMER_LIMITS, IdParams } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import * as customers from './service';

/** The signed-in customer's own address book and appliances. Staff roles get 403; another customer's id is 404. */
const CUSTOMER = ['customer'] as const;

export function customerRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me/addresses',
      summary: 'My addresses (default first)',
      tags: ['customer'],
      auth: CUSTOMER,
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      response: z.object({ items: z.array(AddressView) }),
      handler: async (ctx) => ({ items: await customers.listAddresses(ctx.state.user!.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/me/addresses',
      summary: 'Save an address',
      description: `At most ${CUSTOMER_LIMITS.addressesMax} addresses (409 \`conflict\`). The first address, or one sent with \`isDefault: true\`, becomes the only default.`,
      tags: ['customer'],
      auth: CUSTOMER,
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      body: AddressInput,
      status: 201,
      response: AddressView,
      errors: ['conflict'],
      handler: (ctx, { body }, deps) => customers.createAddress(deps.clock, ctx.state.user!.id, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/me/addresses/:id',
      summary: 'Change one of my addresses, or make it the default',
      tags: ['customer'],
      auth: CUSTOMER,
      access: { record: 'address', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      body: AddressPatch,
      response: AddressView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }, deps) => customers.updateAddress(deps.clock, ctx.state.user!.id, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/me/addresses/:id',
      summary: 'Delete one of my addresses (the newest remaining one becomes default if needed)',
      tags: ['customer'],
      auth: CUSTOMER,
      access: { record: 'address', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      status: 204,
      response: null,
      errors: ['not_found'],
      handler: async (ctx, { params }, deps) => {
        await customers.deleteAddress(deps.clock, ctx.state.user!.id, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/appliances',
      summary: 'My appliances, with their manufacturer warranty',
      tags: ['customer'],
      auth: CUSTOMER,
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      response: z.object({ items: z.array(ApplianceView) }),
      handler: async (ctx, _input, deps) => ({ items: await customers.listAppliances(deps.clock, ctx.state.user!.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/me/appliances',
      summary: 'Register an appliance',
      description: `At most ${CUSTOMER_LIMITS.appliancesMax} appliances (409 \`conflict\`). The purchase date may not be in the future (Asia/Shanghai).`,
      tags: ['customer'],
      auth: CUSTOMER,
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      body: ApplianceInput,
      status: 201,
      response: ApplianceView,
      errors: ['conflict'],
      handler: (ctx, { body }, deps) => customers.createAppliance(deps.clock, ctx.state.user!.id, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/me/appliances/:id',
      summary: 'Change one of my appliances',
      tags: ['customer'],
      auth: CUSTOMER,
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      body: AppliancePatch,
      response: ApplianceView,
      errors: ['not_found'],
      handler: (ctx, { params, body }, deps) => customers.updateAppliance(deps.clock, ctx.state.user!.id, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/me/appliances/:id',
      summary: 'Delete one of my appliances (orders keep their own copy of it)',
      tags: ['customer'],
      auth: CUSTOMER,
      access: { record: 'appliance', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      status: 204,
      response: null,
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        await customers.deleteAppliance(ctx.state.user!.id, params.id);
      },
    }),
  ];
}

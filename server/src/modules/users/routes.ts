import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { staffActor } from './actor';
import * as users from './service';

const ADMIN_ONLY = { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' } as const;

/** Users and roles, for platform admins: staff accounts (engineers' through `/engineers`) and a read-only customer list. */
export function adminUserRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.users.list, {
      access: { ...ADMIN_ONLY },
      handler: (_ctx, { query }) => users.listStaffUsers(query),
    }),
    route(api.users.create, {
      access: { ...ADMIN_ONLY },
      handler: (ctx, { body }) => users.createStaffUser(deps.clock, staffActor(ctx), body),
    }),
    route(api.users.update, {
      access: { record: 'user', ...ADMIN_ONLY },
      handler: (ctx, { params, body }) => users.updateStaffUser(deps.clock, staffActor(ctx), params.id, body),
    }),
    route(api.users.disable, {
      access: { record: 'user', ...ADMIN_ONLY },
      handler: (ctx, { params }) => users.disableUser(deps.clock, staffActor(ctx), params.id),
    }),
    route(api.users.enable, {
      access: { record: 'user', ...ADMIN_ONLY },
      handler: (ctx, { params }) => users.enableUser(deps.clock, staffActor(ctx), params.id),
    }),
    route(api.users.resetPassword, {
      access: { record: 'user', ...ADMIN_ONLY },
      handler: (ctx, { params, body }) => users.resetPassword(deps.clock, staffActor(ctx), params.id, body.password),
    }),
    route(api.users.listCustomers, {
      access: { ...ADMIN_ONLY },
      handler: (_ctx, { query }) => users.listCustomers(query),
    }),
  ];
}

import {
  CreateStaffUserBody,
  CustomerListQuery,
  CustomerSummaryView,
  IdParams,
  ResetPasswordBody,
  StaffUserListQuery,
  StaffUserView,
  UpdateStaffUserBody,
  pageOf,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { staffActor } from './actor';
import * as users from './service';

const ADMIN = ['platform_admin'] as const;

/** Users and roles, for platform admins: staff accounts (engineers' through `/engineers`) and a read-only customer list. */
export function adminUserRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/users',
      summary: 'Staff accounts, filtered and paginated',
      description: '`q` matches name or username, case-insensitive.',
      tags: ['users'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      query: StaffUserListQuery,
      response: pageOf(StaffUserView),
      handler: (_ctx, { query }) => users.listStaffUsers(query),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/users',
      summary: 'Create an outlet manager or platform admin account',
      description: 'Managers need an outlet; engineers are created through `POST /engineers`. A taken username is 409 `conflict`. Audit-logged.',
      tags: ['users'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      body: CreateStaffUserBody,
      status: 201,
      response: StaffUserView,
      errors: ['conflict', 'not_found'],
      handler: (ctx, { body }) => users.createStaffUser(deps.clock, staffActor(ctx), body),
    }),
    defineRoute({
      method: 'patch',
      path: '/admin/users/:id',
      summary: 'Rename, change role (outlet manager ⇄ platform admin) or outlet',
      description: 'Takes effect on the account’s next request. Demoting the last active platform admin, or editing an engineer account here, is 409 `conflict`. Audit-logged.',
      tags: ['users'],
      auth: ADMIN,
      access: { record: 'user', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      body: UpdateStaffUserBody,
      response: StaffUserView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }) => users.updateStaffUser(deps.clock, staffActor(ctx), params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/users/:id/disable',
      summary: 'Disable an account: its tokens stop working at once and its sessions are revoked',
      description:
        'Access tokens answer 403 `account_disabled` from the next request; refresh tokens are revoked. An engineer account’s profile is also suspended. ' +
        'Disabling yourself, the last active platform admin, or an account already disabled is 409 `conflict`. Audit-logged.',
      tags: ['users'],
      auth: ADMIN,
      access: { record: 'user', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      response: StaffUserView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params }) => users.disableUser(deps.clock, staffActor(ctx), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/users/:id/enable',
      summary: 'Re-enable a disabled account',
      description: 'Also lifts a sign-in lock. A suspended engineer stays suspended until reactivated. 409 `conflict` when not disabled. Audit-logged.',
      tags: ['users'],
      auth: ADMIN,
      access: { record: 'user', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      response: StaffUserView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params }) => users.enableUser(deps.clock, staffActor(ctx), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/users/:id/reset-password',
      summary: 'Set a new password and sign the account out everywhere',
      description: 'Revokes every refresh token of the account and lifts a sign-in lock. Audit-logged (without the password).',
      tags: ['users'],
      auth: ADMIN,
      access: { record: 'user', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      body: ResetPasswordBody,
      response: StaffUserView,
      errors: ['not_found'],
      handler: (ctx, { params, body }) => users.resetPassword(deps.clock, staffActor(ctx), params.id, body.password),
    }),
    defineRoute({
      method: 'get',
      path: '/admin/customers',
      summary: 'Customers, read-only, with masked phone numbers',
      description: '`q` is the last 4 digits of the phone number.',
      tags: ['users'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      query: CustomerListQuery,
      response: pageOf(CustomerSummaryView),
      handler: (_ctx, { query }) => users.listCustomers(query),
    }),
  ];
}

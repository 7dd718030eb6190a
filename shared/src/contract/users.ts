import { IdParams, pageOf } from '../schemas/common';
import {
  CreateStaffUserBody,
  CustomerListQuery,
  CustomerSummaryView,
  ResetPasswordBody,
  StaffUserListQuery,
  StaffUserView,
  UpdateStaffUserBody,
} from '../schemas/users';
import { endpoint } from './endpoint';

const ADMIN = ['platform_admin'] as const;

/** Users and roles, for platform admins: staff accounts (engineers' through `/engineers`) and a read-only customer list. */
export const users = {
  list: endpoint({
    method: 'get',
    path: '/admin/users',
    summary: 'Staff accounts, filtered and paginated',
    description: '`q` matches name or username, case-insensitive.',
    tags: ['users'],
    auth: ADMIN,
    query: StaffUserListQuery,
    response: pageOf(StaffUserView),
  }),
  create: endpoint({
    method: 'post',
    path: '/admin/users',
    summary: 'Create an outlet manager or platform admin account',
    description: 'Managers need an outlet; engineers are created through `POST /engineers`. A taken username is 409 `conflict`. Audit-logged.',
    tags: ['users'],
    auth: ADMIN,
    body: CreateStaffUserBody,
    status: 201,
    response: StaffUserView,
    errors: ['conflict', 'not_found'],
  }),
  update: endpoint({
    method: 'patch',
    path: '/admin/users/:id',
    summary: 'Rename, change role (outlet manager ⇄ platform admin) or outlet',
    description: 'Takes effect on the account’s next request. Demoting the last active platform admin, or editing an engineer account here, is 409 `conflict`. Audit-logged.',
    tags: ['users'],
    auth: ADMIN,
    params: IdParams,
    body: UpdateStaffUserBody,
    response: StaffUserView,
    errors: ['not_found', 'conflict'],
  }),
  disable: endpoint({
    method: 'post',
    path: '/admin/users/:id/disable',
    summary: 'Disable an account: its tokens stop working at once and its sessions are revoked',
    description:
      'Access tokens answer 403 `account_disabled` from the next request; refresh tokens are revoked. An engineer account’s profile is also suspended. ' +
      'Disabling yourself, the last active platform admin, or an account already disabled is 409 `conflict`. Audit-logged.',
    tags: ['users'],
    auth: ADMIN,
    params: IdParams,
    response: StaffUserView,
    errors: ['not_found', 'conflict'],
  }),
  enable: endpoint({
    method: 'post',
    path: '/admin/users/:id/enable',
    summary: 'Re-enable a disabled account',
    description: 'Also lifts a sign-in lock. A suspended engineer stays suspended until reactivated. 409 `conflict` when not disabled. Audit-logged.',
    tags: ['users'],
    auth: ADMIN,
    params: IdParams,
    response: StaffUserView,
    errors: ['not_found', 'conflict'],
  }),
  resetPassword: endpoint({
    method: 'post',
    path: '/admin/users/:id/reset-password',
    summary: 'Set a new password and sign the account out everywhere',
    description: 'Revokes every refresh token of the account and lifts a sign-in lock. Audit-logged (without the password).',
    tags: ['users'],
    auth: ADMIN,
    params: IdParams,
    body: ResetPasswordBody,
    response: StaffUserView,
    errors: ['not_found'],
  }),
  listCustomers: endpoint({
    method: 'get',
    path: '/admin/customers',
    summary: 'Customers, read-only, with masked phone numbers',
    description: '`q` is the last 4 digits of the phone number.',
    tags: ['users'],
    auth: ADMIN,
    query: CustomerListQuery,
    response: pageOf(CustomerSummaryView),
  }),
};

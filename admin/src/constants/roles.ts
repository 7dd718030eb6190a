import { isOneOf, type Role } from '@fangxin/shared';

/**
 * Roles allowed into the admin. Customers use the mini-program; engineers use its engineer mode, so the admin
 * never holds a session for either.
 */
export const ADMIN_ROLES = ['outlet_manager', 'platform_admin'] as const satisfies readonly Role[];
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(role: Role | null | undefined): role is AdminRole {
  return isOneOf(ADMIN_ROLES, role);
}

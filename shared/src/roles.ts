export const ROLES = ['customer', 'engineer', 'outlet_manager', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['engineer', 'outlet_manager', 'platform_admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  customer: '客户',
  engineer: '工程师',
  outlet_manager: '网点经理',
  platform_admin: '平台管理员',
};

/** Roles whose records belong to one outlet; every query they make is scoped to it. */
export function isOutletScoped(role: Role): boolean {
  return role === 'engineer' || role === 'outlet_manager';
}

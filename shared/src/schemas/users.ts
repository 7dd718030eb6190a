import { z } from 'zod';
import { LIMITS } from '../limits';
import { STAFF_ROLES } from '../roles';
import { ObjectId, Pagination } from './common';
import { InitialPassword, Username } from './network';

/**
 * Staff accounts and roles, managed by platform admins. Engineers' accounts are created with their profile
 * (`POST /engineers`); here an admin creates outlet managers and other admins, changes roles and outlets, disables
 * and re-enables accounts and resets passwords. Customers are only listed, with masked phone numbers.
 */

/** The roles an admin may grant here; engineers are created through `/engineers`, customers sign themselves up. */
export const MANAGED_ROLES = ['outlet_manager', 'platform_admin'] as const;
export type ManagedRole = (typeof MANAGED_ROLES)[number];

export const AccountStatus = z.enum(['active', 'disabled']);

const PersonName = z.string().trim().min(1, '请填写姓名').max(LIMITS.nameMax, `姓名最多 ${LIMITS.nameMax} 个字`);

export const StaffUserView = z
  .object({
    id: ObjectId,
    role: z.enum(STAFF_ROLES),
    name: z.string(),
    username: z.string(),
    outletId: ObjectId.nullable(),
    outletName: z.string().nullable(),
    engineerId: ObjectId.nullable().meta({ description: 'The engineer profile of an engineer account' }),
    status: AccountStatus,
    lockedUntil: z.string().nullable().meta({ description: 'Sign-in locked after repeated failures until then' }),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'StaffUser' });

export const StaffUserListQuery = Pagination.extend({
  role: z.enum(STAFF_ROLES).optional(),
  outletId: ObjectId.optional(),
  status: AccountStatus.optional(),
  q: z.string().trim().min(1).max(40).optional().meta({ description: 'Part of the name or username, case-insensitive' }),
});

/** An outlet manager needs an outlet; a platform admin belongs to none. */
function outletMatchesRole(value: { role?: ManagedRole; outletId?: string | null }, ctx: z.RefinementCtx) {
  if (value.role === 'outlet_manager' && value.outletId === null) {
    ctx.addIssue({ code: 'custom', path: ['outletId'], message: '网点经理必须属于一个网点' });
  }
  if (value.role === 'platform_admin' && value.outletId) {
    ctx.addIssue({ code: 'custom', path: ['outletId'], message: '平台管理员不属于任何网点' });
  }
}

export const CreateStaffUserBody = z
  .object({
    role: z.enum(MANAGED_ROLES),
    username: Username,
    password: InitialPassword,
    name: PersonName,
    outletId: ObjectId.nullable().optional().meta({ description: 'Required for outlet managers; absent or null for platform admins' }),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'outlet_manager' && !value.outletId) {
      ctx.addIssue({ code: 'custom', path: ['outletId'], message: '网点经理必须属于一个网点' });
    }
    outletMatchesRole(value, ctx);
  })
  .meta({ id: 'CreateStaffUserBody' });

export const UpdateStaffUserBody = z
  .object({
    name: PersonName,
    role: z.enum(MANAGED_ROLES).meta({ description: 'Between outlet manager and platform admin; a manager needs an outlet' }),
    outletId: ObjectId.nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '至少修改一个字段')
  .superRefine(outletMatchesRole)
  .meta({ id: 'UpdateStaffUserBody' });

export const ResetPasswordBody = z.object({ password: InitialPassword }).meta({ id: 'ResetPasswordBody' });

export const CustomerListQuery = Pagination.extend({
  q: z
    .string()
    .trim()
    .regex(/^\d{4}$/, '请输入手机号后 4 位')
    .optional()
    .meta({ description: 'Last 4 digits of the phone number' }),
});

export const CustomerSummaryView = z
  .object({
    id: ObjectId,
    name: z.string(),
    phoneMasked: z.string().nullable().meta({ description: 'null for customers who signed in with WeChat only' }),
    wechatLinked: z.boolean(),
    status: AccountStatus,
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CustomerSummary' });

export type StaffUserView = z.infer<typeof StaffUserView>;
export type StaffUserListQuery = z.infer<typeof StaffUserListQuery>;
export type CreateStaffUserBody = z.infer<typeof CreateStaffUserBody>;
export type UpdateStaffUserBody = z.infer<typeof UpdateStaffUserBody>;
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;
export type CustomerSummaryView = z.infer<typeof CustomerSummaryView>;

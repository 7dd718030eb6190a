import { maskPhone, type CustomerSummaryView, type StaffUserView } from '@fangxin/shared';
import { outletNames } from '../network/reads';
import type { UserRecord } from './model';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A staff account as the admin's user list shows it: never the password hash or the failed-login counter. */
export function presentStaffUser(u: UserRecord, outletName: string | null): StaffUserView {
  return {
    id: String(u._id),
    role: u.role as StaffUserView['role'],
    name: u.name,
    username: u.username ?? '',
    outletId: u.outletId ? String(u.outletId) : null,
    outletName,
    engineerId: u.engineerId ? String(u.engineerId) : null,
    status: u.status,
    lockedUntil: iso(u.lockedUntil),
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

/** Staff accounts with their outlets' names, one outlet lookup for the whole list. */
export async function presentStaffUsers(users: UserRecord[]): Promise<StaffUserView[]> {
  const ids = [...new Set(users.flatMap((u) => (u.outletId ? [String(u.outletId)] : [])))];
  const outlets = ids.length ? await outletNames(ids) : [];
  const nameOf = new Map(outlets.map((o) => [String(o._id), o.name]));
  return users.map((u) => presentStaffUser(u, u.outletId ? (nameOf.get(String(u.outletId)) ?? null) : null));
}

/** S10: customers appear to staff with masked phones only. */
export function presentCustomer(u: UserRecord): CustomerSummaryView {
  return {
    id: String(u._id),
    name: u.name,
    phoneMasked: u.phone ? maskPhone(u.phone) : null,
    wechatLinked: !!u.wechatOpenId,
    status: u.status,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

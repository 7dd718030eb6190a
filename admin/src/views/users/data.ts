import {
  CreateStaffUserBody,
  ResetPasswordBody,
  type ManagedRole,
  type StaffUserView,
  type UpdateStaffUserBody,
} from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { i18n } from '@/locales';
import { zodRule } from '@/utils/zodRules';

export interface StaffForm {
  role: ManagedRole;
  username: string;
  password: string;
  name: string;
  outletId: string;
}

export function emptyStaffForm(): StaffForm {
  return { role: 'outlet_manager', username: '', password: '', name: '', outletId: '' };
}

export function staffToForm(user: StaffUserView): StaffForm {
  return { ...emptyStaffForm(), role: user.role === 'platform_admin' ? 'platform_admin' : 'outlet_manager', username: user.username, name: user.name, outletId: user.outletId ?? '' };
}

/** A manager belongs to an outlet, an admin to none: the outlet is sent accordingly. */
export function formToCreateStaff(form: StaffForm): CreateStaffUserBody {
  return {
    role: form.role,
    username: form.username.trim(),
    password: form.password,
    name: form.name.trim(),
    outletId: form.role === 'outlet_manager' ? form.outletId : null,
  };
}

export function formToUpdateStaff(user: StaffUserView, form: StaffForm): UpdateStaffUserBody | null {
  const patch: UpdateStaffUserBody = {};
  if (form.name.trim() !== user.name) patch.name = form.name.trim();
  if (form.role !== user.role) patch.role = form.role;
  const outletId = form.role === 'outlet_manager' ? form.outletId : null;
  if (outletId !== user.outletId) patch.outletId = outletId;
  return Object.keys(patch).length ? patch : null;
}

export function staffRules(t: (key: string) => string, form: StaffForm, creating: boolean): FormRules<StaffForm> {
  return {
    name: [zodRule(CreateStaffUserBody, 'name', t('users.name'))],
    outletId: [
      {
        trigger: 'change',
        validator: (_r, value, cb) =>
          form.role === 'outlet_manager' && !value ? cb(new Error(i18n.global.t('validation.choose', { field: t('users.outlet') }))) : cb(),
      },
    ],
    ...(creating
      ? {
          username: [zodRule(CreateStaffUserBody, 'username', t('users.username'))],
          password: [zodRule(CreateStaffUserBody, 'password', t('users.password'))],
        }
      : {}),
  };
}

export const passwordRule = (label: string) => zodRule(ResetPasswordBody, 'password', label);

import {
  MANAGED_ROLES,
  CreateStaffUserBody,
  ResetPasswordBody,
  type ManagedRole,
  type StaffUserView,
  type UpdateStaffUserBody,
} from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { createStaffUser, resetStaffPassword, updateStaffUser } from '@/api/users';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
import { i18n } from '@/locales';
import { useDirectoryStore } from '@/store/directory';
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

/** The staff dialog: creates an outlet manager or platform admin, or changes a name, role or outlet. */
export function staffDialog(user: StaffUserView | null): SchemaFormConfig<StaffForm, StaffUserView> {
  const creating = user === null;
  return {
    title: (t) => (user ? t('users.editTitle', { name: user.name }) : t('users.create')),
    initial: () => (user ? staffToForm(user) : emptyStaffForm()),
    onOpen: () => void useDirectoryStore().ensureOutlets().catch(() => undefined),
    rules: (form, t) => staffRules(t, form, creating),
    fields: [
      { prop: 'role', label: 'users.role', widget: 'radio', options: ({ t }) => MANAGED_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })) },
      {
        prop: 'outletId',
        label: 'users.outlet',
        widget: 'select',
        show: (form) => form.role === 'outlet_manager',
        options: () => useDirectoryStore().outlets.map((o) => ({ value: o.id, label: o.name })),
      },
      { prop: 'username', label: 'users.username', widget: 'input', attrs: () => ({ disabled: !creating, autocomplete: 'off' }) },
      { prop: 'password', label: 'users.password', widget: 'password', show: () => creating },
      { prop: 'name', label: 'users.name', widget: 'input', attrs: () => ({ maxlength: 40 }) },
    ],
    submit: (form) => {
      if (!user) return createStaffUser(formToCreateStaff(form));
      const patch = formToUpdateStaff(user, form);
      return patch ? updateStaffUser(user.id, patch) : Promise.resolve(null);
    },
    success: (saved) => i18n.global.t('users.saved', { name: saved.name }),
  };
}

/** Sets a new password (checked by the shared body schema); the server signs the account out everywhere. */
export function passwordDialog(user: StaffUserView | null): SchemaFormConfig<{ password: string }, true> {
  return {
    title: (t) => t('users.resetTitle', { name: user?.name ?? '' }),
    width: '440px',
    labelPosition: 'top',
    submitText: 'users.resetPassword',
    initial: () => ({ password: '' }),
    schema: { body: ResetPasswordBody, toBody: (form) => form },
    fields: [{ prop: 'password', label: 'users.newPassword', widget: 'password' }],
    submit: async (form) => {
      if (user) await resetStaffPassword(user.id, form.password);
      return true;
    },
    success: () => i18n.global.t('users.passwordReset', { name: user?.name ?? '' }),
  };
}

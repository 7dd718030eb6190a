import {
  CustomerListQuery,
  MANAGED_ROLES,
  STAFF_ROLES,
  type CustomerSummaryView,
  CreateStaffUserBody,
  ResetPasswordBody,
  type ManagedRole,
  type StaffUserView,
  type UpdateStaffUserBody,
} from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { createStaffUser, resetStaffPassword, updateStaffUser } from '@/api/users';
import type { Column, FilterField } from '@/composables/useResourceList';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
import { formatDateTime } from '@/utils/format';
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

/** Customers are searched by the last four digits of their phone (S10). */
export const customerFilters: FilterField[] = [
  { key: 'q', label: 'users.phoneTail', widget: 'search', width: '120px', attrs: { maxlength: 4, inputmode: 'numeric' }, rule: ({ t }) => zodRule(CustomerListQuery, 'q', t('users.phoneTail')) },
];

const statusTag = (row: { status: string }, t: (key: string) => string) => ({ type: row.status === 'active' ? ('success' as const) : ('info' as const), text: t(`users.statuses.${row.status}`) });

export const customerColumns: Column<CustomerSummaryView>[] = [
  { key: 'name', label: 'users.name', prop: 'name', minWidth: 120 },
  { key: 'phone', label: 'orders.phone', width: 140, text: (row) => row.phoneMasked ?? '—' },
  { key: 'wechat', label: 'users.wechat', width: 100, text: (row, { t }) => (row.wechatLinked ? t('common.yes') : t('common.no')) },
  { key: 'status', label: 'users.status', width: 100, tag: (row, { t }) => statusTag(row, t) },
  { key: 'lastLogin', label: 'users.lastLogin', width: 160, text: (row) => formatDateTime(row.lastLoginAt) },
  { key: 'createdAt', label: 'users.createdAt', width: 160, text: (row) => formatDateTime(row.createdAt) },
];

export const staffFilters: FilterField[] = [
  { key: 'q', label: 'users.search', widget: 'search', placeholder: 'users.searchPlaceholder', width: '170px' },
  { key: 'role', label: 'users.role', widget: 'select', width: '130px', options: ({ t }) => STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })) },
  { key: 'outletId', label: 'users.outlet', widget: 'select', width: '150px', options: () => useDirectoryStore().outlets.map((o) => ({ value: o.id, label: o.name })) },
  { key: 'status', label: 'users.status', widget: 'select', width: '110px', options: ({ t }) => (['active', 'disabled'] as const).map((s) => ({ value: s, label: t(`users.statuses.${s}`) })) },
];

export const staffColumns: Column<StaffUserView>[] = [
  { key: 'name', label: 'users.name', prop: 'name', minWidth: 110 },
  { key: 'username', label: 'users.username', prop: 'username', minWidth: 140 },
  { key: 'role', label: 'users.role', width: 110, text: (row, { t }) => t(`roles.${row.role}`) },
  { key: 'outlet', label: 'users.outlet', width: 140, text: (row, { t }) => row.outletName ?? t('layout.allOutlets') },
  { key: 'status', label: 'users.status', width: 130 },
  { key: 'lastLogin', label: 'users.lastLogin', width: 160, text: (row) => formatDateTime(row.lastLoginAt) },
  { key: 'actions', label: 'common.actions', width: 220, fixed: 'right' },
];

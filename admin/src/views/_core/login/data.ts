import { isOneOf, StaffLoginBody } from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { i18n } from '@/locales';
import { RoleNotAllowedError } from '@/store/auth';
import { errorText } from '@/api/notify';
import { ApiError } from '@/utils/request';
import { zodRule } from '@/utils/zodRules';

export type LoginField = keyof StaffLoginBody;
export const LOGIN_FIELDS: readonly LoginField[] = ['username', 'password'];

/**
 * Rules come from the shared schema the server validates with; only the wording is the admin's. Takes the view's
 * `t` so a computed around it re-runs when the language changes.
 */
export function loginRules(t: (key: string) => string): FormRules<StaffLoginBody> {
  return {
    username: [zodRule(StaffLoginBody, 'username', t('login.username'))],
    password: [zodRule(StaffLoginBody, 'password', t('login.password'))],
  };
}

export interface LoginProblem {
  /** Shown in the alert above the form. */
  message: string | null;
  /** Shown under the field they name. */
  fields: Partial<Record<LoginField, string>>;
}

function retryHint(seconds: number | null): string {
  const { t } = i18n.global;
  if (!seconds) return '';
  return seconds >= 60
    ? ` ${t('login.retryAfterMinutes', { n: Math.ceil(seconds / 60) })}`
    : ` ${t('login.retryAfterSeconds', { n: seconds })}`;
}

/** Turns whatever sign-in threw into what the form shows: field messages where the server named a field. */
export function describeLoginError(error: unknown): LoginProblem {
  const { t } = i18n.global;
  if (error instanceof RoleNotAllowedError) {
    return { message: t('login.roleNotAllowed', { role: t(`roles.${error.role}`) }), fields: {} };
  }
  if (!(error instanceof ApiError)) return { message: t('login.failed'), fields: {} };

  const fields: LoginProblem['fields'] = {};
  for (const field of error.fields) {
    if (isOneOf(LOGIN_FIELDS, field.path)) fields[field.path] = field.message;
  }
  const named = Object.keys(fields).length > 0;
  return { message: named ? null : errorText(error) + retryHint(error.retryAfterSeconds), fields };
}

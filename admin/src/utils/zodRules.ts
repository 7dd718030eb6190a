import type { FormItemRule } from 'element-plus';
import { i18n } from '@/locales';

/**
 * The parts of a zod issue the helper reads. Typed by shape so the admin validates with the shared schemas
 * without depending on zod itself.
 */
export interface FieldIssue {
  code: string;
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

export interface FieldSchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly FieldIssue[] } };
}

export type IssueDescriber = (issue: FieldIssue) => string;

/** An Element Plus validator that runs one shared schema field, so the form checks exactly what the server checks. */
export function zodFieldValidator(schema: FieldSchema, describe: IssueDescriber = (issue) => issue.message) {
  const validator: NonNullable<FormItemRule['validator']> = (_rule, value, callback) => {
    const result = schema.safeParse(value);
    if (result.success) return callback();
    const issue = result.error.issues[0];
    callback(new Error(issue ? describe(issue) : ''));
  };
  return validator;
}

/**
 * Length and presence problems are worded by the admin's locale (zod's defaults are English); anything else keeps
 * the shared schema's own message, which names the rule (e.g. "请输入 11 位手机号").
 */
export function describeIssue(issue: FieldIssue, label: string): string {
  const { t } = i18n.global;
  if (issue.origin === 'string' && issue.code === 'too_small') {
    return Number(issue.minimum) <= 1
      ? t('validation.required', { field: label })
      : t('validation.min', { field: label, min: Number(issue.minimum) });
  }
  if (issue.origin === 'string' && issue.code === 'too_big') {
    return t('validation.max', { field: label, max: Number(issue.maximum) });
  }
  return issue.message;
}

/** One form-item rule for `field` of a shared zod object schema, labelled for messages. */
export function zodRule<S extends { shape: Record<string, FieldSchema> }>(
  schema: S,
  field: keyof S['shape'] & string,
  label: string,
  trigger: FormItemRule['trigger'] = 'blur',
): FormItemRule {
  const fieldSchema = schema.shape[field];
  if (!fieldSchema) throw new Error(`schema has no field "${field}"`);
  return { trigger, validator: zodFieldValidator(fieldSchema, (issue) => describeIssue(issue, label)) };
}

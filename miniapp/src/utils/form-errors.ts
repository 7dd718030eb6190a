import type { ErrorId } from '@fangxin/shared'
import { ApiError } from '@/services/api-client'

/** Message per field name, shown under the field. */
export type FieldErrors = Record<string, string>

export interface FormErrors {
  fields: FieldErrors
  /** Shown above the submit button when no field took the error. */
  message: string | null
}

export const NO_ERRORS: FormErrors = { fields: {}, message: null }

/** First message per field from a schema's issues (zod's `error.issues`). */
export function issuesToFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of issues) {
    const path = issue.path.map(String).join('.')
    if (path && !(path in fields)) fields[path] = issue.message
  }
  return fields
}

/**
 * Places a failed call's error on the form: server field errors go next to the fields they name (when the form
 * has that field), ids listed in `idToField` go next to that field, and anything else becomes the form message.
 */
export function toFormErrors(
  err: unknown,
  formFields: readonly string[],
  idToField: Partial<Record<ErrorId, string>> = {},
): FormErrors {
  if (!(err instanceof ApiError)) return { fields: {}, message: '操作失败，请稍后重试' }
  const fields: FieldErrors = {}
  for (const f of err.fields) {
    if (formFields.includes(f.path) && !(f.path in fields)) fields[f.path] = f.message
  }
  const target = idToField[err.id as ErrorId]
  if (target && !(target in fields)) fields[target] = err.message
  if (Object.keys(fields).length > 0) return { fields, message: null }
  const ref = err.status >= 500 && err.requestId ? `（请求编号 ${err.requestId}）` : ''
  return { fields: {}, message: err.message + ref }
}

import {
  CreateOrderBody,
  type CategoryCode,
  type ErrorId,
  type ServiceTypeCode,
  type SlotWindowCode,
} from '@fangxin/shared'
import { ApiError } from '@/services/api-client'
import { issuesToFieldErrors, type FieldErrors, type FormErrors } from '@/utils/form-errors'

/** What the customer has chosen so far. */
export interface BookingDraft {
  category: CategoryCode | null
  serviceType: ServiceTypeCode | null
  /** null: no appliance on file for this booking. */
  applianceId: string | null
  faultDescription: string
  photoIds: string[]
  addressId: string | null
  slot: { day: string; window: SlotWindowCode } | null
  /** Issue 19: the customer marked the fault urgent. */
  urgent: boolean
}

export const EMPTY_DRAFT: BookingDraft = {
  category: null,
  serviceType: null,
  applianceId: null,
  faultDescription: '',
  photoIds: [],
  addressId: null,
  slot: null,
  urgent: false,
}

export const STEPS = [
  { key: 'service', title: '选择服务' },
  { key: 'fault', title: '描述问题' },
  { key: 'visit', title: '地址时间' },
  { key: 'review', title: '确认提交' },
] as const
export type StepKey = (typeof STEPS)[number]['key']

/** The step where each field of the order body is chosen, so a server error can send the customer to it. */
export const FIELD_STEP: Record<string, StepKey> = {
  category: 'service',
  serviceType: 'service',
  applianceId: 'service',
  faultDescription: 'fault',
  photoIds: 'fault',
  urgent: 'fault',
  addressId: 'visit',
  slot: 'visit',
}

/** `slot.day` → `slot`, `photoIds.2` → `photoIds`: the part of the form a field path belongs to. */
export function formField(path: string): string {
  return path.split('.')[0] ?? path
}

/** Errors that name no field but clearly belong to one. */
const ID_FIELD: Partial<Record<ErrorId, string>> = {
  slot_full: 'slot',
  slot_unavailable: 'slot',
  too_late_to_change: 'slot',
  outside_coverage: 'addressId',
}

/** The body to send, or the fields still missing (checked with the shared schema, the server's own contract). */
export function toOrderBody(draft: BookingDraft): { ok: true; body: CreateOrderBody } | { ok: false; fields: FieldErrors } {
  const parsed = CreateOrderBody.safeParse({
    category: draft.category ?? undefined,
    serviceType: draft.serviceType ?? undefined,
    addressId: draft.addressId ?? undefined,
    applianceId: draft.applianceId ?? undefined,
    faultDescription: draft.faultDescription,
    photoIds: draft.photoIds,
    slot: draft.slot ?? undefined,
    urgent: draft.urgent,
  })
  if (parsed.success) return { ok: true, body: parsed.data }
  const fields: FieldErrors = {}
  for (const [path, message] of Object.entries(issuesToFieldErrors(parsed.error.issues))) {
    const field = formField(path)
    fields[field] ??= message
  }
  if (fields.category) fields.category = '请选择家电品类'
  if (fields.serviceType) fields.serviceType = '请选择服务类型'
  if (fields.addressId) fields.addressId = '请选择服务地址'
  if (fields.slot) fields.slot = '请选择上门时间'
  return { ok: false, fields }
}

/** Missing choices of one step, so 下一步 can say what is missing before the customer reaches the review. */
export function stepErrors(draft: BookingDraft, step: StepKey): FieldErrors {
  const check = toOrderBody(draft)
  if (check.ok) return {}
  const mine: FieldErrors = {}
  for (const [field, message] of Object.entries(check.fields)) if (FIELD_STEP[field] === step) mine[field] = message
  return mine
}

/** A failed submission on the review screen: each server field error next to its field, the rest as one message. */
export function bookingErrors(err: unknown): FormErrors {
  if (!(err instanceof ApiError)) return { fields: {}, message: '提交失败，请稍后重试' }
  const fields: FieldErrors = {}
  for (const f of err.fields) {
    const field = formField(f.path)
    if (field in FIELD_STEP) fields[field] ??= f.message
  }
  const target = ID_FIELD[err.id as ErrorId]
  if (target) fields[target] ??= err.message
  if (Object.keys(fields).length > 0) return { fields, message: null }
  const ref = err.status >= 500 && err.requestId ? `（请求编号 ${err.requestId}）` : ''
  return { fields: {}, message: err.message + ref }
}

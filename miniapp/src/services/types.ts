/**
 * Response shapes the server documents in its OpenAPI document but that have no shared schema (yet). Everything
 * with a schema in @fangxin/shared is imported from there instead.
 */
import type { SlotWindowCode, UploadKind as SharedUploadKind } from '@fangxin/shared'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface AvailabilityWindow {
  window: SlotWindowCode
  label: string
  startAt: string
  endAt: string
  remaining: number
  bookable: boolean
}

export interface Availability {
  /** False when no outlet serves the district. */
  covered: boolean
  days: Array<{ day: string; windows: AvailabilityWindow[] }>
}

/** S4: what the customer shows the engineer on arrival. */
export interface ServiceCode {
  serviceCode: string
  /** What the QR code holds: `FXSC:<orderNo>:<code>`. */
  qrText: string
  expiresAt: string
}

/** One entry of an order's hash-chained timeline (shared TimelineEventView). */
export interface TimelineEvent {
  seq: number
  type: string
  at: string
  actor: { id: string | null; role: string; name: string }
  data: Record<string, unknown>
  prevHash: string
  hash: string
}

/** shared ChainVerdictView */
export interface ChainVerdict {
  valid: boolean
  events: number
  brokenAt?: number
  reason?: string
  head: string
}

export interface Timeline {
  events: TimelineEvent[]
  verdict: ChainVerdict
}

export interface ReceiptItem {
  code: string | null
  name: string
  kind: 'labour' | 'part' | 'fee'
  unit: string
  quantity: number
  unitPriceFen: number
  chargedUnitFen: number
  amountFen: number
  coveredBy: 'appliance_warranty' | 'rework' | null
  offCatalogue: boolean
  reason: string | null
  warrantyDays: number
  warrantyUntil: string | null
}

/** The e-receipt of a paid order. */
export interface Receipt {
  orderNo: string
  receiptNo: string
  service: string
  outlet: { name: string; phone: string; address: string }
  engineer: { name: string; employeeNo: string } | null
  catalogVersion: number
  quoteNo: number
  items: ReceiptItem[]
  totalFen: number
  payment: { method: string; amountFen: number; paidAt: string }
}

/** What the apps upload (staff photos are the admin's). */
export type UploadKind = Exclude<SharedUploadKind, 'engineer_photo'>

import { categoryName, DEADLINE_STATE_LABELS, shanghaiDateTime, shanghaiDay, describeDistrict, PAYMENT_METHOD_LABELS, PAYMENT_METHODS, SERVICE_TYPES, serviceTypeName, slotWindow, type OrderView, type PaymentMethod } from '@fangxin/shared'

export type OrderDeadline = NonNullable<OrderView['deadlines']>[number]
export type DeadlineState = OrderDeadline['state']

/** Money is integer fen everywhere; people read yuan with two decimals. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  return `${sign}¥${(Math.abs(fen) / 100).toFixed(2)}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An instant as Beijing time, `2026-06-18 14:05` (times are stored in UTC and shown in Asia/Shanghai). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '—' : shanghaiDateTime(d).slice(0, 16)
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** `06-18 周三` for a `YYYY-MM-DD` day; 今天 / 明天 relative to `today`. */
export function dayLabel(day: string, today?: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  const short = `${day.slice(5)} 周${WEEKDAYS[d.getUTCDay()]}`
  if (today && day === today) return `今天 ${short}`
  if (today) {
    const next = new Date(`${today}T00:00:00Z`)
    next.setUTCDate(next.getUTCDate() + 1)
    if (next.toISOString().slice(0, 10) === day) return `明天 ${short}`
  }
  return short
}

/** `2026-06-18 上午 09:00-11:00` */
export function slotText(slot: { day: string; window: string }): string {
  const w = slotWindow(slot.window)
  return `${slot.day} ${w?.label ?? slot.window}`
}

/** `空调 · 维修` */
export function serviceText(category: string, serviceType: string): string {
  return `${categoryName(category)} · ${serviceTypeName(serviceType)}`
}

export const SERVICE_TYPE_OPTIONS = SERVICE_TYPES.map((s) => ({ label: s.name, value: s.code }))

/** `浙江省 杭州市 西湖区` from a district code, or the code itself when the table does not know it. */
export function districtText(code: string): string {
  const d = describeDistrict(code)
  const parts = [d.provinceName, d.cityName !== d.provinceName ? d.cityName : null, d.districtName].filter(Boolean)
  return parts.length ? parts.join(' ') : code
}

const DEADLINE_TONE: Record<DeadlineState, 'success' | 'danger' | 'warning' | 'default'> = {
  met: 'success',
  early: 'warning',
  missed: 'danger',
  pending: 'default',
  at_risk: 'warning',
  breached: 'danger',
  paused: 'default',
  not_started: 'default',
  void: 'default',
}

/** Each deadline state's words (shared with the admin) and the colour the app shows it in. */
export const DEADLINE_STATE_TEXT = Object.fromEntries(
  (Object.keys(DEADLINE_TONE) as DeadlineState[]).map((s) => [s, { text: DEADLINE_STATE_LABELS[s], tone: DEADLINE_TONE[s] }]),
) as Record<DeadlineState, { text: string; tone: 'success' | 'danger' | 'warning' | 'default' }>

export const PAYMENT_METHOD_OPTIONS = PAYMENT_METHODS.map((value) => ({ value, label: PAYMENT_METHOD_LABELS[value] }))

export function paymentMethodText(method: string): string {
  return PAYMENT_METHOD_LABELS[method as PaymentMethod] ?? method
}

export const ITEM_KIND_TEXT: Record<string, string> = { labour: '人工', part: '配件', fee: '附加费' }

/** Today as a Beijing calendar day, `YYYY-MM-DD`. */
export function todayInShanghai(now = Date.now()): string {
  return shanghaiDay(new Date(now))
}

/** `mm:ss` for a countdown. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`
}

import type { CardOrderMatch, CardVerification } from '@fangxin/shared'

export interface CheckLine {
  ok: boolean
  text: string
}

export interface Verdict {
  /** Safe to let the engineer in: the card is genuine and (when an order is in question) everything matches. */
  pass: boolean
  headline: string
  detail: string
  /** The checks against the order, each with its result in words. */
  checks: CheckLine[]
  /** The order the checks are about, if any. */
  order: CardOrderMatch | null
}

/**
 * Turns the server's answer into what the customer needs to see at the door: one unmistakable headline, and for the
 * order in question exactly which check failed. `orderId` picks the order (from the order page); otherwise the
 * first order of theirs the engineer is assigned to, else their first active order.
 */
export function readVerification(result: CardVerification, orderId?: string): Verdict {
  const order =
    result.orders.find((o) => o.orderId === orderId) ??
    (orderId ? null : (result.orders.find((o) => o.assignedToThisOrder) ?? result.orders[0] ?? null))
  if (result.verdict !== 'genuine') {
    return { pass: false, headline: result.label, detail: result.detail, checks: [], order }
  }
  if (!order) {
    return {
      pass: true,
      headline: '工作证真实有效',
      detail: orderId ? '该订单当前不在服务中，无法比对是否为本单工程师。' : '工作证由放心服务签发，工程师在岗。您当前没有进行中的订单可供比对。',
      checks: [],
      order: null,
    }
  }
  const checks: CheckLine[] = [
    { ok: order.assignedToThisOrder, text: order.assignedToThisOrder ? '是您订单的指派工程师' : '不是您订单的指派工程师' },
    { ok: order.inTimeWindow, text: order.inTimeWindow ? '在预约的上门时间范围内' : '不在预约的上门时间范围内' },
    { ok: order.qualifiedForCategory, text: order.qualifiedForCategory ? '具备该品类的服务资质' : '不具备该品类的服务资质（技能或证书不符）' },
  ]
  if (order.match) {
    return { pass: true, headline: '真实有效 · 本单工程师', detail: `工作证真实有效，且是订单 ${order.orderNo} 的指派工程师，可以放心开门。`, checks, order }
  }
  const failed = checks.filter((c) => !c.ok).map((c) => c.text)
  return {
    pass: false,
    headline: order.assignedToThisOrder ? '工作证真实，但有一项不符' : '不是您订单的工程师',
    detail: `${failed.join('；')}。请先不要让其开始服务，可联系网点或放心服务客服确认。`,
    checks,
    order,
  }
}

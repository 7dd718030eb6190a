import { withHotline, type CardOrderMatch, type CardVerification } from '@fangxin/shared'

export interface CheckLine {
  /** ok: a ✓; bad: a ✗ that should stop the customer; note: a ! the customer decides on (an early arrival). */
  state: 'ok' | 'bad' | 'note'
  text: string
}

export interface Verdict {
  /** Safe to let the engineer in: the card is genuine and (when an order is in question) everything matches. */
  pass: boolean
  /** green; amber (genuine and his, but early: the customer decides); red. */
  tone: 'pass' | 'warn' | 'fail'
  headline: string
  detail: string
  /** The checks against the order, each with its result in words. */
  checks: CheckLine[]
  /** The order the checks are about, if any. */
  order: CardOrderMatch | null
}

/**
 * Turns the server's answer into what the customer needs to see at the door: one unmistakable headline — whether
 * this is the engineer assigned to their order now — and for that order exactly which check failed. The arrival
 * words are the shared arrival rule's (the same the engineer's check-in records). `orderId` picks the order (from the
 * order page); otherwise the first order of theirs the engineer is assigned to, else their first active order.
 */
export function readVerification(result: CardVerification, orderId?: string): Verdict {
  const order =
    result.orders.find((o) => o.orderId === orderId) ??
    (orderId ? null : (result.orders.find((o) => o.assignedToThisOrder) ?? result.orders[0] ?? null))
  if (result.verdict !== 'genuine') {
    return { pass: false, tone: 'fail', headline: result.label, detail: result.detail, checks: [], order }
  }
  if (!order) {
    return {
      pass: true,
      tone: 'pass',
      headline: '工作证真实有效',
      detail: orderId ? '该订单当前不在服务中，无法比对是否为本单工程师。' : '工作证由放心服务签发，工程师在岗。您当前没有进行中的订单可供比对。',
      checks: [],
      order: null,
    }
  }
  const { arrival } = order
  const checks: CheckLine[] = [
    { state: order.assignedToThisOrder ? 'ok' : 'bad', text: order.assignedToThisOrder ? '是您订单当前指派的工程师' : '不是您订单当前指派的工程师' },
    { state: arrival.timing === 'early' ? 'note' : arrival.timing === 'other_day' ? 'bad' : 'ok', text: arrival.label },
    { state: order.qualifiedForCategory ? 'ok' : 'bad', text: order.qualifiedForCategory ? '具备该品类的服务资质' : '不具备该品类的服务资质（技能或证书不符）' },
  ]
  const callUs = (text: string) => withHotline(text, result.hotline)
  if (!order.assignedToThisOrder) {
    return {
      pass: false,
      tone: 'fail',
      headline: '这不是您订单当前指派的工程师',
      detail: callUs(`工作证是真的，但订单 ${order.orderNo} 现在指派的不是这位工程师。请先不要让其开始服务，可联系网点或放心服务客服确认。`),
      checks,
      order,
    }
  }
  if (order.match && arrival.timing === 'early') {
    // His visit, but early: identity confirmed, the customer decides about the time (the shared arrival rule's words).
    return { pass: true, tone: 'warn', headline: `这是您订单当前指派的工程师 · ${arrival.label}`, detail: arrival.advice, checks, order }
  }
  if (order.match) {
    return {
      pass: true,
      tone: 'pass',
      headline: '这是您订单当前指派的工程师',
      detail: `工作证真实有效，是订单 ${order.orderNo} 的指派工程师，${arrival.label}，可以放心开门。`,
      checks,
      order,
    }
  }
  const failed = checks.filter((c) => c.state !== 'ok').map((c) => c.text)
  return {
    pass: false,
    tone: 'fail',
    headline: '是您订单的工程师，但有一项不符',
    detail: callUs(`${failed.join('；')}。请先不要让其开始服务，可联系网点或放心服务客服确认。`),
    checks,
    order,
  }
}

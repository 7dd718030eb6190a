import type { OrderView } from '@fangxin/shared'

/** The quote the customer confirmed (what they agreed to pay), if any. */
export function confirmedQuote(order: OrderView) {
  return order.quotes.find((q) => q.no === order.confirmedQuoteNo && q.status === 'confirmed') ?? null
}

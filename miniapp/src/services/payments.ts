import { api as contract, type PrepayBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/**
 * Issue 20.4, online payment: what is due on an order, starting a WeChat payment, asking the server for the result
 * (it asks WeChat Pay when no notification has come yet). The app never decides that an order is paid: the server's
 * answer does.
 */
export function createPaymentsApi(client: ApiClient) {
  const order = (id: string) => ({ params: { id } })
  return {
    ofOrder: (id: string) => client.call(contract.payments.ofOrder, order(id)),
    prepay: (id: string, body: PrepayBody) => client.call(contract.payments.prepay, { ...order(id), body }),
    sync: (id: string) => client.call(contract.payments.sync, order(id)),
    /** Development and demos: what requestPayment does in WeChat, at the local WeChat Pay stand-in. */
    standInConfirm: (id: string, outTradeNo: string) => client.call(contract.payments.standInConfirm, { ...order(id), body: { outTradeNo } }),
  }
}

export type PaymentsApi = ReturnType<typeof createPaymentsApi>
export const paymentsApi = createPaymentsApi(api)

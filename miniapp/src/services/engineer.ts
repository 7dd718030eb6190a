import { api as contract, type EngineerTaskScope, type PaymentBody, type QuoteBody, type ReportBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

export type TaskScope = EngineerTaskScope

/** Engineer mode: the work card, offers and tasks, and every field step of an order. */
export function createEngineerApi(client: ApiClient) {
  const order = (id: string) => ({ params: { id } })
  return {
    myCard: () => client.call(contract.cards.mine),
    offers: async () => (await client.call(contract.orders.offers)).items,
    tasks: (scope: TaskScope, page = 1) => client.call(contract.orders.tasks, { query: { scope, page, pageSize: 50 } }),
    get: (id: string) => client.call(contract.orders.get, order(id)),
    claim: (id: string) => client.call(contract.orders.claim, order(id)),
    accept: (id: string) => client.call(contract.orders.accept, order(id)),
    decline: (id: string, reason: string) => client.call(contract.orders.decline, { ...order(id), body: { reason } }),
    depart: (id: string) => client.call(contract.orders.depart, order(id)),
    /** The scanned service-code QR text (`FXSC:<orderNo>:<code>`) or the code typed in. */
    checkIn: (id: string, serviceCode: string) => client.call(contract.orders.checkIn, { ...order(id), body: { serviceCode } }),
    quote: (id: string, body: QuoteBody) => client.call(contract.orders.quote, { ...order(id), body }),
    start: (id: string) => client.call(contract.orders.start, order(id)),
    waitForParts: (id: string, reason: string, expectedDate: string) => client.call(contract.orders.waitForParts, { ...order(id), body: { reason, expectedDate } }),
    resume: (id: string) => client.call(contract.orders.resume, order(id)),
    report: (id: string, body: ReportBody) => client.call(contract.orders.report, { ...order(id), body }),
    payment: (id: string, body: PaymentBody) => client.call(contract.orders.payment, { ...order(id), body }),
    complete: (id: string) => client.call(contract.orders.complete, order(id)),
  }
}

export type EngineerApi = ReturnType<typeof createEngineerApi>
export const engineerApi = createEngineerApi(api)

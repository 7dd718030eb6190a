import { api as contract, type OrderSummary, type OrderView, type PaymentBody, type QuoteBody, type ReportBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'
import type { Page } from './types'

export type TaskScope = 'today' | 'upcoming' | 'history'

/** Engineer mode: the work card, offers and tasks, and every field step of an order. */
export function createEngineerApi(client: ApiClient) {
  const post = (id: string, action: string, body?: unknown) => client.post<OrderView>(`/orders/${id}/${action}`, body)
  return {
    myCard: () => client.call(contract.cards.mine),
    offers: async () => (await client.get<{ items: OrderSummary[] }>('/engineer/offers')).items,
    tasks: (scope: TaskScope, page = 1) => client.get<Page<OrderSummary>>('/engineer/orders', { query: { scope, page, pageSize: 50 } }),
    get: (id: string) => client.get<OrderView>(`/orders/${id}`),
    claim: (id: string) => post(id, 'claim'),
    accept: (id: string) => post(id, 'accept'),
    decline: (id: string, reason: string) => post(id, 'decline', { reason }),
    depart: (id: string) => post(id, 'depart'),
    /** The scanned service-code QR text (`FXSC:<orderNo>:<code>`) or the code typed in. */
    checkIn: (id: string, serviceCode: string) => post(id, 'check-in', { serviceCode }),
    quote: (id: string, body: QuoteBody) => post(id, 'quotes', body),
    start: (id: string) => post(id, 'start'),
    waitForParts: (id: string, reason: string, expectedDate: string) => post(id, 'wait-for-parts', { reason, expectedDate }),
    resume: (id: string) => post(id, 'resume'),
    report: (id: string, body: ReportBody) => post(id, 'report', body),
    payment: (id: string, body: PaymentBody) => post(id, 'payment', body),
    complete: (id: string) => post(id, 'complete'),
  }
}

export type EngineerApi = ReturnType<typeof createEngineerApi>
export const engineerApi = createEngineerApi(api)

import type { CategoryCode, CreateOrderBody, OrderStatus, OrderSummary, OrderView, SlotWindowCode } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'
import type { Availability, Page, Receipt, ServiceCode, Timeline } from './types'

export interface SlotChoice {
  day: string
  window: SlotWindowCode
}

/** The customer's side of an order: booking, tracking, and the decisions only the customer makes. */
export function createOrdersApi(client: ApiClient) {
  const post = (id: string, action: string, body?: unknown) => client.post<OrderView>(`/orders/${id}/${action}`, body)
  return {
    availability: (query: { districtCode: string; category: CategoryCode; from: string; to: string }) =>
      client.get<Availability>('/slots/availability', { query, auth: false }),
    /**
     * Books a service. The same `idempotencyKey` on a retry or a second tap returns the order already made instead
     * of making another one.
     */
    create: (body: CreateOrderBody, idempotencyKey: string) =>
      client.post<OrderView>('/orders', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    mine: (query: { status?: OrderStatus; page?: number; pageSize?: number } = {}) =>
      client.get<Page<OrderSummary>>('/orders/mine', { query }),
    get: (id: string) => client.get<OrderView>(`/orders/${id}`),
    timeline: (id: string) => client.get<Timeline>(`/orders/${id}/timeline`),
    cancel: (id: string, reason: string) => post(id, 'cancel', { reason }),
    reschedule: (id: string, slot: SlotChoice) => post(id, 'reschedule', { slot }),
    serviceCode: (id: string) => client.post<ServiceCode>(`/orders/${id}/service-code`),
    confirmQuote: (id: string, no: number) => post(id, `quotes/${no}/confirm`),
    rejectQuote: (id: string, no: number, reason: string) => post(id, `quotes/${no}/reject`, { reason }),
    acceptWork: (id: string) => post(id, 'accept-work'),
    receipt: (id: string) => client.get<Receipt>(`/orders/${id}/receipt`),
  }
}

export type OrdersApi = ReturnType<typeof createOrdersApi>
export const ordersApi = createOrdersApi(api)

import { api as contract, type CategoryCode, type CreateOrderBody, type OrderStatus, type RescheduleBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** A day and one of its windows. */
export type SlotChoice = RescheduleBody['slot']

/** The customer's side of an order: booking, tracking, and the decisions only the customer makes. */
export function createOrdersApi(client: ApiClient) {
  return {
    availability: (query: { districtCode: string; category: CategoryCode; from: string; to: string }) => client.call(contract.orders.availability, { query }),
    /**
     * Books a service. The same `idempotencyKey` on a retry or a second tap returns the order already made instead
     * of making another one.
     */
    create: (body: CreateOrderBody, idempotencyKey: string) => client.call(contract.orders.create, { body, headers: { 'idempotency-key': idempotencyKey } }),
    mine: (query: { status?: OrderStatus; page?: number; pageSize?: number } = {}) => client.call(contract.orders.mine, { query }),
    get: (id: string) => client.call(contract.orders.get, { params: { id } }),
    timeline: (id: string) => client.call(contract.orders.timeline, { params: { id } }),
    cancel: (id: string, reason: string) => client.call(contract.orders.cancel, { params: { id }, body: { reason } }),
    reschedule: (id: string, slot: SlotChoice) => client.call(contract.orders.reschedule, { params: { id }, body: { slot } }),
    serviceCode: (id: string) => client.call(contract.orders.serviceCode, { params: { id } }),
    /** Who to call about the order (for its customer or its assigned engineer; phone numbers only while it is active). */
    contacts: (id: string) => client.call(contract.orders.contacts, { params: { id } }),
    confirmQuote: (id: string, no: number) => client.call(contract.orders.confirmQuote, { params: { id, no } }),
    rejectQuote: (id: string, no: number, reason: string) => client.call(contract.orders.rejectQuote, { params: { id, no }, body: { reason } }),
    acceptWork: (id: string) => client.call(contract.orders.acceptWork, { params: { id } }),
    receipt: (id: string) => client.call(contract.orders.receipt, { params: { id } }),
  }
}

export type OrdersApi = ReturnType<typeof createOrdersApi>
export const ordersApi = createOrdersApi(api)

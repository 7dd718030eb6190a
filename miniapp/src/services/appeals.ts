import { api as contract, type AppealState, type FileAppealBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/**
 * Issue 20.2, engineer mode: what of an order counts against the engineer, filing an appeal with evidence, his
 * appeals and their outcome. The server never sends him anything of a survey (S7).
 */
export function createAppealsApi(client: ApiClient) {
  const order = (id: string) => ({ params: { id } })
  return {
    items: (orderId: string) => client.call(contract.appeals.items, order(orderId)),
    file: (orderId: string, body: FileAppealBody) => client.call(contract.appeals.file, { ...order(orderId), body }),
    list: (page = 1, state?: AppealState) => client.call(contract.appeals.list, { query: { page, pageSize: 50, ...(state ? { state } : {}) } }),
    get: (id: string) => client.call(contract.appeals.get, order(id)),
    withdraw: (id: string) => client.call(contract.appeals.withdraw, order(id)),
    timeline: (orderId: string) => client.call(contract.orders.timeline, order(orderId)),
    photos: (orderId: string) => client.call(contract.uploads.orderPhotos, order(orderId)),
  }
}

export type AppealsApi = ReturnType<typeof createAppealsApi>
export const appealsApi = createAppealsApi(api)

import { api as contract } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** Issue 20.3: one of my appliances over its life, and the free second visit a booking for it is offered. */
export function createAppliancesApi(client: ApiClient) {
  return {
    life: (id: string) => client.call(contract.appliances.life, { params: { id } }),
    secondVisitOffer: async (id: string) => (await client.call(contract.appliances.secondVisitOffer, { params: { id } })).offer,
  }
}

export type AppliancesApi = ReturnType<typeof createAppliancesApi>
export const appliancesApi = createAppliancesApi(api)

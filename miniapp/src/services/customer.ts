import type { AddressInput, AddressPatch, AddressView, ApplianceInput, AppliancePatch, ApplianceView } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** The signed-in customer's address book and appliances. */
export function createCustomerApi(client: ApiClient) {
  return {
    addresses: async () => (await client.get<{ items: AddressView[] }>('/me/addresses')).items,
    addAddress: (body: AddressInput) => client.post<AddressView>('/me/addresses', body),
    updateAddress: (id: string, patch: AddressPatch) => client.patch<AddressView>(`/me/addresses/${id}`, patch),
    removeAddress: (id: string) => client.delete<void>(`/me/addresses/${id}`),
    appliances: async () => (await client.get<{ items: ApplianceView[] }>('/me/appliances')).items,
    addAppliance: (body: ApplianceInput) => client.post<ApplianceView>('/me/appliances', body),
    updateAppliance: (id: string, patch: AppliancePatch) => client.patch<ApplianceView>(`/me/appliances/${id}`, patch),
    removeAppliance: (id: string) => client.delete<void>(`/me/appliances/${id}`),
  }
}

export type CustomerApi = ReturnType<typeof createCustomerApi>
export const customerApi = createCustomerApi(api)

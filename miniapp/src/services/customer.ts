import { api as contract, type AddressInput, type AddressPatch, type ApplianceInput, type AppliancePatch } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** The signed-in customer's address book and appliances. */
export function createCustomerApi(client: ApiClient) {
  return {
    addresses: async () => (await client.call(contract.customers.listAddresses)).items,
    addAddress: (body: AddressInput) => client.call(contract.customers.createAddress, { body }),
    updateAddress: (id: string, patch: AddressPatch) => client.call(contract.customers.updateAddress, { params: { id }, body: patch }),
    removeAddress: (id: string) => client.call(contract.customers.deleteAddress, { params: { id } }),
    appliances: async () => (await client.call(contract.customers.listAppliances)).items,
    addAppliance: (body: ApplianceInput) => client.call(contract.customers.createAppliance, { body }),
    updateAppliance: (id: string, patch: AppliancePatch) => client.call(contract.customers.updateAppliance, { params: { id }, body: patch }),
    removeAppliance: (id: string) => client.call(contract.customers.deleteAppliance, { params: { id } }),
  }
}

export type CustomerApi = ReturnType<typeof createCustomerApi>
export const customerApi = createCustomerApi(api)

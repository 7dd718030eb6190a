import { api as contract, type MaintenancePrefBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** Issue 20.3: when each of the customer's appliances is next due for care, and their reminder switches. */
export function createMaintenanceApi(client: ApiClient) {
  return {
    mine: async () => (await client.call(contract.maintenance.mine)).items,
    setPref: (applianceId: string, body: MaintenancePrefBody) => client.call(contract.maintenance.setPref, { params: { id: applianceId }, body }),
  }
}

export const maintenanceApi = createMaintenanceApi(api)

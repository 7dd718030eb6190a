import { api as contract, type PriceListQuery } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** The published price list (public: no sign-in needed). */
export function createCatalogApi(client: ApiClient) {
  return {
    priceList: (query: PriceListQuery = {}) => client.call(contract.catalog.priceList, { query }),
  }
}

export const catalogApi = createCatalogApi(api)

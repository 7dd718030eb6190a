import type { PriceList, PriceListQuery } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** The published price list (public: no sign-in needed). */
export function createCatalogApi(client: ApiClient) {
  return {
    priceList: (query: PriceListQuery = {}) => client.get<PriceList>('/catalog/price-list', { query, auth: false }),
  }
}

export const catalogApi = createCatalogApi(api)

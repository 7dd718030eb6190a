import { api as contract } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/**
 * S3: checks a scanned (or typed) work card token, or the whole verify URL the QR holds. Signed in, the answer also
 * says whether the card's engineer is the one assigned to each of the customer's active orders.
 */
export function createCardsApi(client: ApiClient) {
  return {
    verify: (token: string) => client.call(contract.cards.verify, { body: { token: token.trim() } }),
  }
}

export const cardsApi = createCardsApi(api)

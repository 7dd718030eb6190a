import { API_BASE_PATH, api as contract } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/**
 * Short-lived links to an order's photos (the server gives them only to the order's customer, its engineer and the
 * outlet's staff). A link needs no session, so it goes straight into `<Image src>` and the full-size preview.
 */
export function createPhotosApi(client: ApiClient) {
  return {
    forOrder: (orderId: string) => client.call(contract.uploads.orderPhotos, { params: { id: orderId } }),
  }
}

export type PhotosApi = ReturnType<typeof createPhotosApi>
export const photosApi = createPhotosApi(api)

/**
 * Where a link (`/api/v1/photos/…`) loads from: as it is in H5 (same origin as the API), and from the API's origin
 * in the mini-program, which has no origin of its own.
 */
export function photoSrc(url: string, base: string = API_BASE): string {
  const root = base.endsWith(API_BASE_PATH) ? base.slice(0, -API_BASE_PATH.length) : ''
  return url.startsWith('/') ? root + url : url
}

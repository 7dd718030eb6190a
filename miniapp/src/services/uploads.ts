import { api as contract, fillPath, type UploadKind as AnyUploadKind, type UploadView } from '@fangxin/shared'
import type { LocalFile } from '@/platform/types'
import type { ApiClient } from './api-client'
import { api } from './api'

/** What the apps' people upload (an engineer's own photo is the staff's kind, uploaded in the admin). */
export type UploadKind = Exclude<AnyUploadKind, 'engineer_photo'>

/** Uploads one image (JPEG, PNG or WebP, up to 5 MB); the server checks the kind against the caller's role. */
export function createUploadsApi(client: ApiClient) {
  return {
    image: (file: LocalFile, kind: UploadKind, orderId?: string, onProgress?: (percent: number) => void) =>
      client.upload<UploadView>(fillPath(contract.uploads.create, {}), { file, fields: { kind, orderId }, onProgress }),
  }
}

export type UploadsApi = ReturnType<typeof createUploadsApi>
export const uploadsApi = createUploadsApi(api)

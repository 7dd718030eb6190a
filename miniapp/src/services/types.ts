/**
 * Response shapes the server documents in its OpenAPI document but that have no shared schema (yet). Everything
 * with a schema in @fangxin/shared is imported from there instead.
 */
import type { UploadKind as SharedUploadKind } from '@fangxin/shared'

export type UploadKind = Exclude<SharedUploadKind, 'engineer_photo'>

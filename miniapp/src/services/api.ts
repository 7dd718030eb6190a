import { taroRequest } from '@/platform/request'
import { taroUpload } from '@/platform/upload'
import { createApiClient } from './api-client'
import { session } from './session'
import { sessionTokens } from './session-store'

export { ApiError, isApiError, type ApiClient } from './api-client'

/** The app's one API client: Taro.request / uploadFile underneath, tokens from the session store. */
export const api = createApiClient({
  baseUrl: API_BASE,
  transport: taroRequest,
  uploader: taroUpload,
  tokens: sessionTokens(session),
})

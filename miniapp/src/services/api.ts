import { taroRequest } from '@/platform/request'
import { createApiClient } from './api-client'
import { session } from './session'
import { sessionTokens } from './session-store'

export { ApiError, isApiError, type ApiClient } from './api-client'

/** The app's one API client: Taro.request underneath, tokens from the session store. */
export const api = createApiClient({
  baseUrl: API_BASE,
  transport: taroRequest,
  tokens: sessionTokens(session),
})

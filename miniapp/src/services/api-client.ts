import {
  API_BASE_PATH,
  planRequest,
  type AnyEndpoint,
  type AuthTokens,
  type CallArgs,
  type ErrorId,
  type FieldError,
  type ResponseOf,
} from '@fangxin/shared'
import { NetworkError, type HttpMethod, type HttpResponse, type HttpTransport, type LocalFile, type UploadTransport } from '@/platform/types'

/** Ids the client makes up itself, for failures that never produced a server error body. */
export type ClientErrorId = 'network_error' | 'unexpected_response'
/** Known ids autocomplete; an id a newer server adds still comes through as a string. */
export type ApiErrorId = ErrorId | ClientErrorId | (string & {})

/** Every failed call ends as one of these: the apps branch on `id`, show `message`, and put `fields` next to inputs. */
export class ApiError extends Error {
  readonly id: ApiErrorId
  /** HTTP status; 0 when no response arrived. */
  readonly status: number
  readonly requestId: string | null
  readonly fields: FieldError[]
  readonly retryAfterSeconds: number | null

  constructor(init: {
    id: ApiErrorId
    message: string
    status: number
    requestId?: string | null
    fields?: FieldError[]
    retryAfterSeconds?: number | null
    cause?: unknown
  }) {
    super(init.message, { cause: init.cause })
    this.name = 'ApiError'
    this.id = init.id
    this.status = init.status
    this.requestId = init.requestId ?? null
    this.fields = init.fields ?? []
    this.retryAfterSeconds = init.retryAfterSeconds ?? null
  }

  /** The server's message for one field (`phone`, `address.districtCode`), if it named that field. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message
  }

  static fromResponse(status: number, body: unknown): ApiError {
    const error = (body as { error?: Record<string, unknown> } | null)?.error
    if (error && typeof error.id === 'string' && typeof error.message === 'string') {
      return new ApiError({
        id: error.id,
        message: error.message,
        status,
        requestId: typeof error.requestId === 'string' ? error.requestId : null,
        fields: Array.isArray(error.fields) ? (error.fields as FieldError[]) : [],
        retryAfterSeconds: typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : null,
      })
    }
    return new ApiError({ id: 'unexpected_response', message: `服务器响应异常（HTTP ${status}）`, status })
  }

  static network(cause: unknown): ApiError {
    return new ApiError({ id: 'network_error', message: '网络连接失败，请检查网络后重试', status: 0, cause })
  }
}

export function isApiError(err: unknown, id?: ErrorId | ClientErrorId): err is ApiError {
  return err instanceof ApiError && (id === undefined || err.id === id)
}

/** Where the client reads and writes the session's tokens (the session store, wired in services/api.ts). */
export interface TokenStore {
  accessToken(): string | null
  refreshToken(): string | null
  saveTokens(tokens: AuthTokens): void
  /** The server refused the refresh token: the session is over. */
  expire(): void
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  body?: unknown
  query?: Query
  /** Send the access token and refresh it on 401 (default true). Sign-in calls turn this off. */
  auth?: boolean
  /** Extra request headers (`Idempotency-Key`). */
  headers?: Record<string, string>
}

export interface UploadOptions {
  file: LocalFile
  /** Multipart fields besides the file (`kind`, `orderId`). */
  fields?: Record<string, string | undefined>
  /** The multipart field of the file (default `file`). */
  fileField?: string
  onProgress?: (percent: number) => void
}

export interface ApiClient {
  /**
   * Calls one endpoint of the shared contract (`api.orders.get`): path, method and whether the token goes with it
   * come from the declaration; the input and the result are typed from its schemas.
   */
  call<E extends AnyEndpoint>(endpoint: E, ...args: CallArgs<E>): Promise<ResponseOf<E>>
  /** The exchange under `call` (token, refresh, errors), by method and path: for the client's own tests. */
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>
  /** Multipart upload with progress, with the same token handling and errors as every other call. */
  upload<T>(path: string, options: UploadOptions): Promise<T>
}

export interface ApiClientOptions {
  /** `/api/v1` in H5, an absolute URL in a mini-program. No trailing slash. */
  baseUrl: string
  transport: HttpTransport
  /** Needed only by `upload`. */
  uploader?: UploadTransport
  tokens: TokenStore
  timeoutMs?: number
}

/** 401 ids that mean "the access token is no good", so a refresh may help. Others (invalid_code, ...) are final. */
const REFRESHABLE = new Set<string>(['token_expired', 'unauthenticated'])

function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  if (parts.length === 0) return url
  return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`
}

/**
 * The one API client: JSON in and out, Bearer token, errors as ApiError, and a single token refresh on 401
 * `token_expired` / `unauthenticated`. Concurrent calls that hit 401 together share one refresh call, because the
 * server rotates refresh tokens and treats a reused one as theft (refresh_token_reused ends every session).
 */
export function createApiClient({ baseUrl, transport, uploader, tokens, timeoutMs }: ApiClientOptions): ApiClient {
  let refreshing: Promise<boolean> | null = null

  function authHeaders(token: string | null): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (token) headers.Authorization = `Bearer ${token}`
    return headers
  }

  /** Runs one exchange and turns its outcome into data or an ApiError. */
  async function settle<T>(exchange: () => Promise<HttpResponse>): Promise<T> {
    let res
    try {
      res = await exchange()
    } catch (err) {
      if (err instanceof NetworkError) throw ApiError.network(err)
      throw err
    }
    if (res.status >= 200 && res.status < 300) return (res.status === 204 ? undefined : res.body) as T
    throw ApiError.fromResponse(res.status, res.body)
  }

  function send<T>(method: HttpMethod, path: string, options: RequestOptions, token: string | null, base = baseUrl): Promise<T> {
    const headers = { ...authHeaders(token), ...options.headers }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    return settle<T>(() => transport({ url: withQuery(base + path, options.query), method, headers, body: options.body, timeoutMs }))
  }

  /** Resolves true when new tokens were saved, false when the session is over. Network failures reject. */
  function refreshTokens(): Promise<boolean> {
    refreshing ??= (async () => {
      const refreshToken = tokens.refreshToken()
      if (!refreshToken) return false
      try {
        const fresh = await send<AuthTokens>('POST', '/auth/refresh', { body: { refreshToken } }, null)
        tokens.saveTokens(fresh)
        return true
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          tokens.expire()
          return false
        }
        throw err
      }
    })().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  /** Sends with the current token; on a 401 that a refresh can cure, refreshes once (shared) and sends again. */
  async function withToken<T>(useAuth: boolean, attempt: (token: string | null) => Promise<T>): Promise<T> {
    const sentToken = useAuth ? tokens.accessToken() : null
    try {
      return await attempt(sentToken)
    } catch (err) {
      const refreshable =
        useAuth && err instanceof ApiError && err.status === 401 && REFRESHABLE.has(err.id) && tokens.refreshToken() !== null
      if (!refreshable) throw err
      // A call that was in flight while another one refreshed only needs the new token, not a second refresh.
      const current = tokens.accessToken()
      const renewed = (current !== null && current !== sentToken) || (await refreshTokens())
      if (!renewed) throw err
      return attempt(tokens.accessToken())
    }
  }

  function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    return withToken(options.auth !== false, (token) => send<T>(method, path, options, token))
  }

  function upload<T>(path: string, { file, fields = {}, fileField = 'file', onProgress }: UploadOptions): Promise<T> {
    if (!uploader) throw new Error('this API client was created without an upload transport')
    const plain: Record<string, string> = {}
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) plain[k] = v
    return withToken(true, (token) =>
      settle<T>(() => uploader({ url: baseUrl + path, headers: authHeaders(token), file, fileField, fields: plain, onProgress })),
    )
  }

  function call<E extends AnyEndpoint>(endpoint: E, ...args: CallArgs<E>): Promise<ResponseOf<E>> {
    const planned = planRequest(endpoint, (args[0] ?? {}) as Parameters<typeof planRequest<E>>[1])
    const options: RequestOptions = { query: planned.query as Query | undefined, body: planned.body, headers: planned.headers, auth: planned.authenticated }
    // Root endpoints (health) live beside the API, not below it.
    if (!planned.root) return request<ResponseOf<E>>(planned.method, planned.path, options)
    const root = baseUrl.endsWith(API_BASE_PATH) ? baseUrl.slice(0, -API_BASE_PATH.length) : baseUrl
    return withToken(planned.authenticated, (token) => send<ResponseOf<E>>(planned.method, planned.path, options, token, root))
  }

  return {
    call,
    request,
    upload,
  }
}

import axios, { type AxiosInstance, type AxiosRequestConfig, type InternalAxiosRequestConfig } from 'axios';
import { API_BASE_PATH, planRequest, type AnyEndpoint, type CallArgs, type ResponseOf } from '@fangxin/shared';
import { ApiError, toApiError } from './apiError';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Send without the access token and never refresh: sign-in, refresh and sign-out. */
    anonymous?: boolean;
    /** The caller shows this error itself (for example next to a form field); skip the shared toast. */
    silent?: boolean;
  }
}

export interface RequestClientHooks {
  getAccessToken(): string | null;
  hasRefreshToken(): boolean;
  /** Exchanges the refresh token for a new pair; rejects when the session cannot continue. */
  refresh(): Promise<void>;
  /** The session is over (refresh failed, or a 401 nothing can fix): forget it. */
  onSessionExpired(error: ApiError): void;
  /** The one place errors are shown to people. */
  onError(error: ApiError): void;
}

/** Typed verbs that resolve to the response body, so API modules stay one line each. */
export interface RequestClient {
  readonly instance: AxiosInstance;
  /**
   * Calls one endpoint of the shared contract (`api.orders.get`): path, method and whether a token goes with it come
   * from the declaration; input and result are typed from its schemas. `config` adds axios options (`silent`).
   */
  call<E extends AnyEndpoint>(endpoint: E, ...args: [...CallArgs<E>, config?: AxiosRequestConfig]): Promise<ResponseOf<E>>;
  get<T>(url: string, config?: AxiosRequestConfig): Promise<T>;
  delete<T>(url: string, config?: AxiosRequestConfig): Promise<T>;
  post<T>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<T>;
  put<T>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<T>;
  patch<T>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<T>;
}

interface TrackedConfig extends InternalAxiosRequestConfig {
  /** The access token this attempt carried, to tell "my token expired" from "someone already refreshed". */
  sentToken?: string | null;
  retried?: boolean;
}

/** 401 ids a fresh access token can cure; other 401s (bad password, dead refresh token) cannot. */
const RECOVERABLE_401 = new Set<string>(['token_expired', 'unauthenticated']);

export function createRequestClient(config: AxiosRequestConfig, hooks: RequestClientHooks): RequestClient {
  const instance = axios.create({ timeout: 15_000, ...config });
  let refreshing: Promise<void> | null = null;

  /**
   * Any number of concurrent 401s share one refresh: the server rotates refresh tokens and treats a second use of
   * the old one as theft (revoking the whole session), so two parallel refreshes would sign the user out.
   */
  function refreshOnce(): Promise<void> {
    refreshing ??= hooks
      .refresh()
      .catch((raw: unknown) => {
        const error = toApiError(raw);
        hooks.onSessionExpired(error);
        hooks.onError(error);
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function recover(request: TrackedConfig, error: ApiError): Promise<unknown> {
    const current = hooks.getAccessToken();
    const alreadyRefreshed = current !== null && current !== request.sentToken;
    if (request.retried || (!alreadyRefreshed && !hooks.hasRefreshToken())) {
      hooks.onSessionExpired(error);
      if (!request.silent) hooks.onError(error);
      throw error;
    }
    request.retried = true;
    if (!alreadyRefreshed) await refreshOnce();
    return instance.request(request);
  }

  instance.interceptors.request.use((request: TrackedConfig) => {
    const token = request.anonymous ? null : hooks.getAccessToken();
    request.sentToken = token;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    else request.headers.delete('Authorization');
    return request;
  });

  instance.interceptors.response.use(undefined, (raw: unknown) => {
    const error = toApiError(raw);
    const request = axios.isAxiosError(raw) ? (raw.config as TrackedConfig | undefined) : undefined;
    if (request && !request.anonymous && error.status === 401 && RECOVERABLE_401.has(error.id)) {
      return recover(request, error);
    }
    if (!request?.silent) hooks.onError(error);
    return Promise.reject(error);
  });

  const body = <T>(promise: Promise<{ data: T }>) => promise.then((response) => response.data);

  function call<E extends AnyEndpoint>(endpoint: E, ...args: [...CallArgs<E>, config?: AxiosRequestConfig]): Promise<ResponseOf<E>> {
    const [input, cfg] = args as unknown as [Parameters<typeof planRequest<E>>[1] | undefined, AxiosRequestConfig | undefined];
    const planned = planRequest(endpoint, (input ?? {}) as Parameters<typeof planRequest<E>>[1]);
    const base = instance.defaults.baseURL ?? '';
    return body(
      instance.request<ResponseOf<E>>({
        ...cfg,
        method: planned.method,
        // Root endpoints (health) live beside the API, not below it.
        url: planned.path,
        baseURL: planned.root ? base.replace(new RegExp(`${API_BASE_PATH}$`), '') : base,
        params: planned.query ?? cfg?.params,
        // A multipart body (an upload's FormData) is passed as `data` in the config: the contract documents its fields.
        data: planned.body ?? cfg?.data,
        headers: { ...planned.headers, ...(cfg?.headers as Record<string, string> | undefined) },
        anonymous: cfg?.anonymous ?? !planned.authenticated,
      }),
    );
  }

  return {
    instance,
    call,
    get: (url, cfg) => body(instance.get(url, cfg)),
    delete: (url, cfg) => body(instance.delete(url, cfg)),
    post: (url, data, cfg) => body(instance.post(url, data, cfg)),
    put: (url, data, cfg) => body(instance.put(url, data, cfg)),
    patch: (url, data, cfg) => body(instance.patch(url, data, cfg)),
  };
}

/**
 * The contracts the app's logic is written against. No Taro in here: the Taro implementations live beside this
 * file (request.ts, storage.ts), and tests supply their own (fetch, an in-memory map).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpRequest {
  url: string
  method: HttpMethod
  headers: Record<string, string>
  /** JSON body (or query parameters for GET). */
  body?: unknown
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  /** Parsed JSON, or null when the response had no body (204) or was not JSON. */
  body: unknown
}

/** Sends one request. Resolves for every HTTP status; rejects with NetworkError only when no response arrived. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>

export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'NetworkError'
  }
}

export const DEFAULT_TIMEOUT_MS = 15_000

/** Synchronous string key-value storage: what the session store needs, nothing more. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** A local image the user picked or drew, ready to upload. */
export interface LocalFile {
  /** wx temp file path (weapp); a blob: or data: URL (H5). Shown as the preview image. */
  path: string
  /** H5 only: the picked File itself, so the upload does not have to read the blob: URL back. */
  blob?: Blob
  name?: string
}

export interface UploadRequest {
  url: string
  headers: Record<string, string>
  file: LocalFile
  /** The multipart field that carries the file. */
  fileField: string
  /** Other multipart fields. */
  fields: Record<string, string>
  timeoutMs?: number
  /** 0-100 as the bytes go out. */
  onProgress?: (percent: number) => void
}

/** Sends one multipart upload. Resolves for every HTTP status, like HttpTransport; rejects with NetworkError. */
export type UploadTransport = (request: UploadRequest) => Promise<HttpResponse>

export const UPLOAD_TIMEOUT_MS = 60_000

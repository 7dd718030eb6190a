import { DEFAULT_TIMEOUT_MS, NetworkError, type HttpTransport } from '@/platform/types'

/** The HttpTransport contract over Node's fetch, so the API client can talk to a real server in tests. */
export const fetchTransport: HttpTransport = async ({ url, method, headers, body, timeoutMs }) => {
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs ?? DEFAULT_TIMEOUT_MS),
    })
  } catch (err) {
    throw new NetworkError(`request failed: ${String(err)}`, { cause: err })
  }
  const text = await res.text()
  let parsed: unknown = null
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = text
    }
  }
  return { status: res.status, body: parsed }
}

import Taro from '@tarojs/taro'
import { DEFAULT_TIMEOUT_MS, NetworkError, type HttpTransport } from './types'

/** HttpTransport over `Taro.request` (wx.request in WeChat, fetch in H5). */
export const taroRequest: HttpTransport = async ({ url, method, headers, body, timeoutMs }) => {
  try {
    const res = await Taro.request({
      url,
      method,
      header: headers,
      data: body as Record<string, unknown> | undefined,
      dataType: 'json',
      timeout: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    })
    // wx.request hands back '' for an empty body; H5 hands back null.
    return { status: res.statusCode, body: res.data === '' ? null : (res.data ?? null) }
  } catch (err) {
    const detail = (err as { errMsg?: string; message?: string } | undefined)?.errMsg ?? String(err)
    throw new NetworkError(`request failed: ${detail}`, { cause: err })
  }
}

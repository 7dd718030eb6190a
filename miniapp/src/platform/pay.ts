import Taro from '@tarojs/taro'
import type { PaymentChannel, PrepayView } from '@fangxin/shared'
import { pageUrl, type PageParams } from './navigation'

/**
 * Paying with WeChat, per build: inside the mini-program WeChat's own payment sheet (JSAPI, Taro.requestPayment with
 * the parameters the server signed); in a phone browser WeChat's H5 cashier page, which sends the customer back to
 * the order page afterwards. Either way the app then asks the server whether the money arrived.
 */
export const PAY_CHANNEL: PaymentChannel = process.env.TARO_ENV === 'weapp' ? 'jsapi' : 'h5'

/** Where the H5 build is served (config: publicPath '/h5/', hash router). */
const H5_ROOT = '/h5/'

/** The H5 page the cashier returns to: `/h5/#/pages/order/index?id=…&paying=1`. */
export function h5ReturnPath(route: string, params: PageParams): string {
  return `${H5_ROOT}#${pageUrl(route, params)}`
}

/** What came of WeChat's payment sheet: finished (the server still has to confirm it) or backed out of. */
export type SheetOutcome = 'finished' | 'cancelled'

/** Opens WeChat's payment sheet (mini-program only) with the server's signed parameters. */
export async function requestWechatPayment(jsapi: NonNullable<PrepayView['jsapi']>): Promise<SheetOutcome> {
  try {
    await Taro.requestPayment({ timeStamp: jsapi.timeStamp, nonceStr: jsapi.nonceStr, package: jsapi.package, signType: jsapi.signType, paySign: jsapi.paySign })
    return 'finished'
  } catch (err) {
    const message = (err as { errMsg?: string } | null)?.errMsg ?? ''
    if (/cancel/i.test(message)) return 'cancelled'
    throw err
  }
}

/** Leaves the app for WeChat's H5 cashier page (phone browser only); it comes back to the return path given. */
export function openCashier(url: string): void {
  window.location.assign(url)
}

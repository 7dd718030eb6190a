import Taro from '@tarojs/taro'
import { toast } from './toast'

/**
 * Calling and finding the way, per build: WeChat's phone call and map in the mini-program; in the H5 build a
 * `tel:` link and a map web page (a browser cannot open a map app by address).
 */

/** Only the digits (and a leading +) of a number, as a `tel:` link or WeChat wants it. */
export const dialable = (phone: string): string => phone.replace(/(?!^\+)[^0-9]/g, '')

export function callPhone(phone: string): void {
  if (process.env.TARO_ENV === 'weapp') {
    void Taro.makePhoneCall({ phoneNumber: dialable(phone) }).catch(() => undefined)
    return
  }
  window.location.href = `tel:${dialable(phone)}`
}

/** The map web page that searches an address (H5). */
export const mapSearchUrl = (address: string): string => `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`

/**
 * Opens the address in a map: WeChat's map when the point is known; otherwise (WeChat) the address is copied to paste
 * into a map app, or (H5) a map web page searching it opens in a new tab.
 */
export function openMap(place: { address: string; name?: string; latitude?: number; longitude?: number }): void {
  if (process.env.TARO_ENV === 'weapp') {
    if (place.latitude !== undefined && place.longitude !== undefined) {
      void Taro.openLocation({ latitude: place.latitude, longitude: place.longitude, name: place.name, address: place.address, scale: 16 }).catch(() => undefined)
    } else {
      void Taro.setClipboardData({ data: place.address }).then(() => toast('地址已复制，可粘贴到地图 App 中搜索'))
    }
    return
  }
  window.open(mapSearchUrl(place.address), '_blank', 'noopener')
}

import Taro from '@tarojs/taro'
import type { KeyValueStorage } from './types'

/** wx.setStorageSync in WeChat, localStorage in H5. */
export const taroStorage: KeyValueStorage = {
  getItem(key) {
    try {
      const value: unknown = Taro.getStorageSync(key)
      return typeof value === 'string' && value !== '' ? value : null
    } catch {
      return null
    }
  },
  setItem(key, value) {
    Taro.setStorageSync(key, value)
  },
  removeItem(key) {
    Taro.removeStorageSync(key)
  },
}

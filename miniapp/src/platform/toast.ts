import Taro from '@tarojs/taro'

/** A short message that goes away by itself. icon 'none' allows two lines of text in WeChat. */
export function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2000 })
}

export function toastSuccess(message: string): void {
  void Taro.showToast({ title: message, icon: 'success', duration: 1500 })
}

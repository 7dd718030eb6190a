import Taro from '@tarojs/taro'

/**
 * Opens images full size, swiping between them: WeChat's own viewer in the mini-program, Taro's full-screen viewer
 * in H5 (tap to close).
 */
export function previewImages(urls: string[], current: string): void {
  void Taro.previewImage({ urls, current }).catch(() => undefined)
}

import Taro from '@tarojs/taro'

/**
 * Calls `listener` whenever the phone gets its network back: WeChat's network status in the mini-program, the
 * browser's `online` event in H5. Returns the function that stops listening.
 */
export function onReconnect(listener: () => void): () => void {
  const fromTaro = (status: { isConnected: boolean }) => {
    if (status.isConnected) listener()
  }
  let taroListening = false
  try {
    Taro.onNetworkStatusChange(fromTaro)
    taroListening = true
  } catch {
    // Not available on this platform.
  }
  const win = typeof window !== 'undefined' && typeof window.addEventListener === 'function' ? window : null
  win?.addEventListener('online', listener)
  return () => {
    if (taroListening) {
      try {
        Taro.offNetworkStatusChange(fromTaro)
      } catch {
        // Nothing to stop.
      }
    }
    win?.removeEventListener('online', listener)
  }
}

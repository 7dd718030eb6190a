import Taro from '@tarojs/taro'

/**
 * Scanning a QR code, per build: WeChat's own scanner in the mini-program (Taro.scanCode); in the H5 build the
 * browser camera (camera.ts, getUserMedia + jsQR), which a page shows in place, with typing or pasting as the
 * fallback. `SCAN_KIND` says which one this build has.
 */
export const SCAN_KIND: 'wechat' | 'camera' = process.env.TARO_ENV === 'weapp' ? 'wechat' : 'camera'

/** Whether this build has WeChat's full-screen scanner (the H5 build shows the camera inside the page instead). */
export const CAN_SCAN = SCAN_KIND === 'wechat'

/** Opens WeChat's scanner (camera only, QR codes only) and resolves with the code's text; rejects when the user backs out. */
export async function scanQrCode(): Promise<string> {
  const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
  return res.result
}

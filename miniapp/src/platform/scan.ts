import Taro from '@tarojs/taro'

/** Whether this build can open the camera to scan (the WeChat build); H5 pages offer typing or pasting instead. */
export const CAN_SCAN = process.env.TARO_ENV === 'weapp'

/** Opens WeChat's scanner and resolves with the QR code's text; rejects when the user backs out. */
export async function scanQrCode(): Promise<string> {
  const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
  return res.result
}

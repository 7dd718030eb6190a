import Taro from '@tarojs/taro'

export interface DeviceLocation {
  latitude: number
  longitude: number
  accuracy: number | null
}

/**
 * The phone's location for the record at the door: the browser's geolocation in H5, WeChat's getLocation in the
 * mini-program. Rejects with words the engineer can act on.
 */
export function deviceLocation(): Promise<DeviceLocation> {
  const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined
  if (geo) {
    return new Promise((resolve, reject) => {
      geo.getCurrentPosition(
        (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null }),
        () => reject(new Error('没有获得位置权限：请在设置中允许本应用获取位置后重试')),
        { enableHighAccuracy: true, timeout: 15_000 },
      )
    })
  }
  return Taro.getLocation({ type: 'wgs84' }).then(
    (r) => ({ latitude: r.latitude, longitude: r.longitude, accuracy: typeof r.accuracy === 'number' ? r.accuracy : null }),
    () => {
      throw new Error('没有获得位置权限：请在设置中允许本应用获取位置后重试')
    },
  )
}

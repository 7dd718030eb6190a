import Taro from '@tarojs/taro'

/** Asks WeChat for a one-time login code (wx.login) that the server exchanges for the user's openid. */
export async function getWechatLoginCode(): Promise<string> {
  const res = await Taro.login()
  if (!res.code) throw new Error(res.errMsg || 'wx.login returned no code')
  return res.code
}

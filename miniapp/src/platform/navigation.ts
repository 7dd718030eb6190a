import Taro from '@tarojs/taro'

/** Page routes, in one place. Sub-package pages carry their package root. */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  engineerHome: '/packages/engineer/pages/home/index',
} as const

export function navigateTo(url: string): void {
  void Taro.navigateTo({ url })
}

export function reLaunch(url: string): void {
  void Taro.reLaunch({ url })
}

/** Returns to the page that sent the user here, or to the home page when this is the first page. */
export function backOrHome(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.reLaunch({ url: ROUTES.home })
}

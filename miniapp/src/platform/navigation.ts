import Taro, { useRouter } from '@tarojs/taro'

/** Page routes, in one place. Sub-package pages carry their package root. */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  orders: '/pages/orders/index',
  order: '/pages/order/index',
  booking: '/packages/customer/pages/booking/index',
  priceList: '/packages/customer/pages/price-list/index',
  verify: '/packages/customer/pages/verify/index',
  receipt: '/packages/customer/pages/receipt/index',
  addresses: '/packages/customer/pages/addresses/index',
  appliances: '/packages/customer/pages/appliances/index',
  appliance: '/packages/customer/pages/appliance/index',
  notifications: '/packages/customer/pages/notifications/index',
  survey: '/packages/customer/pages/survey/index',
  rework: '/packages/customer/pages/rework/index',
  complaints: '/packages/customer/pages/complaints/index',
  complaint: '/packages/customer/pages/complaint/index',
  engineerHome: '/packages/engineer/pages/home/index',
  engineerCard: '/packages/engineer/pages/card/index',
  engineerOrder: '/packages/engineer/pages/order/index',
  engineerQuote: '/packages/engineer/pages/quote/index',
  engineerReport: '/packages/engineer/pages/report/index',
  engineerAppeals: '/packages/engineer/pages/appeals/index',
  engineerAppeal: '/packages/engineer/pages/appeal/index',
} as const

export type PageParams = Record<string, string | number | undefined>

/** `/pages/order/index?id=…`: undefined and empty parameters are left out. */
export function pageUrl(route: string, params: PageParams = {}): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return query ? `${route}?${query}` : route
}

export function navigateTo(route: string, params?: PageParams): void {
  void Taro.navigateTo({ url: pageUrl(route, params) })
}

/** Replaces the current page (a finished form should not be one "back" away). */
export function redirectTo(route: string, params?: PageParams): void {
  void Taro.redirectTo({ url: pageUrl(route, params) })
}

export function reLaunch(route: string, params?: PageParams): void {
  void Taro.reLaunch({ url: pageUrl(route, params) })
}

/** Returns to the page that sent the user here, or to the home page when this is the first page. */
export function backOrHome(): void {
  backOr(ROUTES.home)
}

/**
 * Returns to the page that sent the user here or, when this page was opened directly or reloaded (nothing to go
 * back to), replaces it with `route`: the engineer who sends a quote from a reloaded quote page lands on the order,
 * not on the customer's home.
 */
export function backOr(route: string, params?: PageParams): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else redirectTo(route, params)
}

/** The current page's query parameters (decoded). */
export function usePageParams(): Record<string, string> {
  const { params } = useRouter()
  const decoded: Record<string, string> = {}
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v !== 'string') continue
    try {
      decoded[k] = decodeURIComponent(v)
    } catch {
      decoded[k] = v
    }
  }
  return decoded
}

import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SETTINGS } from '@fangxin/shared'

/** Issue 19, part 5: the home page's promises read the configured numbers (public GET /promises). */
const promises = vi.hoisted(() => ({ get: vi.fn() }))
// The real promises service and hook, over an API client whose answers the test gives.
vi.mock('@/services/api', () => ({ api: { call: () => promises.get() } }))
vi.mock('@/services/session', () => ({ useSession: () => null, session: { get: () => null } }))
vi.mock('@/services/auth', () => ({ me: vi.fn() }))
vi.mock('@/services/notifications', () => ({ notificationsApi: { list: vi.fn() } }))
vi.mock('@/platform/navigation', () => ({ navigateTo: vi.fn(), ROUTES: { booking: '/b', orders: '/o', priceList: '/p', verify: '/v', profile: '/me', login: '/l', notifications: '/n', engineerHome: '/e' } }))

const { default: HomePage } = await import('../index')

const numbers = (respondHours: number) => ({
  respondHours,
  resolveHours: DEFAULT_SETTINGS.resolveHours,
  reworkWarrantyDays: DEFAULT_SETTINGS.reworkWarrantyDays,
  complaintAckHours: DEFAULT_SETTINGS.complaintAckHours,
  complaintResolveHours: DEFAULT_SETTINGS.complaintResolveHours,
  customerChangeCutoffHours: DEFAULT_SETTINGS.customerChangeCutoffHours,
  hotline: DEFAULT_SETTINGS.hotline,
})

afterEach(cleanup)

describe('home page promises', () => {
  it('says the configured response time, and follows a change of the setting', async () => {
    promises.get.mockResolvedValueOnce(numbers(24))
    render(<HomePage />)
    await waitFor(() => expect(screen.getByText('24小时响应')).toBeTruthy())
    expect(screen.getByText('下单后 24 小时内接单联系')).toBeTruthy()
    cleanup()

    promises.get.mockResolvedValueOnce(numbers(6))
    render(<HomePage />)
    await waitFor(() => expect(screen.getByText('6小时响应')).toBeTruthy())
    expect(screen.getByText('下单后 6 小时内接单联系')).toBeTruthy()
    expect(screen.queryByText('24小时响应')).toBeNull()
  })

  it('never shows a number it has not been given', async () => {
    promises.get.mockRejectedValueOnce(new Error('offline'))
    vi.resetModules()
    const { default: Fresh } = await import('../index')
    render(<Fresh />)
    expect(screen.getByText('及时响应')).toBeTruthy()
    expect(screen.queryByText(/\d+小时响应/)).toBeNull()
  })
})

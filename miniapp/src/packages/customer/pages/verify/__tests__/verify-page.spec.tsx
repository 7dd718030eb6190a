import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CARD_VERDICT_TEXT, type CardVerification } from '@fangxin/shared'
import { ApiError } from '@/services/api-client'

const cards = vi.hoisted(() => ({ cardsApi: { verify: vi.fn() } }))
const navigation = vi.hoisted(() => ({
  usePageParams: vi.fn((): Record<string, string> => ({ orderId: '64b7f0c2a1b2c3d4e5f60001' })),
  navigateTo: vi.fn(),
  ROUTES: { login: '/pages/login/index' },
}))
const session = vi.hoisted(() => ({ current: { user: { id: 'c1', role: 'customer' } } as { user: { id: string; role: string } } | null }))
vi.mock('@/services/cards', () => cards)
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/services/session', () => ({ useSession: () => session.current }))
const offline = vi.hoisted(() => ({ offlineCards: { refreshKeys: vi.fn(async () => {}), sync: vi.fn(async () => [] as Array<{ checkId: string; orderNos: string[] }>), checkOffline: vi.fn() } }))
vi.mock('../offline', () => offline)

const { default: VerifyPage } = await import('../index')

const ENGINEER = {
  id: '64b7f0c2a1b2c3d4e5f60005',
  name: '陈建国',
  initials: '陈',
  photoUrl: null,
  employeeNo: 'FX-XH-001',
  outlet: { id: '64b7f0c2a1b2c3d4e5f60006', name: '杭州西湖网点' },
  skills: [{ category: 'air_conditioner' as const, name: '空调' }],
  certificates: [],
  level: 4,
  rating: 80,
  status: 'active' as const,
}

function answer(over: Partial<CardVerification['orders'][number]> = {}): CardVerification {
  return {
    verdict: 'genuine',
    ...CARD_VERDICT_TEXT.genuine,
    hotline: '400-820-5050',
    checkedAt: '2026-06-18T02:00:00Z',
    serial: 'FXC-HZ-XH-7KQ2MA',
    tokenExpiresAt: '2026-06-18T02:01:00Z',
    engineer: ENGINEER,
    orders: [
      {
        orderId: '64b7f0c2a1b2c3d4e5f60001',
        orderNo: 'FX2026061800001',
        assignedToThisOrder: true,
        inTimeWindow: true,
        window: { from: '2026-06-18T00:00:00Z', to: '2026-06-18T15:59:59Z' },
        arrival: { timing: 'on_time', label: '按时到达', advice: '在预约时段 09:00-11:00 内。' },
        qualifiedForCategory: true,
        match: true,
        ...over,
      },
    ],
  }
}

async function paste(text: string) {
  await waitFor(() => expect(document.querySelector('textarea')).not.toBeNull())
  fireEvent.input(document.querySelector('textarea')!, { target: { value: text } })
}

async function verify() {
  fireEvent.click(screen.getAllByText('核验').at(-1)!)
  await act(async () => {
    await Promise.resolve()
  })
}

beforeEach(() => {
  vi.clearAllMocks()
  session.current = { user: { id: 'c1', role: 'customer' } }
})

describe('verify page (H5: paste the card’s code)', () => {
  it('shows a genuine card of the assigned engineer as one large green verdict, with the engineer’s card', async () => {
    cards.cardsApi.verify.mockResolvedValue(answer())
    render(<VerifyPage />)
    await paste('http://127.0.0.1:3000/v/abc.def')

    await verify()

    expect(cards.cardsApi.verify).toHaveBeenCalledWith('http://127.0.0.1:3000/v/abc.def')
    expect(screen.getByText('这是您订单当前指派的工程师').parentElement?.className).toContain('verify__result--pass')
    expect(screen.getByText('✓ 是您订单当前指派的工程师')).toBeTruthy()
    expect(screen.getByText('✓ 按时到达')).toBeTruthy()
    expect(screen.getByText('陈建国')).toBeTruthy()
    expect(screen.getByText('工号 FX-XH-001')).toBeTruthy()
  })

  it('shows a card of someone else’s engineer in red, naming the failed check', async () => {
    cards.cardsApi.verify.mockResolvedValue(answer({ assignedToThisOrder: false, match: false }))
    render(<VerifyPage />)
    await paste('abc.def')

    await verify()

    expect(screen.getByText('这不是您订单当前指派的工程师').parentElement?.className).toContain('verify__result--fail')
    expect(screen.getByText('✗ 不是您订单当前指派的工程师')).toBeTruthy()
    // The hotline in the words, the number kept on one line.
    expect(screen.getByText('400-820-5050').className).toContain('nowrap')
    expect(screen.getByText('400-820-5050').parentElement?.textContent).toContain('放心服务客服（电话 400-820-5050）确认')
  })

  it('shows an early arrival of the assigned engineer in amber with the shared rule’s words, not as a stop', async () => {
    const arrival = { timing: 'early' as const, label: '提前 3 小时 53 分钟到达', advice: '比预约时段 09:00-11:00 早 3 小时 53 分钟。您可以请工程师按预约时间再来；如您方便，也可以同意提前开始服务。' }
    cards.cardsApi.verify.mockResolvedValue(answer({ arrival }))
    render(<VerifyPage />)
    await paste('abc.def')

    await verify()

    expect(screen.getByText('这是您订单当前指派的工程师 · 提前 3 小时 53 分钟到达').parentElement?.className).toContain('verify__result--warn')
    expect(screen.getByText(arrival.advice)).toBeTruthy()
    expect(screen.getByText('! 提前 3 小时 53 分钟到达')).toBeTruthy()
  })

  it('with no network, checks the card on the phone and says plainly what it could and could not check', async () => {
    cards.cardsApi.verify.mockRejectedValue(ApiError.network(new Error('offline')))
    offline.offlineCards.checkOffline.mockResolvedValue({ ok: true, expired: false, kid: 'k1', payload: {} })
    render(<VerifyPage />)
    await paste('abc.def')

    await verify()

    expect(offline.offlineCards.checkOffline).toHaveBeenCalledWith('abc.def', '64b7f0c2a1b2c3d4e5f60001')
    expect(screen.getByText('工作证真实有效').parentElement?.className).toContain('verify__result--pass')
    expect(screen.getByText('离线核验').parentElement?.className).toContain('verify__result--pass')
    expect(screen.getByText(/未能确认是否为您订单的当前工程师，联网后自动补记/)).toBeTruthy()
    expect(screen.getByTestId('verify-offline').textContent).toContain('联网后自动补记到订单')
  })

  it('opened from the card page with a token, checks it at once; signed out it offers to sign in for the order check', async () => {
    navigation.usePageParams.mockReturnValue({ token: 'abc.def' })
    session.current = null
    cards.cardsApi.verify.mockResolvedValue({ ...answer(), orders: [] })
    render(<VerifyPage />)
    await act(async () => {
      await Promise.resolve()
    })
    expect(cards.cardsApi.verify).toHaveBeenCalledWith('abc.def')
    expect(screen.getByText('工作证真实有效')).toBeTruthy()
    fireEvent.click(screen.getByText('登录后核对'))
    expect(navigation.navigateTo).toHaveBeenCalledWith('/pages/login/index')
    navigation.usePageParams.mockReturnValue({ orderId: '64b7f0c2a1b2c3d4e5f60001' })
  })

  it('opens the camera in the H5 build and explains plainly when the browser has none; pasting still works', async () => {
    render(<VerifyPage />)
    fireEvent.click(screen.getByText('用摄像头扫码'))
    await waitFor(() => expect(screen.getByTestId('camera-problem').textContent).toContain('粘贴到下方'))
    // Taro's <textarea> is a web component that renders its inner element a moment later.
    await waitFor(() => expect(document.querySelector('textarea')).not.toBeNull())
    fireEvent.click(screen.getByText('知道了'))
    expect(screen.getByText('用摄像头扫码')).toBeTruthy()
  })

  it('shows a revoked card’s warning in the verdict’s own words', async () => {
    cards.cardsApi.verify.mockResolvedValue({ ...answer(), verdict: 'revoked', ...CARD_VERDICT_TEXT.revoked, orders: [] })
    render(<VerifyPage />)
    await paste('abc.def')

    await verify()

    expect(screen.getByText('工作证已吊销')).toBeTruthy()
    expect(screen.getByText(CARD_VERDICT_TEXT.revoked.detail)).toBeTruthy()
  })

  it('asks for the code before calling the server, and shows the server’s message when the call fails', async () => {
    render(<VerifyPage />)
    await paste('')
    await verify()
    expect(screen.getByText('请扫码，或粘贴工作证二维码的内容')).toBeTruthy()
    expect(cards.cardsApi.verify).not.toHaveBeenCalled()

    cards.cardsApi.verify.mockRejectedValue(new ApiError({ id: 'validation_failed', message: '二维码内容过长', status: 400 }))
    await paste('x'.repeat(10))
    await verify()
    expect(screen.getByText('二维码内容过长')).toBeTruthy()
  })
})

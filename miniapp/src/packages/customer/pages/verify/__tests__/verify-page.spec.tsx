import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CARD_VERDICT_TEXT, type CardVerification } from '@fangxin/shared'
import { ApiError } from '@/services/api-client'

const cards = vi.hoisted(() => ({ cardsApi: { verify: vi.fn() } }))
const navigation = vi.hoisted(() => ({ usePageParams: vi.fn(() => ({ orderId: '64b7f0c2a1b2c3d4e5f60001' })) }))
vi.mock('@/services/cards', () => cards)
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/services/session', () => ({ useSession: () => ({ user: { role: 'customer' } }) }))

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

beforeEach(() => vi.clearAllMocks())

describe('verify page (H5: paste the card’s code)', () => {
  it('shows a genuine card of the assigned engineer as one large green verdict, with the engineer’s card', async () => {
    cards.cardsApi.verify.mockResolvedValue(answer())
    render(<VerifyPage />)
    await paste('http://127.0.0.1:3000/v/abc.def')

    await verify()

    expect(cards.cardsApi.verify).toHaveBeenCalledWith('http://127.0.0.1:3000/v/abc.def')
    expect(screen.getByText('真实有效 · 本单工程师').parentElement?.className).toContain('verify__result--pass')
    expect(screen.getByText('✓ 是您订单的指派工程师')).toBeTruthy()
    expect(screen.getByText('陈建国')).toBeTruthy()
    expect(screen.getByText('工号 FX-XH-001')).toBeTruthy()
  })

  it('shows a card of someone else’s engineer in red, naming the failed check', async () => {
    cards.cardsApi.verify.mockResolvedValue(answer({ assignedToThisOrder: false, match: false }))
    render(<VerifyPage />)
    await paste('abc.def')

    await verify()

    expect(screen.getByText('不是您订单的工程师').parentElement?.className).toContain('verify__result--fail')
    expect(screen.getByText('✗ 不是您订单的指派工程师')).toBeTruthy()
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
    expect(screen.getByText('请粘贴或输入工作证二维码的内容')).toBeTruthy()
    expect(cards.cardsApi.verify).not.toHaveBeenCalled()

    cards.cardsApi.verify.mockRejectedValue(new ApiError({ id: 'validation_failed', message: '二维码内容过长', status: 400 }))
    await paste('x'.repeat(10))
    await verify()
    expect(screen.getByText('二维码内容过长')).toBeTruthy()
  })
})

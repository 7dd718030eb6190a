import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MyCardView } from '@fangxin/shared'

const engineer = vi.hoisted(() => ({ engineerApi: { myCard: vi.fn() } }))
vi.mock('@/services/engineer', () => engineer)
vi.mock('@/services/session', () => ({ useSession: () => ({ user: { role: 'engineer', name: '陈建国' } }) }))

const { default: CardPage } = await import('../index')

const T0 = Date.parse('2026-06-18T02:00:00Z')
const PROFILE: MyCardView['profile'] = {
  id: '64b7f0c2a1b2c3d4e5f60001',
  name: '陈建国',
  initials: '陈',
  photoUrl: null,
  employeeNo: 'FX-XH-001',
  outlet: { id: '64b7f0c2a1b2c3d4e5f60002', name: '杭州西湖网点' },
  skills: [{ category: 'air_conditioner', name: '空调' }],
  certificates: [{ type: 'refrigeration', name: '制冷与空调作业证', number: 'RE0010', expiresAt: '2028-01-01T00:00:00Z', valid: true }],
  level: 4,
  rating: 80,
  status: 'active',
}

function card(token: string, over: Partial<MyCardView> = {}): MyCardView {
  return {
    status: 'active',
    engineerStatus: 'active',
    card: { serial: 'FXC-HZ-XH-7KQ2MA', engineerId: PROFILE.id, status: 'active', issuedAt: '2026-01-01T00:00:00Z', issuedBy: null, revokedAt: null, revokedBy: null, revokeReason: null },
    profile: PROFILE,
    qr: { token, expiresAt: new Date(Date.now() + 60_000).toISOString(), verifyUrl: `http://127.0.0.1:3000/v/${token}`, refreshAfterSeconds: 45 },
    notice: null,
    ...over,
  }
}

const settle = () => act(async () => {
  await Promise.resolve()
  await Promise.resolve()
})

beforeEach(() => {
  vi.clearAllMocks()
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(T0)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('engineer work card', () => {
  it('shows the engineer, a QR code of the verify URL and a live countdown, and refreshes before expiry', async () => {
    let n = 0
    engineer.engineerApi.myCard.mockImplementation(async () => card(`tok-${++n}`))
    render(<CardPage />)
    await settle()

    expect(screen.getByText('陈建国')).toBeTruthy()
    expect(screen.getByText('工作证 FXC-HZ-XH-7KQ2MA')).toBeTruthy()
    expect(screen.getByText('有效期剩余 01:00')).toBeTruthy()
    expect(screen.getByText('tok-1')).toBeTruthy()
    const img = document.querySelector('taro-image-core, img') as HTMLElement
    expect(img.getAttribute('src')).toMatch(/^data:image\/gif;base64,/)

    act(() => vi.advanceTimersByTime(20_000))
    expect(screen.getByText('有效期剩余 00:40')).toBeTruthy()

    act(() => vi.advanceTimersByTime(25_000))
    await settle()
    expect(engineer.engineerApi.myCard).toHaveBeenCalledTimes(2)
    expect(screen.getByText('tok-2')).toBeTruthy()
    expect(screen.getByText('有效期剩余 01:00')).toBeTruthy()
  })

  it('shows why there is no code when the card is revoked', async () => {
    engineer.engineerApi.myCard.mockResolvedValue(card('x', { status: 'revoked', qr: null, notice: '工作证已被吊销，请联系网点', card: { ...card('x').card!, status: 'revoked', revokeReason: '遗失' } }))
    render(<CardPage />)
    await settle()

    expect(screen.getByText('已吊销')).toBeTruthy()
    expect(screen.getByText('工作证已被吊销，请联系网点')).toBeTruthy()
    expect(screen.getByText('吊销原因：遗失')).toBeTruthy()
    expect(screen.queryByText(/有效期剩余/)).toBeNull()
  })
})

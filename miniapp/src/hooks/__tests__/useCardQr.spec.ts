import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MyCardView } from '@fangxin/shared'
import { RETRY_AFTER_MS, useCardQr } from '../useCardQr'

const T0 = Date.parse('2026-06-18T02:00:00Z')

function card(n: number, expiresAt: string | null, extra: Partial<MyCardView> = {}): MyCardView {
  return {
    status: 'active',
    engineerStatus: 'active',
    card: null,
    profile: { id: '64b7f0c2a1b2c3d4e5f60001', name: '陈建国', initials: '陈', photoUrl: null, employeeNo: 'FX-XH-001', outlet: { id: '64b7f0c2a1b2c3d4e5f60002', name: '杭州西湖网点' }, skills: [], certificates: [], level: 4, rating: 80, status: 'active' },
    qr: expiresAt ? { token: `token-${n}`, expiresAt, verifyUrl: `http://x/v/token-${n}`, refreshAfterSeconds: 45 } : null,
    notice: expiresAt ? null : '工作证已吊销',
    ...extra,
  }
}

/** Lets the loader's promise settle inside act. */
const flush = () => act(async () => {
  await Promise.resolve()
  await Promise.resolve()
})

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(T0)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('useCardQr', () => {
  it('shows the code with a countdown to its expiry and fetches a new one after refreshAfterSeconds', async () => {
    let n = 0
    const load = vi.fn(async () => {
      n += 1
      return card(n, new Date(Date.now() + 60_000).toISOString())
    })
    const { result } = renderHook(() => useCardQr(load))
    await flush()

    expect(result.current.card?.qr?.token).toBe('token-1')
    expect(result.current).toMatchObject({ validFor: 60, refreshIn: 45 })

    act(() => vi.advanceTimersByTime(10_000))
    expect(result.current).toMatchObject({ validFor: 50, refreshIn: 35 })

    act(() => vi.advanceTimersByTime(35_000))
    await flush()
    expect(load).toHaveBeenCalledTimes(2)
    expect(result.current.card?.qr?.token).toBe('token-2')
    expect(result.current.validFor).toBe(60)
  })

  it('never counts longer than the token lives, even when the phone’s clock is behind the server', async () => {
    const load = vi.fn(async () => card(1, new Date(Date.now() + 10 * 60_000).toISOString()))
    const { result } = renderHook(() => useCardQr(load))
    await flush()

    expect(result.current.validFor).toBe(60)
  })

  it('after a failed refresh keeps the code on screen while still valid, and retries soon', async () => {
    const load = vi
      .fn<() => Promise<MyCardView>>()
      .mockResolvedValueOnce(card(1, new Date(T0 + 60_000).toISOString()))
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(card(3, new Date(T0 + 50_000 + 60_000).toISOString()))
    const { result } = renderHook(() => useCardQr(load))
    await flush()

    act(() => vi.advanceTimersByTime(45_000))
    await flush()
    expect(result.current.card?.qr?.token).toBe('token-1')
    expect((result.current.error as Error).message).toBe('offline')
    expect(result.current.validFor).toBe(15)

    act(() => vi.advanceTimersByTime(RETRY_AFTER_MS))
    await flush()
    expect(load).toHaveBeenCalledTimes(3)
    expect(result.current.card?.qr?.token).toBe('token-3')
    expect(result.current.error).toBeNull()
  })

  it('shows a revoked card without a code and does not poll', async () => {
    const load = vi.fn(async () => card(1, null, { status: 'revoked' }))
    const { result } = renderHook(() => useCardQr(load))
    await flush()

    act(() => vi.advanceTimersByTime(120_000))
    expect(load).toHaveBeenCalledTimes(1)
    expect(result.current).toMatchObject({ validFor: 0, refreshIn: 0 })
    expect(result.current.card?.notice).toBe('工作证已吊销')
  })

  it('stops refreshing once the page is gone', async () => {
    const load = vi.fn(async () => card(1, new Date(Date.now() + 60_000).toISOString()))
    const { unmount } = renderHook(() => useCardQr(load))
    await flush()
    unmount()

    act(() => vi.advanceTimersByTime(120_000))
    expect(load).toHaveBeenCalledTimes(1)
  })
})

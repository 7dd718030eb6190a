import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useCountdown } from '../useCountdown'

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-03-01T08:00:00Z'))
})

afterEach(() => {
  vi.useRealTimers()
})

describe('useCountdown', () => {
  it('is idle until started', () => {
    const { result } = renderHook(() => useCountdown())
    expect(result.current).toMatchObject({ remaining: 0, running: false })
  })

  it('counts down one second at a time and stops at zero', () => {
    const { result } = renderHook(() => useCountdown())

    act(() => result.current.start(60))
    expect(result.current).toMatchObject({ remaining: 60, running: true })

    act(() => vi.advanceTimersByTime(1000))
    expect(result.current.remaining).toBe(59)

    act(() => vi.advanceTimersByTime(58_000))
    expect(result.current).toMatchObject({ remaining: 1, running: true })

    act(() => vi.advanceTimersByTime(1000))
    expect(result.current).toMatchObject({ remaining: 0, running: false })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('follows the clock when the timer fires late (background tab, WeChat in the background)', () => {
    const { result } = renderHook(() => useCountdown())
    act(() => result.current.start(60))

    // 45 s pass without a single tick, then one tick arrives.
    act(() => {
      vi.setSystemTime(Date.now() + 45_000)
      vi.advanceTimersByTime(250)
    })

    expect(result.current.remaining).toBe(15)
  })

  it('starts over when started again, and stops on reset', () => {
    const { result } = renderHook(() => useCountdown())
    act(() => result.current.start(60))
    act(() => vi.advanceTimersByTime(10_000))

    act(() => result.current.start(42))
    expect(result.current.remaining).toBe(42)

    act(() => result.current.reset())
    expect(result.current).toMatchObject({ remaining: 0, running: false })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rounds a fractional start up to whole seconds', () => {
    const { result } = renderHook(() => useCountdown())
    act(() => result.current.start(2.2))
    expect(result.current.remaining).toBe(3)
  })

  it('stops its timer when the component unmounts', () => {
    const { result, unmount } = renderHook(() => useCountdown())
    act(() => result.current.start(60))
    expect(vi.getTimerCount()).toBe(1)

    unmount()

    expect(vi.getTimerCount()).toBe(0)
  })
})

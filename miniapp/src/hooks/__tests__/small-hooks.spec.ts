import { act, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useIdempotencyKey } from '../useIdempotencyKey'
import { useRunner } from '../useRunner'
import { useSecondsUntil } from '../useSecondsUntil'

afterEach(() => {
  vi.useRealTimers()
})

describe('useIdempotencyKey', () => {
  it('keeps one key while the request stays the same, and makes a new one when it changes', () => {
    let n = 0
    const make = () => `key-${++n}`
    const { result, rerender } = renderHook(({ body }: { body: unknown }) => useIdempotencyKey(body, make), { initialProps: { body: { slot: 'a' } } })
    const first = result.current

    rerender({ body: { slot: 'a' } })
    expect(result.current).toBe(first)

    rerender({ body: { slot: 'b' } })
    expect(result.current).toBe('key-2')

    rerender({ body: { slot: 'b' } })
    expect(result.current).toBe('key-2')
  })

  it('makes keys the server accepts (8-64 of letters, digits, - and _)', () => {
    const { result } = renderHook(() => useIdempotencyKey({ a: 1 }))
    expect(result.current).toMatch(/^[\w-]{8,64}$/)
  })
})

describe('useRunner', () => {
  it('ignores a second tap while the first action runs', async () => {
    let finish!: () => void
    const action = vi.fn(() => new Promise<string>((resolve) => (finish = () => resolve('done'))))
    const { result } = renderHook(() => useRunner(() => undefined))

    let first!: Promise<string | undefined>
    let second!: Promise<string | undefined>
    act(() => {
      first = result.current.run('accept', action)
      second = result.current.run('accept', action)
    })
    expect(result.current.busy).toBe('accept')
    await act(async () => finish())

    await expect(first).resolves.toBe('done')
    await expect(second).resolves.toBeUndefined()
    expect(action).toHaveBeenCalledTimes(1)
    expect(result.current.busy).toBeNull()
  })

  it('hands a failure to onError with the action’s key and resolves undefined', async () => {
    const onError = vi.fn()
    const { result } = renderHook(() => useRunner(onError))

    let outcome: unknown = 'unset'
    await act(async () => {
      outcome = await result.current.run('depart', async () => Promise.reject(new Error('409')))
    })

    expect(outcome).toBeUndefined()
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: '409' }), 'depart')
  })
})

describe('useSecondsUntil', () => {
  it('counts down to an instant and stops at zero', () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.parse('2026-06-18T02:00:00Z'))
    const { result } = renderHook(() => useSecondsUntil('2026-06-18T02:10:00Z'))
    expect(result.current).toBe(600)

    act(() => vi.advanceTimersByTime(61_000))
    expect(result.current).toBe(539)

    act(() => vi.advanceTimersByTime(600_000))
    expect(result.current).toBe(0)
  })

  it('is zero without an instant', () => {
    const { result } = renderHook(() => useSecondsUntil(null))
    expect(result.current).toBe(0)
  })
})

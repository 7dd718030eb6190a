import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAsync } from '../useAsync'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useAsync', () => {
  it('loads on mount: loading, then the data', async () => {
    const { result } = renderHook(() => useAsync(async () => ['a'], []))
    expect(result.current).toMatchObject({ data: null, loading: true })

    await waitFor(() => expect(result.current.loading).toBe(false))
    expect(result.current).toMatchObject({ data: ['a'], error: null })
  })

  it('keeps the failure and the previous data, and a reload clears the failure', async () => {
    let fail = false
    const { result } = renderHook(() => useAsync(async () => (fail ? Promise.reject(new Error('offline')) : 1), []))
    await waitFor(() => expect(result.current.data).toBe(1))

    fail = true
    await act(() => result.current.reload())
    expect(result.current.data).toBe(1)
    expect((result.current.error as Error).message).toBe('offline')

    fail = false
    await act(() => result.current.reload())
    expect(result.current.error).toBeNull()
  })

  it('keeps only the latest answer when an older, slower load finishes last', async () => {
    const first = deferred<string>()
    const second = deferred<string>()
    const loads = [first.promise, second.promise]
    const { result, rerender } = renderHook(({ id }: { id: number }) => useAsync(() => loads[id]!, [id]), { initialProps: { id: 0 } })
    rerender({ id: 1 })

    await act(async () => second.resolve('new'))
    await act(async () => first.resolve('old'))

    expect(result.current.data).toBe('new')
  })

  it('setData replaces the data at once (an action’s answer) and wins over a load still under way', async () => {
    const slow = deferred<string>()
    const { result } = renderHook(() => useAsync(() => slow.promise, []))

    act(() => result.current.setData('from action'))
    await act(async () => slow.resolve('stale'))

    expect(result.current).toMatchObject({ data: 'from action', loading: false })
  })
})

import { useCallback, useEffect, useRef, useState } from 'react'

export interface AsyncState<T> {
  data: T | null
  /** The last load's failure (an ApiError from the client, usually); cleared by the next success. */
  error: unknown
  loading: boolean
  /** Loads again; resolves when done (pull-to-refresh, after an action). */
  reload(): Promise<void>
  /** Replaces the data with what an action returned (an order after a transition), without a round trip. */
  setData(data: T): void
}

/**
 * Loads data for a page and reloads when `deps` change. Only the latest load's answer is kept, so a slow earlier
 * answer never overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)
  const latest = useRef(load)
  latest.current = load

  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    try {
      const result = await latest.current()
      if (mine !== seq.current) return
      setData(result)
      setError(null)
    } catch (err) {
      if (mine !== seq.current) return
      setError(err)
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    void reload()
  }, deps)

  useEffect(() => () => {
    // Answers that arrive after the page is gone are dropped.
    seq.current += 1
  }, [])

  const set = useCallback((next: T) => {
    seq.current += 1
    setData(next)
    setError(null)
    setLoading(false)
  }, [])

  return { data, error, loading, reload, setData: set }
}

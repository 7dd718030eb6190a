import { useCallback, useRef, useState } from 'react'

export interface Runner {
  /** The key of the action under way, or null: buttons show loading and ignore taps while it runs. */
  busy: string | null
  /**
   * Runs one action unless another is under way (a double tap does nothing). Failures go to `onError` and resolve
   * as undefined.
   */
  run<T>(key: string, action: () => Promise<T>): Promise<T | undefined>
}

export function useRunner(onError: (err: unknown, key: string) => void): Runner {
  const [busy, setBusy] = useState<string | null>(null)
  const running = useRef(false)
  const handler = useRef(onError)
  handler.current = onError

  const run = useCallback(async <T,>(key: string, action: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined
    running.current = true
    setBusy(key)
    try {
      return await action()
    } catch (err) {
      handler.current(err, key)
      return undefined
    } finally {
      running.current = false
      setBusy(null)
    }
  }, [])

  return { busy, run }
}

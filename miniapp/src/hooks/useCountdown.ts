import { useCallback, useEffect, useState } from 'react'

export interface Countdown {
  /** Whole seconds left, 0 when idle. */
  remaining: number
  running: boolean
  start(seconds: number): void
  reset(): void
}

const TICK_MS = 250

/**
 * A seconds countdown (the "60 秒后重发" of the code button). It counts against the clock rather than adding up
 * ticks, so it stays right when WeChat or a background tab slows the timer down.
 */
export function useCountdown(): Countdown {
  const [endsAt, setEndsAt] = useState<number | null>(null)
  const [remaining, setRemaining] = useState(0)

  useEffect(() => {
    if (endsAt === null) return
    const tick = () => {
      const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000))
      setRemaining(left)
      if (left === 0) setEndsAt(null)
    }
    tick()
    const timer = setInterval(tick, TICK_MS)
    return () => clearInterval(timer)
  }, [endsAt])

  const start = useCallback((seconds: number) => {
    const whole = Math.max(0, Math.ceil(seconds))
    setRemaining(whole)
    setEndsAt(whole > 0 ? Date.now() + whole * 1000 : null)
  }, [])

  const reset = useCallback(() => {
    setRemaining(0)
    setEndsAt(null)
  }, [])

  return { remaining, running: remaining > 0, start, reset }
}

import { useEffect, useState } from 'react'

const TICK_MS = 500

/** Whole seconds until an instant (0 once passed, or when there is none), ticking against the clock. */
export function useSecondsUntil(iso: string | null | undefined, now: () => number = Date.now): number {
  const target = iso ? Date.parse(iso) : NaN
  const compute = () => (Number.isNaN(target) ? 0 : Math.max(0, Math.ceil((target - now()) / 1000)))
  const [seconds, setSeconds] = useState(compute)

  useEffect(() => {
    setSeconds(compute())
    if (Number.isNaN(target)) return
    const timer = setInterval(() => {
      const left = compute()
      setSeconds(left)
      if (left === 0) clearInterval(timer)
    }, TICK_MS)
    return () => clearInterval(timer)
  }, [target])

  return seconds
}

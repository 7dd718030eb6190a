import { useCallback, useEffect, useRef, useState } from 'react'
import { CARD_TOKEN_TTL_SECONDS, type MyCardView } from '@fangxin/shared'

export interface CardQrState {
  card: MyCardView | null
  /** The last load's failure; a failed refresh keeps showing the previous code while it is still valid. */
  error: unknown
  loading: boolean
  /** Seconds the QR code on screen stays valid (0: expired, or no code). */
  validFor: number
  /** Seconds until the next automatic refresh. */
  refreshIn: number
  refresh(): Promise<void>
}

const TICK_MS = 250
/** After a failed refresh, try again this soon (the code on screen may still be valid for a while). */
export const RETRY_AFTER_MS = 5_000

/**
 * The engineer's work card with a QR code that is always scannable: the token lives 60 s, and the card is fetched
 * again after `refreshAfterSeconds` (45 s), before it expires. Times count from when the answer arrived, capped by
 * the token's own expiry, so a phone whose clock is off never shows a dead code as valid.
 */
export function useCardQr(load: () => Promise<MyCardView>, now: () => number = Date.now): CardQrState {
  const [card, setCard] = useState<MyCardView | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const [expiresAt, setExpiresAt] = useState<number | null>(null)
  const [refreshAt, setRefreshAt] = useState<number | null>(null)
  const [, setTick] = useState(0)
  const latestLoad = useRef(load)
  latestLoad.current = load
  const alive = useRef(true)
  const inFlight = useRef<Promise<void> | null>(null)

  const refresh = useCallback(() => {
    inFlight.current ??= (async () => {
      setLoading(true)
      try {
        const next = await latestLoad.current()
        if (!alive.current) return
        const received = now()
        setCard(next)
        setError(null)
        if (next.qr) {
          const byServer = Date.parse(next.qr.expiresAt) - received
          const validMs = Math.max(0, Math.min(CARD_TOKEN_TTL_SECONDS * 1000, Number.isNaN(byServer) ? 0 : byServer))
          setExpiresAt(received + validMs)
          setRefreshAt(received + Math.min(validMs, next.qr.refreshAfterSeconds * 1000))
        } else {
          // Suspended or revoked: nothing to refresh; the card shows why.
          setExpiresAt(null)
          setRefreshAt(null)
        }
      } catch (err) {
        if (!alive.current) return
        setError(err)
        setRefreshAt(now() + RETRY_AFTER_MS)
      } finally {
        if (alive.current) setLoading(false)
        inFlight.current = null
      }
    })()
    return inFlight.current
  }, [now])

  useEffect(() => {
    alive.current = true
    void refresh()
    return () => {
      alive.current = false
    }
  }, [refresh])

  useEffect(() => {
    if (refreshAt === null) return
    const timer = setInterval(() => {
      setTick((t) => t + 1)
      if (now() >= refreshAt && !inFlight.current) void refresh()
    }, TICK_MS)
    return () => clearInterval(timer)
  }, [refreshAt, refresh, now])

  const t = now()
  const seconds = (at: number | null) => (at === null ? 0 : Math.max(0, Math.ceil((at - t) / 1000)))
  return { card, error, loading, validFor: seconds(expiresAt), refreshIn: seconds(refreshAt), refresh }
}

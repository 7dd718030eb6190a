import { useRef } from 'react'
import { newIdempotencyKey } from '@/utils/idempotency'

/**
 * One Idempotency-Key per request content: the same key for as long as the content stays the same (a retry, a
 * double tap, or leaving the review and coming back unchanged after a lost answer), a new one once it changes (the
 * server answers 409 idempotency_conflict to the same key with a different body).
 */
export function useIdempotencyKey(content: unknown, make: () => string = newIdempotencyKey): string {
  const ref = useRef<{ content: string; key: string } | null>(null)
  const serialized = JSON.stringify(content ?? null)
  if (!ref.current || ref.current.content !== serialized) ref.current = { content: serialized, key: make() }
  return ref.current.key
}

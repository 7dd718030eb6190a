/**
 * A fresh Idempotency-Key (8-64 of [A-Za-z0-9_-], as the server requires). Random enough that two devices never
 * collide; uses the platform's crypto when there is one.
 */
export function newIdempotencyKey(now = Date.now()): string {
  const bytes = new Uint8Array(12)
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  const random = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `bk-${now.toString(36)}-${random}`
}

import jsQR from 'jsqr'

/**
 * Pure QR reading for the H5 camera scanner (no DOM, no camera): one RGBA frame in, the QR code's text out. Kept
 * apart from the camera so it is tested on generated images.
 */
export function decodeQrFrame(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  if (width <= 0 || height <= 0 || rgba.length < width * height * 4) return null
  const found = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })
  return found && found.data ? found.data : null
}

/** A card token is two base64url parts joined by a dot (see CARD_TOKEN_FORMAT in @fangxin/shared). */
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * The work-card token in what a scan read: the card's `…/v/<token>` link, or a bare token. Anything else (another
 * QR code, say the customer's own service code) is null, so the scanner keeps looking.
 */
export function cardTokenFromScan(text: string): string | null {
  const value = text.trim()
  const link = /\/v\/([^/?#\s]+)/.exec(value)
  const candidate = link ? safeDecode(link[1]!) : value
  return TOKEN.test(candidate) ? candidate : null
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

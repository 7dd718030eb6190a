import qrcode from 'qrcode-generator'
import { describe, expect, it } from 'vitest'
import { cardTokenFromScan, decodeQrFrame } from '../qr-decode'

/** A QR code drawn as a camera frame would hold it: RGBA pixels, dark modules black on white, with a quiet zone. */
function qrFrame(text: string, scale = 4, margin = 4): { rgba: Uint8ClampedArray; width: number; height: number } {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const modules = qr.getModuleCount()
  const size = (modules + 2 * margin) * scale
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const row = Math.floor(y / scale) - margin
      const col = Math.floor(x / scale) - margin
      if (row >= 0 && col >= 0 && row < modules && col < modules && qr.isDark(row, col)) {
        const i = (y * size + x) * 4
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0
      }
    }
  }
  return { rgba, width: size, height: size }
}

// The shape of a real card token: base64url(payload).base64url(signature), about 234 characters in all.
const TOKEN = `${Buffer.from(JSON.stringify({ v: 1, e: '64b7f0c2a1b2c3d4e5f60001', s: 'FXC-HZ-XH-7KQ2MA', iat: 1781748000, exp: 1781748060, n: 'q8Zk2l' })).toString('base64url')}.${Buffer.alloc(64, 7).toString('base64url')}`

describe('decodeQrFrame', () => {
  it('reads the card’s verify link from an image of its QR code', () => {
    const link = `http://127.0.0.1:3000/v/${TOKEN}`
    const { rgba, width, height } = qrFrame(link)
    const text = decodeQrFrame(rgba, width, height)
    expect(text).toBe(link)
    expect(cardTokenFromScan(text!)).toBe(TOKEN)
  })

  it('reads a service-code QR too (the scanner decides what it accepts)', () => {
    const { rgba, width, height } = qrFrame('FXSC:FX2026061800001:042917')
    expect(decodeQrFrame(rgba, width, height)).toBe('FXSC:FX2026061800001:042917')
  })

  it('finds nothing in a blank frame or a frame too small for its size', () => {
    expect(decodeQrFrame(new Uint8ClampedArray(64 * 64 * 4).fill(255), 64, 64)).toBeNull()
    expect(decodeQrFrame(new Uint8ClampedArray(16), 64, 64)).toBeNull()
  })
})

describe('cardTokenFromScan', () => {
  it('takes the token from a verify link or a bare token, and refuses anything else', () => {
    expect(cardTokenFromScan(`https://fangxin.example.com/v/${TOKEN}`)).toBe(TOKEN)
    expect(cardTokenFromScan(` ${TOKEN} `)).toBe(TOKEN)
    expect(cardTokenFromScan('FXSC:FX2026061800001:042917')).toBeNull()
    expect(cardTokenFromScan('https://example.com/hello')).toBeNull()
    expect(cardTokenFromScan('')).toBeNull()
  })
})

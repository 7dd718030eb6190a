import { useMemo } from 'react'
import { Image } from '@tarojs/components'
import qrcode from 'qrcode-generator'

/**
 * A QR code as a GIF data URL, drawn by a small pure-JS encoder: the same image works in WeChat's <image> and in a
 * browser <img> (the server's CSP allows data: images), with no canvas and no network.
 */
export function qrDataUrl(text: string, cellSize = 6, margin = 4 * 6): string {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  return qr.createDataURL(cellSize, margin)
}

export function QrCode({ text, className, label }: { text: string; className?: string; label?: string }) {
  const src = useMemo(() => qrDataUrl(text), [text])
  return <Image className={className ?? 'qr-code'} src={src} mode='aspectFit' ariaLabel={label ?? '二维码'} />
}

import { CameraError, type CameraProblem, type CameraScan } from './camera-types'
import { decodeQrFrame } from './qr-decode'

export { CAMERA_PROBLEM_TEXT, CameraError, type CameraProblem, type CameraScan } from './camera-types'

/**
 * The H5 build's QR scanner: the rear camera through getUserMedia, frames drawn to a canvas and read with jsQR.
 * Only the H5 build calls it (WeChat has Taro.scanCode; see scan.ts). The camera is always released: when a code is
 * accepted, when `stop()` is called, or when starting fails part-way.
 */

/** Whether this browser offers a camera API at all (a refusal can only be known by asking). */
export function cameraSupported(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function'
}

function problemOf(err: unknown): CameraProblem {
  const name = (err as { name?: string } | null)?.name
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'refused'
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError' || name === 'NotReadableError') return 'absent'
  return 'failed'
}

const FRAME_INTERVAL_MS = 150
/** Frames are read at most this wide: enough for a phone-screen QR, cheap for jsQR. */
const MAX_READ_WIDTH = 640

/**
 * Opens the rear camera inside `container` and reads QR codes until `accept` returns true for one. Rejects with a
 * CameraError saying why the camera cannot be used.
 */
export async function startCameraScan(container: HTMLElement, accept: (text: string) => boolean): Promise<CameraScan> {
  if (typeof window !== 'undefined' && window.isSecureContext === false) throw new CameraError('insecure')
  if (!cameraSupported()) throw new CameraError('absent')
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  } catch (err) {
    throw new CameraError(problemOf(err), { cause: err })
  }
  const video = document.createElement('video')
  video.setAttribute('playsinline', 'true')
  video.setAttribute('aria-label', '摄像头画面')
  video.muted = true
  video.className = 'camera-scan__video'
  video.srcObject = stream
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  const stop = () => {
    if (stopped) return
    stopped = true
    if (timer) clearTimeout(timer)
    for (const track of stream.getTracks()) track.stop()
    video.srcObject = null
    video.remove()
  }

  const read = () => {
    if (stopped) return
    if (context && video.readyState >= 2 && video.videoWidth > 0) {
      const scale = Math.min(1, MAX_READ_WIDTH / video.videoWidth)
      const width = Math.round(video.videoWidth * scale)
      const height = Math.round(video.videoHeight * scale)
      canvas.width = width
      canvas.height = height
      context.drawImage(video, 0, 0, width, height)
      const text = decodeQrFrame(context.getImageData(0, 0, width, height).data, width, height)
      if (text && accept(text)) {
        stop()
        return
      }
    }
    timer = setTimeout(read, FRAME_INTERVAL_MS)
  }

  try {
    container.appendChild(video)
    await video.play()
  } catch (err) {
    stop()
    throw new CameraError('failed', { cause: err })
  }
  read()
  return { stop }
}

import { CameraError, type CameraScan } from './camera-types'

/**
 * The mini-program build has WeChat's own scanner (scan.ts) and no in-page camera: this stands in for camera.ts so
 * the QR decoder is not packed into the mini-program.
 */
export { CAMERA_PROBLEM_TEXT, CameraError, type CameraProblem, type CameraScan } from './camera-types'

export function cameraSupported(): boolean {
  return false
}

export function startCameraScan(_container: unknown, _accept: (text: string) => boolean): Promise<CameraScan> {
  return Promise.reject(new CameraError('absent'))
}

/** What both builds' camera scanners share: why the camera cannot be used, in words for the customer. */
export type CameraProblem = 'refused' | 'absent' | 'insecure' | 'failed'

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem, options?: { cause?: unknown }) {
    super(CAMERA_PROBLEM_TEXT[problem], options)
    this.name = 'CameraError'
  }
}

/** What the customer is told, and what to do instead (the paste field stays below). */
export const CAMERA_PROBLEM_TEXT: Record<CameraProblem, string> = {
  refused: '没有获得摄像头权限。请在浏览器设置中允许本网站使用摄像头后重试，或把工作证二维码的链接粘贴到下方。',
  absent: '没有找到可用的摄像头。请用手机相机扫工作证二维码，或把二维码的链接粘贴到下方。',
  insecure: '当前网页不是安全连接，浏览器不允许使用摄像头。请用手机相机扫工作证二维码，或把链接粘贴到下方。',
  failed: '摄像头打开失败。请重试，或用手机相机扫工作证二维码、把链接粘贴到下方。',
}

export interface CameraScan {
  stop(): void
}


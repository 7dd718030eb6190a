import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { CameraError, startCameraScan, type CameraScan } from '@/platform/camera'
import { cardTokenFromScan } from '@/platform/qr-decode'
import { Button } from '@/ui/Button'

const CONTAINER_ID = 'verify-camera'

/**
 * H5: the rear camera in the page, reading QR codes until one is a work card's (its `/v/<token>` link or a bare
 * token); then the camera is released and the text handed over. When the camera is refused or absent it says so
 * plainly, and the paste field below stays the way in.
 */
export function CameraScanner({ onScanned, onClose }: { onScanned: (text: string) => void; onClose: () => void }) {
  const [problem, setProblem] = useState<string | null>(null)
  const [ignored, setIgnored] = useState(false)
  const latest = useRef(onScanned)
  latest.current = onScanned

  useEffect(() => {
    let scan: CameraScan | null = null
    let cancelled = false
    const container = document.getElementById(CONTAINER_ID)
    if (!container) return undefined
    startCameraScan(container, (text) => {
      if (!cardTokenFromScan(text)) {
        setIgnored(true)
        return false
      }
      latest.current(text)
      return true
    })
      .then((started) => {
        if (cancelled) started.stop()
        else scan = started
      })
      .catch((err: unknown) => {
        if (!cancelled) setProblem(err instanceof CameraError ? err.message : '摄像头打开失败。请重试，或把工作证二维码的链接粘贴到下方。')
      })
    return () => {
      cancelled = true
      scan?.stop()
    }
  }, [])

  return (
    <View className='camera-scan'>
      {problem ? (
        <Text className='field-error camera-scan__problem' data-testid='camera-problem'>
          {problem}
        </Text>
      ) : (
        <>
          <View id={CONTAINER_ID} className='camera-scan__view' />
          <Text className='muted camera-scan__hint'>{ignored ? '这不是工作证二维码，请对准工程师出示的工作证二维码' : '请把工程师手机上的工作证二维码放在框内，识别后自动核验'}</Text>
        </>
      )}
      <Button fill='outline' block onClick={onClose}>
        {problem ? '知道了' : '关闭摄像头'}
      </Button>
    </View>
  )
}

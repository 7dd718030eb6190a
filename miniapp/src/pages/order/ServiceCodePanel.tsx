import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { errorText } from '@/components/AsyncContent'
import { QrCode } from '@/components/QrCode'
import { useSecondsUntil } from '@/hooks/useSecondsUntil'
import { groupServiceCode, SERVICE_CODE_DIGITS, SERVICE_CODE_TTL_MINUTES, type ServiceCodeView as ServiceCode } from '@fangxin/shared'
import { Button } from '@/ui/Button'
import { clock } from '@/utils/format'

/**
 * S4 presence proof: the customer shows this code when the engineer arrives — six digits, large, to read out or
 * show, with its QR for the engineer to scan. Single use and valid ten minutes; asking again replaces the previous
 * code (and its count of wrong tries).
 */
export function ServiceCodePanel({ issue }: { issue: () => Promise<ServiceCode> }) {
  const [code, setCode] = useState<ServiceCode | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const left = useSecondsUntil(code?.expiresAt)

  async function show() {
    setLoading(true)
    setError(null)
    try {
      setCode(await issue())
    } catch (err) {
      setError(errorText(err))
    } finally {
      setLoading(false)
    }
  }

  const live = code && left > 0
  return (
    <View className='card service-code'>
      <Text className='card-title'>服务码</Text>
      <Text className='muted'>
        工程师到达后，请把 {SERVICE_CODE_DIGITS} 位服务码读给他，或让他扫二维码签到。{SERVICE_CODE_TTL_MINUTES} 分钟内有效，只能用一次。
      </Text>
      {live ? (
        <View className='service-code__body'>
          <Text className='service-code__text'>{groupServiceCode(code.serviceCode)}</Text>
          <QrCode className='service-code__qr' text={code.qrText} label='服务码二维码' />
          <Text className='muted'>有效期剩余 {clock(left)}</Text>
        </View>
      ) : code ? (
        <Text className='field-error'>服务码已过期，请重新获取</Text>
      ) : null}
      {error ? <Text className='field-error'>{error}</Text> : null}
      <Button className='service-code__button' type='primary' fill={live ? 'outline' : 'solid'} block loading={loading} onClick={show}>
        {code ? '刷新服务码' : '出示服务码'}
      </Button>
    </View>
  )
}

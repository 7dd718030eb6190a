import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { CardVerification } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { EngineerProfile } from '@/components/EngineerProfile'
import { PageShell } from '@/components/PageShell'
import { usePageParams } from '@/platform/navigation'
import { CAN_SCAN, scanQrCode } from '@/platform/scan'
import { cardsApi } from '@/services/cards'
import { useSession } from '@/services/session'
import { Button, TextArea } from '@/ui'
import { dateTime } from '@/utils/format'
import { readVerification } from './verdict'
import './index.scss'

/** S3: the customer scans the engineer's e-work card (WeChat) or pastes its code (H5), and sees the verdict big. */
export default function VerifyPage() {
  const { orderId } = usePageParams()
  const current = useSession()
  const [text, setText] = useState('')
  const [result, setResult] = useState<CardVerification | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)

  async function verify(scanned: string) {
    if (!scanned.trim()) {
      setError('请粘贴或输入工作证二维码的内容')
      return
    }
    setChecking(true)
    setError(null)
    try {
      setResult(await cardsApi.verify(scanned))
    } catch (err) {
      setResult(null)
      setError(errorText(err))
    } finally {
      setChecking(false)
    }
  }

  async function scan() {
    try {
      const scanned = await scanQrCode()
      setText(scanned)
      await verify(scanned)
    } catch {
      // The user closed the scanner.
    }
  }

  const verdict = result ? readVerification(result, orderId) : null

  return (
    <PageShell className='verify'>
      {verdict && result ? (
        <View className={`verify__result ${verdict.pass ? 'verify__result--pass' : 'verify__result--fail'}`}>
          <Text className='verify__mark'>{verdict.pass ? '✓' : '✗'}</Text>
          <Text className='verify__headline'>{verdict.headline}</Text>
          <Text className='verify__detail'>{verdict.detail}</Text>
          {verdict.checks.length > 0 ? (
            <View className='verify__checks'>
              {verdict.checks.map((c) => (
                <Text key={c.text} className={c.ok ? 'verify__check verify__check--ok' : 'verify__check verify__check--bad'}>
                  {c.ok ? '✓' : '✗'} {c.text}
                </Text>
              ))}
            </View>
          ) : null}
          <Text className='verify__time'>核验时间 {dateTime(result.checkedAt)}{verdict.order ? ` · 已记录到订单 ${verdict.order.orderNo}` : ''}</Text>
        </View>
      ) : null}

      {result?.engineer ? (
        <View className='card'>
          <EngineerProfile profile={result.engineer} serial={result.serial} />
        </View>
      ) : null}

      <View className='card verify__input'>
        <Text className='card-title'>{result ? '再次核验' : '核验上门工程师的电子工作证'}</Text>
        <Text className='muted verify__hint'>
          {CAN_SCAN ? '请工程师出示工作证二维码，点击“扫码核验”。' : '当前环境无法使用摄像头：请让工程师出示工作证，将二维码内容（链接或代码）粘贴到下方。'}
          {current?.user.role === 'customer' ? '' : ' 登录后还能核对是否为您订单的指派工程师。'}
        </Text>
        {CAN_SCAN ? (
          <Button type='primary' size='large' block loading={checking} onClick={scan}>
            扫码核验
          </Button>
        ) : null}
        <TextArea className='verify__text' value={text} onChange={setText} placeholder='粘贴工作证二维码内容或链接' maxLength={2048} />
        {error ? <Text className='field-error'>{error}</Text> : null}
        <Button type='primary' fill={CAN_SCAN ? 'outline' : 'solid'} size='large' block loading={checking} onClick={() => verify(text)}>
          核验
        </Button>
      </View>
    </PageShell>
  )
}

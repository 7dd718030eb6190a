import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { offlineCardText, type CardVerification } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { EngineerProfile } from '@/components/EngineerProfile'
import { PageShell } from '@/components/PageShell'
import { navigateTo, ROUTES, usePageParams } from '@/platform/navigation'
import { CAN_SCAN, SCAN_KIND, scanQrCode } from '@/platform/scan'
import { CameraScanner } from './CameraScanner'
import { cardsApi } from '@/services/cards'
import { isApiError } from '@/services/api-client'
import { offlineCards } from './offline'
import { onReconnect } from '@/platform/network'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { TextArea } from '@/ui/TextArea'
import { dateTime } from '@/utils/format'
import { readVerification } from './verdict'
import './index.scss'

const MARK = { pass: '✓', warn: '!', fail: '✗' } as const

/** The verdict's words with the hotline number kept on one line (a phone number is read as one piece). */
function keepNumber(text: string, number: string | undefined) {
  const at = number ? text.indexOf(number) : -1
  if (!number || at < 0) return text
  return (
    <>
      {text.slice(0, at)}
      <Text className='nowrap'>{number}</Text>
      {text.slice(at + number.length)}
    </>
  )
}
const CHECK_MARK = { ok: '✓', bad: '✗', note: '!' } as const

/**
 * S3 at the door: the customer scans the engineer's e-work card — WeChat's scanner in the mini-program, the phone's
 * rear camera in the H5 build, or pastes its link — and sees, large, whether this is the engineer assigned to their
 * order now. A signed-in customer's check is recorded on the order. Opened from the card's public page
 * (`?token=…`), it checks that token at once; signed out, it offers to sign in for the order check.
 */
export default function VerifyPage() {
  const { orderId, token } = usePageParams()
  const current = useSession()
  const isCustomer = current?.user.role === 'customer'
  const [text, setText] = useState(token ?? '')
  const [result, setResult] = useState<CardVerification | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)
  const [cameraOn, setCameraOn] = useState(false)
  /** A check made offline (issue 19.7): what the phone could tell, and later which orders it was recorded on. */
  const [offline, setOffline] = useState<(ReturnType<typeof offlineCardText> & { checkedAt: string; recordedOn: string[] | null }) | null>(null)

  // While online: keep the platform's public keys for an offline check, and send checks made offline before. Again
  // whenever the network comes back.
  useEffect(() => {
    const sync = async () => {
      await offlineCards.refreshKeys()
      const synced = await offlineCards.sync()
      const orderNos = synced.flatMap((s) => s.orderNos)
      if (synced.length > 0) setOffline((o) => (o ? { ...o, recordedOn: orderNos } : o))
    }
    void sync()
    return onReconnect(() => void sync())
  }, [])

  async function checkOffline(scanned: string) {
    const reading = await offlineCards.checkOffline(scanned, orderId ?? null)
    setOffline({ ...offlineCardText(reading), checkedAt: new Date().toISOString(), recordedOn: null })
  }

  async function verify(scanned: string) {
    if (!scanned.trim()) {
      setError('请扫码，或粘贴工作证二维码的内容')
      return
    }
    setChecking(true)
    setError(null)
    setOffline(null)
    try {
      setResult(await cardsApi.verify(scanned))
    } catch (err) {
      setResult(null)
      // No network at the door: check the signature on the phone instead, and say so.
      if (isApiError(err, 'network_error')) await checkOffline(scanned)
      else setError(errorText(err))
    } finally {
      setChecking(false)
    }
  }

  // Opened from the card's public page: check its token now, and again once the customer has signed in.
  const checkedAs = useRef<string | null>(null)
  useEffect(() => {
    const who = current?.user.id ?? 'anonymous'
    if (!token || checkedAs.current === who) return
    checkedAs.current = who
    void verify(token)
  }, [token, current?.user.id])

  async function scan() {
    try {
      const scanned = await scanQrCode()
      setText(scanned)
      await verify(scanned)
    } catch {
      // The user closed the scanner.
    }
  }

  function scanned(value: string) {
    setCameraOn(false)
    setText(value)
    void verify(value)
  }

  const verdict = result ? readVerification(result, orderId) : null

  return (
    <PageShell className='verify'>
      {offline ? (
        <View className={`verify__result verify__result--${offline.tone}`} data-testid='verify-offline'>
          <Text className='verify__mark'>{MARK[offline.tone]}</Text>
          {offline.badge ? <Text className='verify__badge'>{offline.badge}</Text> : null}
          <Text className='verify__headline'>{offline.headline}</Text>
          <Text className='verify__detail'>{offline.detail}</Text>
          <Text className='verify__time'>
            离线核验时间 {dateTime(offline.checkedAt)}
            {offline.recordedOn === null ? ' · 联网后自动补记到订单' : offline.recordedOn.length > 0 ? ` · 已补记到订单 ${offline.recordedOn.join('、')}` : ' · 已联网，暂无进行中的订单可补记'}
          </Text>
        </View>
      ) : null}
      {verdict && result ? (
        <View className={`verify__result verify__result--${verdict.tone}`} data-testid='verify-verdict'>
          <Text className='verify__mark'>{MARK[verdict.tone]}</Text>
          <Text className='verify__headline'>{verdict.headline}</Text>
          <Text className='verify__detail'>{keepNumber(verdict.detail, result.hotline)}</Text>
          {verdict.checks.length > 0 ? (
            <View className='verify__checks'>
              {verdict.checks.map((c) => (
                <Text key={c.text} className={`verify__check verify__check--${c.state}`}>
                  {CHECK_MARK[c.state]} {c.text}
                </Text>
              ))}
            </View>
          ) : null}
          <Text className='verify__time'>核验时间 {dateTime(result.checkedAt)}{verdict.order ? ` · 已记录到订单 ${verdict.order.orderNo}` : ''}</Text>
        </View>
      ) : null}

      {result && !isCustomer && result.engineer ? (
        <View className='card verify__signin'>
          <Text className='card-title'>是不是您订单的工程师？</Text>
          <Text className='muted verify__hint'>登录后再扫一次工程师的工作证，就能核对他是不是您订单当前指派的工程师，核对结果会记录在订单中。</Text>
          <Button type='primary' size='large' block onClick={() => navigateTo(ROUTES.login)}>
            登录后核对
          </Button>
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
          {CAN_SCAN ? '请工程师出示工作证二维码，点“扫码核验”。' : '请工程师出示工作证二维码，点“用摄像头扫码”对准二维码；也可以把二维码的链接粘贴到下方。'}
          {isCustomer ? '' : ' 登录后还能核对是否为您订单的指派工程师。'}
        </Text>
        {CAN_SCAN ? (
          <Button type='primary' size='large' block loading={checking} onClick={scan}>
            扫码核验
          </Button>
        ) : null}
        {SCAN_KIND === 'camera' ? (
          cameraOn ? (
            <CameraScanner onScanned={scanned} onClose={() => setCameraOn(false)} />
          ) : (
            <Button type='primary' size='large' block loading={checking} onClick={() => setCameraOn(true)}>
              用摄像头扫码
            </Button>
          )
        ) : null}
        <TextArea className='verify__text' value={text} onChange={setText} placeholder='或粘贴工作证二维码的链接' maxLength={2048} />
        {error ? <Text className='field-error'>{error}</Text> : null}
        <Button type='primary' fill='outline' size='large' block loading={checking} onClick={() => verify(text)}>
          核验
        </Button>
      </View>
    </PageShell>
  )
}

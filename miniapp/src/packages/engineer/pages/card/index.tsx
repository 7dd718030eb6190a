import { Text, View } from '@tarojs/components'
import { errorText } from '@/components/AsyncContent'
import { EngineerProfile } from '@/components/EngineerProfile'
import { PageShell } from '@/components/PageShell'
import { QrCode } from '@/components/QrCode'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useCardQr } from '@/hooks/useCardQr'
import { engineerApi } from '@/services/engineer'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Loading } from '@/ui/Loading'
import { Tag } from '@/ui/Tag'
import { clock } from '@/utils/format'
import './index.scss'

const CARD_STATUS_TEXT = { active: '有效', revoked: '已吊销', none: '未发证' } as const

function Card() {
  const { card, error, loading, validFor, refreshIn, refresh } = useCardQr(engineerApi.myCard)

  if (!card) {
    return loading ? (
      <Loading type='circular'>正在加载工作证…</Loading>
    ) : (
      <View className='card'>
        <Text className='field-error'>{errorText(error)}</Text>
        <Button type='primary' onClick={() => void refresh()}>
          重试
        </Button>
      </View>
    )
  }

  const suspended = card.engineerStatus === 'suspended'
  return (
    <View className={`work-card ${card.qr && !suspended ? '' : 'work-card--void'}`}>
      <View className='work-card__band'>
        <Text className='work-card__brand'>放心服务 · 电子工作证</Text>
        <Tag type={card.status === 'active' && !suspended ? 'success' : 'danger'}>
          {suspended ? '停职' : CARD_STATUS_TEXT[card.status]}
        </Tag>
      </View>
      <EngineerProfile profile={card.profile} serial={card.card?.serial} />
      {card.qr ? (
        <View className='work-card__qr-box'>
          {validFor > 0 ? (
            <QrCode className='work-card__qr' text={card.qr.verifyUrl} label='工作证二维码' />
          ) : (
            <View className='work-card__qr work-card__qr--expired'>
              <Text>二维码已过期</Text>
            </View>
          )}
          <Text className='work-card__countdown'>{validFor > 0 ? `有效期剩余 ${clock(validFor)}` : '正在刷新…'}</Text>
          <Text className='muted'>
            {refreshIn > 0 ? `${refreshIn} 秒后自动刷新` : '正在刷新'} · 请客户用微信扫码核验
          </Text>
          {error ? <Text className='field-error'>刷新失败：{errorText(error)}，稍后自动重试</Text> : null}
          <Text className='muted work-card__token' selectable>
            {card.qr.token}
          </Text>
        </View>
      ) : (
        <View className='work-card__notice'>
          <Text className='work-card__notice-text'>{card.notice ?? '当前无法出示工作证二维码'}</Text>
          {card.card?.revokeReason ? <Text className='muted'>吊销原因：{card.card.revokeReason}</Text> : null}
        </View>
      )}
      <Button className='work-card__refresh' fill='outline' type='primary' block loading={loading} onClick={() => void refresh()}>
        立即刷新
      </Button>
    </View>
  )
}

/** S3: the engineer's e-work card, with a QR code that refreshes itself before its 60-second token expires. */
export default function CardPage() {
  const current = useSession()
  if (current?.user.role !== 'engineer') {
    return (
      <PageShell>
        <SignInPrompt engineer message='请先登录工程师账号' />
      </PageShell>
    )
  }
  return (
    <PageShell className='card-page'>
      <Card />
    </PageShell>
  )
}

import { Text, View } from '@tarojs/components'
import type { OrderPaymentsView } from '@fangxin/shared'
import { Tag } from '@/ui/Tag'
import { Words } from '@/ui/Words'
import { dateTime, yuan } from '@/utils/format'
import './MoneyBack.scss'

type Refund = OrderPaymentsView['refunds'][number]

const TONE: Record<Refund['state'], 'success' | 'warning' | 'danger' | 'primary'> = {
  queued: 'warning',
  processing: 'warning',
  success: 'success',
  failed: 'danger',
  owed_cash: 'primary',
}

/**
 * Money going back to the customer (issue 20.4), on the order page and the receipt: each refund as 退款 ¥x · 原因 ·
 * 状态 · 时间, then the server's sentence for it (退回微信, or paid by the outlet in cash). Nothing is worked out here.
 */
export function RefundList({ refunds }: { refunds: readonly Refund[] }) {
  if (!refunds.length) return null
  return (
    <View className='money-back' data-testid='refunds'>
      {refunds.map((r) => (
        <View key={r.id} className='money-back__item'>
          <View className='money-back__row'>
            <Text className='money-back__amount'>{r.state === 'owed_cash' ? '赔付' : '退款'} {yuan(r.amountFen)}</Text>
            <Tag type={TONE[r.state]}>{r.stateLabel}</Tag>
          </View>
          <Words className='muted money-back__line' text={`${r.reasonLabel} · ${dateTime(r.doneAt ?? r.createdAt)}`} />
          <Text className='money-back__text'>{r.text}</Text>
        </View>
      ))}
    </View>
  )
}

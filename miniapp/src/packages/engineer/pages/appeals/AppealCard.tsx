import { Text, View } from '@tarojs/components'
import type { AppealState, AppealSummary } from '@fangxin/shared'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { Tag } from '@/ui/Tag'
import { Words } from '@/ui/Words'
import { dateTime } from '@/utils/format'

export const STATE_TAG: Record<AppealState, 'warning' | 'success' | 'danger' | 'default'> = {
  submitted: 'warning',
  upheld: 'success',
  rejected: 'danger',
  withdrawn: 'default',
}

/** One appeal in the engineer's list: what was appealed, where it stands, and the decision's words. */
export function AppealCard({ a }: { a: AppealSummary }) {
  return (
    <View className='card appeals__item' onClick={() => navigateTo(ROUTES.engineerAppeal, { id: a.id })}>
      <View className='appeals__head'>
        <Text className='appeals__title'>{a.itemText}</Text>
        <Tag type={STATE_TAG[a.state]}>{a.stateLabel}</Tag>
      </View>
      <Words className='muted' text={`订单 ${a.orderNo} · 提交于 ${dateTime(a.filedAt)}`} />
      {a.decision ? <Text className='appeals__decision'>{a.decision.decision === 'upheld' ? '说明：' : '原因：'}{a.decision.reason}</Text> : null}
    </View>
  )
}

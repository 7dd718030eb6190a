import { Text, View } from '@tarojs/components'
import type { OrderSummary } from '@fangxin/shared'
import { StatusTag } from '@/components/OrderProgress'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { districtText, serviceText, slotText } from '@/utils/format'
import type { ReactNode } from 'react'
import { Words } from '@/ui/Words'
import { UrgentTag } from '@/components/UrgentTag'

/** One task or offer: category, district and slot; the customer's identity only once the order is the engineer's. */
export function TaskCard({ order, action }: { order: OrderSummary; action?: ReactNode }) {
  return (
    <View className='card task-card' onClick={() => navigateTo(ROUTES.engineerOrder, { id: order.id })}>
      <View className='task-card__head'>
        <Words className='task-card__service' text={serviceText(order.category, order.serviceType)} />
        <StatusTag status={order.status} label={order.statusLabel} />
      </View>
      <UrgentTag urgent={order.urgent} />
      <Words className='muted' text={`上门时间：${slotText(order.slot)}`} />
      <Text className='muted'>区域：{districtText(order.contact.districtCode)}</Text>
      {order.contact.full ? (
        <Text className='muted'>
          客户：{order.contact.name} {order.contact.phone} · {order.contact.detail}
        </Text>
      ) : null}
      <Text className='muted'>订单号：{order.orderNo}</Text>
      {action ? (
        <View className='task-card__action' onClick={(e) => e.stopPropagation()}>
          {action}
        </View>
      ) : null}
    </View>
  )
}

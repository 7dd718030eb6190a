import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { useAsync } from '@/hooks/useAsync'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { ordersApi } from '@/services/orders'
import { Words } from '@/ui/Words'
import './OrderOrigin.scss'

/**
 * Issue 20.3: where an order comes from — a free second visit names its original order (tap to open it); a normal
 * booking made while an earlier repair was under warranty says which one.
 */
export function OrderOrigin({ order }: { order: Pick<OrderView, 'parentOrderId' | 'repeatOf'> }) {
  const parentId = order.parentOrderId
  const parent = useAsync(async () => (parentId ? ordersApi.get(parentId) : null), [parentId])
  if (parentId) {
    return (
      <View className='order-origin' data-testid='order-origin' onClick={() => navigateTo(ROUTES.order, { id: parentId })}>
        <Words className='order-origin__text' text={parent.data ? `同一问题的免费二次上门，原订单 ${parent.data.orderNo}` : '同一问题的免费二次上门'} />
        <Text className='order-origin__link'>查看原订单 ›</Text>
      </View>
    )
  }
  if (order.repeatOf) {
    return (
      <View className='order-origin' data-testid='order-origin'>
        <Words className='order-origin__text' text={`上次维修（订单 ${order.repeatOf.orderNo}）还在保修期内时预约的普通订单`} />
      </View>
    )
  }
  return null
}

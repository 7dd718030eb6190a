import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { isTerminal, type OrderStatus, type OrderSummary } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { StatusTag } from '@/components/OrderProgress'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { ordersApi } from '@/services/orders'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { TabPane, Tabs } from '@/ui/Tabs'
import { districtText, serviceText, slotText } from '@/utils/format'
import './index.scss'
import { Words } from '@/ui/Words'
import { UrgentTag } from '@/components/UrgentTag'

/** The tabs: a server-side status filter, or (进行中) every order not yet closed or cancelled. */
export const ORDER_TABS: Array<{ key: string; title: string; status?: OrderStatus; open?: boolean }> = [
  { key: 'all', title: '全部' },
  { key: 'open', title: '进行中', open: true },
  { key: 'quoted', title: '待确认报价', status: 'quoted' },
  { key: 'completed', title: '待验收', status: 'completed' },
  { key: 'closed', title: '已完成', status: 'closed' },
  { key: 'cancelled', title: '已取消', status: 'cancelled' },
]

export function OrderCard({ order }: { order: OrderSummary }) {
  return (
    <View className='card order-card' onClick={() => navigateTo(ROUTES.order, { id: order.id })}>
      <View className='order-card__head'>
        <Words className='order-card__service' text={serviceText(order.category, order.serviceType)} />
        <StatusTag status={order.status} label={order.statusLabel} />
      </View>
      <UrgentTag urgent={order.urgent} />
      <Words className='muted' text={`预约时间：${slotText(order.slot)}`} />
      <Text className='muted'>
        服务地址：{districtText(order.contact.districtCode)} {order.contact.detail}
      </Text>
      <Text className='muted'>订单号：{order.orderNo}</Text>
    </View>
  )
}

export default function OrdersPage() {
  const current = useSession()
  const [tab, setTab] = useState('all')
  const spec = ORDER_TABS.find((t) => t.key === tab) ?? ORDER_TABS[0]!
  const signedIn = current?.user.role === 'customer'
  const state = useAsync(async () => {
    if (!signedIn) return []
    const page = await ordersApi.mine({ status: spec.status, pageSize: 100 })
    return spec.open ? page.items.filter((o) => !isTerminal(o.status)) : page.items
  }, [tab, signedIn])

  // Coming back from an order (confirmed a quote, accepted the work) shows the new status.
  useDidShow(() => {
    if (signedIn) void state.reload()
  })

  if (!signedIn) {
    return (
      <PageShell>
        <SignInPrompt message='登录后查看您的订单' />
      </PageShell>
    )
  }

  return (
    <PageShell className='orders'>
      <Tabs value={tab} onChange={(v) => setTab(String(v))} activeType='line'>
        {ORDER_TABS.map((t) => (
          <TabPane key={t.key} value={t.key} title={t.title} />
        ))}
      </Tabs>
      <View className='orders__list'>
        <AsyncContent
          state={state}
          empty={
            <View className='orders__empty'>
              <Empty size='small' title='暂无订单' description='预约后可在这里查看进度' />
              <Button type='primary' onClick={() => navigateTo(ROUTES.booking)}>
                去预约
              </Button>
            </View>
          }
        >
          {(orders) => orders.map((o) => <OrderCard key={o.id} order={o} />)}
        </AsyncContent>
      </View>
    </PageShell>
  )
}

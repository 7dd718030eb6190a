import { Text, View } from '@tarojs/components'
import { COMPLAINABLE_ORDER_STATUSES, type OrderView } from '@fangxin/shared'
import { useAsync } from '@/hooks/useAsync'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { qualityApi } from '@/services/quality'
import { Button } from '@/ui/Button'
import { Cell, CellGroup } from '@/ui/Cell'
import { dateTime } from '@/utils/format'

/** Whether this order may be complained about now (from acceptance on; a cancelled one only if it was accepted). */
export function canComplain(order: OrderView): boolean {
  return COMPLAINABLE_ORDER_STATUSES.includes(order.status) || (order.status === 'cancelled' && Boolean(order.times.acceptedAt))
}

/**
 * The quality loop on an order: rate a closed order (S7), ask for a free second visit (S8), and complain and follow
 * complaints (S9). The server decides each in the end (window, warranty); this shows the ways in.
 */
export function AfterService({ order }: { order: OrderView }) {
  const complaints = useAsync(async () => (canComplain(order) ? (await qualityApi.orderComplaints(order.id)).items : []), [order.id, order.status])
  const closed = order.status === 'closed'
  // The server offers the rating (the `rate_service` action) only until the survey is in; after that, the answer.
  const canRate = order.actions.includes('rate_service')
  if (!closed && !canComplain(order)) return null
  return (
    <View className='card after-service'>
      <Text className='card-title'>服务保障</Text>
      {canRate ? (
        <Button type='primary' block onClick={() => navigateTo(ROUTES.survey, { orderId: order.id })}>
          评价本次服务
        </Button>
      ) : closed ? (
        <Button block onClick={() => navigateTo(ROUTES.survey, { orderId: order.id })}>
          查看我的评价
        </Button>
      ) : null}
      {order.reworkOrderId ? (
        <Button block onClick={() => navigateTo(ROUTES.order, { id: order.reworkOrderId! })}>
          查看二次上门订单
        </Button>
      ) : order.actions.includes('request_rework') ? (
        <Button block onClick={() => navigateTo(ROUTES.rework, { orderId: order.id })}>
          申请免费二次上门
        </Button>
      ) : null}
      {canComplain(order) ? (
        <Button type='danger' fill='outline' block onClick={() => navigateTo(ROUTES.complaint, { orderId: order.id })}>
          投诉
        </Button>
      ) : null}
      {complaints.data && complaints.data.length > 0 ? (
        <CellGroup title='本单投诉'>
          {complaints.data.map((c) => (
            <Cell key={c.id} title={`${c.categoryLabel} · ${c.statusLabel}`} description={`提交于 ${dateTime(c.filedAt)}`} extra='›' onClick={() => navigateTo(ROUTES.complaint, { id: c.id })} />
          ))}
        </CellGroup>
      ) : null}
    </View>
  )
}

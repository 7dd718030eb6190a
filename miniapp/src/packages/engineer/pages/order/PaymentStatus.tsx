import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { RefundList } from '@/components/MoneyBack'
import { useAsync } from '@/hooks/useAsync'
import { paymentsApi } from '@/services/payments'
import { Words } from '@/ui/Words'
import { dateTime, paymentMethodText, yuan } from '@/utils/format'

/**
 * The engineer's payment step (issue 20.4): when the customer paid online, 已在线支付 ¥x with WeChat Pay's number and
 * nothing to record; when the engineer recorded cash or a transfer, what he recorded; before either, a line saying
 * the customer may also pay online (the recording form stays below it).
 */
export function PaymentStatus({ order, recording }: { order: OrderView; recording: boolean }) {
  const online = useAsync(() => paymentsApi.ofOrder(order.id), [order.id, order.status, order.payment?.paidAt ?? ''])
  const paidOnline = online.data?.payments.find((p) => p.state === 'paid' && p.purpose === 'service') ?? null
  const refunds = online.data?.refunds ?? []
  if (!order.payment && !recording && !refunds.length) return null
  return (
    <View className='card engineer-order__payment' data-testid='payment-status'>
      <Text className='card-title'>收款</Text>
      {order.payment && paidOnline ? (
        <>
          <View>
            <Text className='engineer-order__paid'>已在线支付 {yuan(order.payment.amountFen)}（微信支付）</Text>
          </View>
          <View>
            <Words className='muted' text={`${paidOnline.transactionId ? `微信支付单号 ${paidOnline.transactionId} · ` : ''}${dateTime(order.payment.paidAt)}`} />
          </View>
          <View>
            <Text className='muted'>客户已在手机上付款，无需登记收款。</Text>
          </View>
        </>
      ) : order.payment ? (
        <Text className='engineer-order__paid'>
          已收 {yuan(order.payment.amountFen)}（{paymentMethodText(order.payment.method)}）{order.payment.receiptNo ? `，凭证号 ${order.payment.receiptNo}` : ''}
        </Text>
      ) : (
        <Text className='muted'>客户可以在手机订单页用微信在线支付，付款后这里会显示，无需登记；当面收现金或转账时，请在下面登记。</Text>
      )}
      <RefundList refunds={refunds} />
    </View>
  )
}

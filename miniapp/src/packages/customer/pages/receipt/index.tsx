import { Text, View } from '@tarojs/components'
import { AsyncContent } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { ServiceReport } from '@/components/ServiceReport'
import { QuoteLine } from '@/components/QuoteItems'
import { useAsync } from '@/hooks/useAsync'
import { useOrderPhotos } from '@/hooks/useOrderPhotos'
import { usePageParams } from '@/platform/navigation'
import { ordersApi } from '@/services/orders'
import { paymentsApi } from '@/services/payments'
import { RefundList } from '@/components/MoneyBack'
import { Cell, CellGroup } from '@/ui/Cell'
import { dateTime, paymentMethodText, yuan } from '@/utils/format'
import './index.scss'
import { Words } from '@/ui/Words'

/**
 * The e-receipt (S5): every item with its catalogue price, what was charged, warranty per item, and the payment;
 * then the service report it paid for (what was wrong, what was done, parts, photos, signature).
 */
export default function ReceiptPage() {
  const { id = '' } = usePageParams()
  const state = useAsync(() => ordersApi.receipt(id), [id])
  const order = useAsync(() => ordersApi.get(id), [id])
  const photos = useOrderPhotos(order.data)
  // Issue 20.4: paid online (WeChat Pay's transaction number) and the refunds since.
  const online = useAsync(() => paymentsApi.ofOrder(id), [id])
  const paidOnline = online.data?.payments.find((p) => p.state === 'paid' && p.purpose === 'service') ?? null
  return (
    <PageShell className='receipt'>
      <AsyncContent state={state}>
        {(r) => (
          <>
            <View className='card receipt__head'>
              <Text className='receipt__title'>放心服务 电子收据</Text>
              <Text className='receipt__amount'>{yuan(r.totalFen)}</Text>
              <Words className='muted' text={`${paidOnline ? '微信支付（在线支付）' : paymentMethodText(r.payment.method)} · ${dateTime(r.payment.paidAt)}`} />
            </View>
            <CellGroup>
              <Cell title='收据号' extra={r.receiptNo} />
              <Cell title='订单号' extra={r.orderNo} />
              {paidOnline?.transactionId ? <Cell title='微信支付单号' description={paidOnline.transactionId} /> : null}
              <Cell title='服务' extra={r.service} />
              <Cell title='服务网点' description={`${r.outlet.name} · ${r.outlet.phone}`} />
              {r.engineer ? <Cell title='工程师' extra={`${r.engineer.name}（${r.engineer.employeeNo}）`} /> : null}
              <Cell title='报价单' extra={`#${r.quoteNo} · 价目表第 ${r.catalogVersion} 版`} />
            </CellGroup>
            <View className='card'>
              <Text className='card-title'>收费明细</Text>
              {r.items.map((item, i) => (
                <View key={`${item.code ?? item.name}-${i}`} className='receipt__item'>
                  <QuoteLine item={item} />
                  {item.warrantyUntil ? <Text className='muted receipt__warranty'>保修至 {item.warrantyUntil}</Text> : null}
                </View>
              ))}
              <View className='receipt__total'>
                <Text>实付合计</Text>
                <Text className='receipt__total-amount'>{yuan(r.payment.amountFen)}</Text>
              </View>
            </View>
            {online.data?.refunds.length ? (
              <View className='card'>
                <Text className='card-title'>退款</Text>
                <RefundList refunds={online.data.refunds} />
              </View>
            ) : null}
            {order.data ? <ServiceReport order={order.data} photos={photos} /> : null}
          </>
        )}
      </AsyncContent>
    </PageShell>
  )
}
